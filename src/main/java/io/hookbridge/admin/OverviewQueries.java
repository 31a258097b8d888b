package io.hookbridge.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.db.Statements;
import io.hookbridge.flow.EventTypes;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /** The channels of the operator's alerts and the column of hookbridge_alert each marks its rows sent in. */
    private static final Map<String, String> ALERT_CHANNELS = Map.of("email", "mailed_at_ms", "webhook", "posted_at_ms");

    private final DataSource dataSource;
    private final Clock clock;
    private final List<String> alertChannels;

    /** @param alertChannels the channels of the operator's alerts that are on (email, webhook); empty: off */
    OverviewQueries(DataSource dataSource, Clock clock, List<String> alertChannels) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.alertChannels = List.copyOf(alertChannels);
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
            body.set("alerts", alerts(connection));
        }
        return body;
    }

    /**
     * The operator's alerts: whether they are on and on which channels; how many wait for a
     * digest (on a channel that is on); when a digest last went out; and, while a digest fails,
     * its channel, error and next try. Per kind and channel, the same in {@code digests}.
     */
    private ObjectNode alerts(Connection connection) throws SQLException {
        ObjectNode alerts = JSON.objectNode().put("on", !alertChannels.isEmpty());
        alertChannels.forEach(alerts.putArray("channels")::add);
        Map<String, Long> waiting = new TreeMap<>();
        long waitingInAll = 0;
        if (!alertChannels.isEmpty()) {
            String anyChannel = String.join(" OR ", alertChannels.stream()
                    .map(channel -> ALERT_CHANNELS.get(channel) + " IS NULL").toList());
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM hookbridge_alert"
                    + " WHERE " + anyChannel); ResultSet rows = statement.executeQuery()) {
                waitingInAll = rows.next() ? rows.getLong(1) : 0;
            }
            for (String channel : alertChannels) {
                String column = ALERT_CHANNELS.get(channel);
                try (PreparedStatement statement = connection.prepareStatement("SELECT kind, COUNT(*) FROM hookbridge_alert"
                        + " WHERE " + column + " IS NULL GROUP BY kind"); ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        waiting.put(rows.getString(1) + "/" + channel, rows.getLong(2));
                    }
                }
            }
        }
        alerts.put("waiting", waitingInAll);
        Long lastSent = null;
        ObjectNode failing = null;
        ArrayNode digests = JSON.arrayNode();
        try (PreparedStatement statement = connection.prepareStatement("SELECT kind, channel, sent_at_ms, attempts,"
                + " next_attempt_at_ms, last_error, last_error_at_ms FROM hookbridge_alert_digest ORDER BY kind, channel");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String kind = rows.getString(1);
                String channel = rows.getString(2);
                long sent = rows.getLong(3);
                boolean neverSent = rows.wasNull();
                long waitingHere = waiting.getOrDefault(kind + "/" + channel, 0L);
                boolean failingHere = rows.getInt(4) > 0 && waitingHere > 0 && alertChannels.contains(channel);
                ObjectNode digest = digests.addObject().put("kind", kind).put("channel", channel)
                        .put("waiting", waitingHere).put("attempts", rows.getInt(4)).put("failing", failingHere);
                time(digest, "last_sent_at", neverSent ? null : sent);
                time(digest, "next_attempt_at", failingHere ? rows.getLong(5) : null);
                digest.put("last_error", rows.getString(6));
                long errorAt = rows.getLong(7);
                time(digest, "last_error_at", rows.wasNull() ? null : errorAt);
                if (!neverSent && (lastSent == null || sent > lastSent)) {
                    lastSent = sent;
                }
                if (failingHere && (failing == null || errorAt > failing.path("at_ms").asLong())) {
                    failing = JSON.objectNode().put("at_ms", errorAt).put("channel", channel)
                            .put("error", rows.getString(6)).put("next", rows.getLong(5));
                }
            }
        }
        time(alerts, "last_sent_at", lastSent);
        alerts.put("failing", failing != null);
        alerts.put("last_error", failing == null ? null : failing.path("error").asText());
        alerts.put("last_error_channel", failing == null ? null : failing.path("channel").asText());
        time(alerts, "last_error_at", failing == null ? null : failing.path("at_ms").asLong());
        time(alerts, "next_attempt_at", failing == null ? null : failing.path("next").asLong());
        alerts.set("digests", digests);
        return alerts;
    }

    private static void time(ObjectNode node, String field, Long millis) {
        if (millis == null) {
            node.putNull(field);
        } else {
            node.put(field, Instant.ofEpochMilli(millis).toString());
        }
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
        Map<String, Integer> colours = colours(counts.keySet());
        ArrayNode types = JSON.arrayNode();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -total(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    ObjectNode type = types.addObject().put("type", e.getKey()).put("total", total(e.getValue()))
                            .put("colour", colours.get(e.getKey()));
                    ArrayNode perHour = type.putArray("counts");
                    for (long count : e.getValue()) {
                        perHour.add(count);
                    }
                });
        return types;
    }

    /**
     * The chart's colour of each type, one per type: a documented type always has the same one (its
     * place in EventTypes.KNOWN), any other type one of the colours after those, in name order.
     */
    private static Map<String, Integer> colours(Set<String> types) {
        Map<String, Integer> colours = new TreeMap<>();
        int next = EventTypes.KNOWN.size();
        for (String type : new TreeSet<>(types)) {
            int known = EventTypes.KNOWN.indexOf(type);
            colours.put(type, known >= 0 ? known : next++);
        }
        return colours;
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
