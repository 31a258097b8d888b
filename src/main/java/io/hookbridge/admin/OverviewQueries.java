package io.hookbridge.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.db.Statements;
import io.hookbridge.journal.DeliveryStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The journal at a glance, for the admin console: events per type in each hour (UTC) of the
 * last day, and each flow's deliveries by state: delivered, pending (not tried yet), retrying
 * (pending after a failed attempt) and dead. Each is one GROUP BY query in plain SQL that H2,
 * PostgreSQL and MariaDB read alike; the first reads the last day through the receive-time index.
 */
final class OverviewQueries {

    static final int HOURS = 24;
    private static final long HOUR_MILLIS = 3_600_000L;
    /** The start of the UTC hour of received_at_ms, in epoch milliseconds. */
    private static final String HOUR_OF_RECEIPT = "received_at_ms - MOD(received_at_ms, " + HOUR_MILLIS + ")";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DataSource dataSource;
    private final Clock clock;

    OverviewQueries(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * {@code hours}: the start of each of the last 24 hours, oldest first (the last one is the
     * current hour); {@code types}: per type, the events received in each of those hours;
     * {@code flows}: per flow (the declared ones, and any other the journal has deliveries of),
     * whether it is on and its deliveries by state.
     */
    ObjectNode overview(List<String> flowsOn, List<String> flowsOff) throws SQLException {
        long now = clock.millis();
        long firstHour = now - Math.floorMod(now, HOUR_MILLIS) - (HOURS - 1) * HOUR_MILLIS;
        ObjectNode body = JSON.objectNode().put("generated_at", Instant.ofEpochMilli(now).toString());
        ArrayNode hours = body.putArray("hours");
        for (int hour = 0; hour < HOURS; hour++) {
            hours.add(Instant.ofEpochMilli(firstHour + hour * HOUR_MILLIS).toString());
        }
        try (Connection connection = dataSource.getConnection()) {
            body.set("types", eventsPerHour(connection, firstHour));
            body.set("flows", flows(connection, flowsOn, flowsOff));
        }
        return body;
    }

    private static ArrayNode eventsPerHour(Connection connection, long firstHour) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        String sql = "SELECT type, " + HOUR_OF_RECEIPT + ", COUNT(*) FROM hookbridge_event"
                + " WHERE received_at_ms >= ? AND received_at_ms < ? GROUP BY type, " + HOUR_OF_RECEIPT;
        try (PreparedStatement statement = Statements.prepare(connection, sql,
                List.of(firstHour, firstHour + HOURS * HOUR_MILLIS)); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int hour = (int) ((rows.getLong(2) - firstHour) / HOUR_MILLIS);
                counts.computeIfAbsent(rows.getString(1), type -> new long[HOURS])[hour] += rows.getLong(3);
            }
        }
        ArrayNode types = JSON.arrayNode();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -total(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    ObjectNode type = types.addObject().put("type", e.getKey()).put("total", total(e.getValue()));
                    ArrayNode perHour = type.putArray("counts");
                    for (long count : e.getValue()) {
                        perHour.add(count);
                    }
                });
        return types;
    }

    private static ArrayNode flows(Connection connection, List<String> flowsOn, List<String> flowsOff)
            throws SQLException {
        Map<String, long[]> byStatus = new TreeMap<>();
        flowsOn.forEach(flow -> byStatus.put(flow, new long[5]));
        flowsOff.forEach(flow -> byStatus.put(flow, new long[5]));
        // pending splits into not tried yet and retrying (failed at least once since its last replay)
        try (PreparedStatement statement = connection.prepareStatement("SELECT flow, status, COUNT(*),"
                + " SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) FROM hookbridge_delivery GROUP BY flow, status");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                long[] counts = byStatus.computeIfAbsent(rows.getString(1), flow -> new long[5]);
                switch (rows.getString(2)) {
                    case DeliveryStatus.DELIVERED -> counts[0] += rows.getLong(3);
                    case DeliveryStatus.PENDING -> {
                        counts[1] += rows.getLong(3) - rows.getLong(4);
                        counts[2] += rows.getLong(4);
                    }
                    case DeliveryStatus.DEAD -> counts[3] += rows.getLong(3);
                    case DeliveryStatus.SKIPPED -> counts[4] += rows.getLong(3);
                    default -> { }
                }
            }
        }
        ArrayNode flows = JSON.arrayNode();
        byStatus.forEach((flow, counts) -> flows.addObject()
                .put("flow", flow)
                .put("on", flowsOn.contains(flow))
                .put("delivered", counts[0])
                .put("pending", counts[1])
                .put("retrying", counts[2])
                .put("dead", counts[3])
                .put("skipped", counts[4]));
        return flows;
    }

    private static long total(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }
}
