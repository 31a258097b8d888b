package io.hookbridge.alerts;

import static io.hookbridge.db.Statements.prepare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.journal.DeliveryStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The optional daily summary (hookbridge.operator.daily-summary-at, a time of day in
 * hookbridge.time-zone): when it is due, and its figures for the day before it: events received
 * per type, deliveries per flow (delivered in that day; dead and waiting now), dead deliveries in
 * all, and the oldest event with a waiting delivery.
 */
final class DailySummary {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DataSource dataSource;
    private final LocalTime at;
    private final ZoneId zone;

    DailySummary(DataSource dataSource, LocalTime at, ZoneId zone) {
        this.dataSource = dataSource;
        this.at = at;
        this.zone = zone;
    }

    /** The latest time the summary was due at, up to {@code now}: today's, or yesterday's before today's has come. */
    Instant latestDue(Instant now) {
        return latestDue(now, at, zone);
    }

    static Instant latestDue(Instant now, LocalTime at, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = local.toLocalDate().atTime(at).atZone(zone);
        return (today.isAfter(local) ? today.minusDays(1) : today).toInstant();
    }

    /** The summary of the day that ends at {@code to}. */
    ObjectNode figures(Instant to) throws SQLException {
        Instant from = to.atZone(zone).minusDays(1).toInstant();
        ObjectNode summary = JSON.objectNode().put("from", from.toString()).put("to", to.toString());
        try (Connection connection = dataSource.getConnection()) {
            ObjectNode events = summary.putObject("events");
            try (PreparedStatement select = prepare(connection, "SELECT type, COUNT(*) FROM hookbridge_event"
                    + " WHERE received_at_ms >= ? AND received_at_ms < ? GROUP BY type",
                    List.of(from.toEpochMilli(), to.toEpochMilli())); ResultSet rows = select.executeQuery()) {
                Map<String, Long> byType = new TreeMap<>();
                while (rows.next()) {
                    byType.put(rows.getString(1), rows.getLong(2));
                }
                byType.forEach(events::put);
            }
            Map<String, long[]> byFlow = new TreeMap<>();
            try (PreparedStatement select = prepare(connection, "SELECT flow, COUNT(*) FROM hookbridge_delivery"
                    + " WHERE status = ? AND updated_at_ms >= ? AND updated_at_ms < ? GROUP BY flow",
                    List.of(DeliveryStatus.DELIVERED, from.toEpochMilli(), to.toEpochMilli()));
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byFlow.computeIfAbsent(rows.getString(1), f -> new long[3])[0] = rows.getLong(2);
                }
            }
            long dead = 0;
            try (PreparedStatement select = prepare(connection, "SELECT flow, status, COUNT(*) FROM hookbridge_delivery"
                    + " WHERE status IN (?, ?) GROUP BY flow, status", List.of(DeliveryStatus.DEAD,
                            DeliveryStatus.PENDING)); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    boolean isDead = DeliveryStatus.DEAD.equals(rows.getString(2));
                    byFlow.computeIfAbsent(rows.getString(1), f -> new long[3])[isDead ? 1 : 2] = rows.getLong(3);
                    dead += isDead ? rows.getLong(3) : 0;
                }
            }
            ObjectNode flows = summary.putObject("flows");
            byFlow.forEach((flow, counts) -> flows.putObject(flow).put("delivered", counts[0]).put("dead", counts[1])
                    .put("waiting", counts[2]));
            summary.put("dead", dead);
            try (PreparedStatement select = prepare(connection, "SELECT MIN(e.received_at_ms) FROM hookbridge_delivery d"
                    + " JOIN hookbridge_event e ON e.id = d.event_id WHERE d.status = ?", List.of(DeliveryStatus.PENDING));
                    ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    long oldest = row.getLong(1);
                    if (!row.wasNull()) {
                        summary.put("oldest_waiting_received_at", Instant.ofEpochMilli(oldest).toString());
                    }
                }
            }
        }
        return summary;
    }
}
