package io.hookbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.db.Statements;
import io.hookbridge.journal.DeliveryStatus;
import io.hookbridge.journal.EventStatus;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.journal.PayloadReader;
import io.hookbridge.mapping.ContactEmail;
import io.hookbridge.mapping.EventSummary;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads events, deliveries and attempts from the journal for the admin API, as JSON. */
final class JournalQueries {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** A delivery_status of the event list: a pending delivery that failed at least once since its last replay. */
    static final String RETRYING = "retrying";
    /** Events whose bodies are read at once while listing (bodies can be up to the ingress limit each). */
    private static final int BODIES_PER_QUERY = 50;

    private final DataSource dataSource;
    private final PayloadReader payloads;

    JournalQueries(DataSource dataSource, PayloadReader payloads) {
        this.dataSource = dataSource;
        this.payloads = payloads;
    }

    /**
     * Newest first, with a count of deliveries by status for each event, its delivery status in
     * one word ({@code delivery_status}: unrouted, dead, retrying, pending or delivered), and the
     * contact email and one-line summary its payload gives.
     */
    ArrayNode events(EventFilter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT e.id, e.type, e.source, e.status, e.received_at_ms"
                + " FROM hookbridge_event e WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (filter.type() != null) {
            sql.append(" AND e.type = ?");
            parameters.add(filter.type());
        }
        if ("routed".equals(filter.status()) || "unrouted".equals(filter.status())) {
            sql.append(" AND e.status = ?");
            parameters.add(filter.status());
        } else if (filter.status() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM hookbridge_delivery d WHERE d.event_id = e.id AND d.status = ?)");
            parameters.add(filter.status());
        }
        if (filter.from() != null) {
            sql.append(" AND e.received_at_ms >= ?");
            parameters.add(filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            sql.append(" AND e.received_at_ms < ?");
            parameters.add(filter.to().toEpochMilli());
        }
        sql.append(" ORDER BY e.received_at_ms DESC, e.id DESC LIMIT ").append(filter.limit());

        Map<String, ObjectNode> events = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = Statements.prepare(connection, sql.toString(), parameters);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode event = eventColumns(rows);
                    event.putObject("deliveries");
                    events.put(rows.getString(1), event);
                }
            }
            if (!events.isEmpty()) {
                countDeliveries(connection, events);
                describe(connection, events);
            }
        }
        ArrayNode list = JSON.arrayNode();
        events.values().forEach(list::add);
        return list;
    }

    private static void countDeliveries(Connection connection, Map<String, ObjectNode> events) throws SQLException {
        List<Object> ids = new ArrayList<>(events.keySet());
        Map<String, Long> retrying = new HashMap<>();
        String sql = "SELECT event_id, status, COUNT(*), SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END)"
                + " FROM hookbridge_delivery WHERE event_id IN (" + Statements.placeholders(ids.size())
                + ") GROUP BY event_id, status";
        try (PreparedStatement statement = Statements.prepare(connection, sql, ids); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ((ObjectNode) events.get(rows.getString(1)).get("deliveries")).put(rows.getString(2), rows.getLong(3));
                if (DeliveryStatus.PENDING.equals(rows.getString(2))) {
                    retrying.put(rows.getString(1), rows.getLong(4));
                }
            }
        }
        events.forEach((id, event) -> event.put("delivery_status",
                deliveryStatus(event.get("status").asText(), event.get("deliveries"), retrying.getOrDefault(id, 0L))));
    }

    /**
     * The most pressing state of an event's deliveries: dead, then retrying, then pending; delivered
     * when all are done and one was sent, skipped when every flow's condition was false.
     */
    private static String deliveryStatus(String eventStatus, JsonNode deliveries, long retrying) {
        if (EventStatus.UNROUTED.equals(eventStatus)) {
            return EventStatus.UNROUTED;
        }
        if (deliveries.path(DeliveryStatus.DEAD).asLong() > 0) {
            return DeliveryStatus.DEAD;
        }
        if (retrying > 0) {
            return RETRYING;
        }
        if (deliveries.path(DeliveryStatus.PENDING).asLong() > 0) {
            return DeliveryStatus.PENDING;
        }
        return deliveries.path(DeliveryStatus.DELIVERED).asLong() == 0 && deliveries.path(DeliveryStatus.SKIPPED).asLong() > 0
                ? DeliveryStatus.SKIPPED : DeliveryStatus.DELIVERED;
    }

    /** Adds each event's contact email and summary, read from its body (a few bodies at a time). */
    private void describe(Connection connection, Map<String, ObjectNode> events) throws SQLException {
        List<String> ids = new ArrayList<>(events.keySet());
        for (int from = 0; from < ids.size(); from += BODIES_PER_QUERY) {
            List<String> some = ids.subList(from, Math.min(ids.size(), from + BODIES_PER_QUERY));
            try (PreparedStatement statement = Statements.prepare(connection, "SELECT id, source, type, received_at_ms, body"
                    + " FROM hookbridge_event WHERE id IN (" + Statements.placeholders(some.size()) + ")", some);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    describe(events.get(rows.getString(1)), rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getLong(4), rows.getBytes(5));
                }
            }
        }
    }

    /** Puts {@code email} and {@code summary} of one event's payload (as the flows read it) into its JSON. */
    private void describe(ObjectNode target, String id, String source, String type, long receivedAtMs, byte[] body) {
        Instant receivedAt = Instant.ofEpochMilli(receivedAtMs);
        JournalEvent event = new JournalEvent(id, source, type, receivedAt, body,
                raw -> payloads.read(source, type, receivedAt, raw), payloads.isRawShape(source));
        try {
            target.put("email", ContactEmail.of(event.payload())).put("summary", EventSummary.of(event));
        } catch (RuntimeException e) {
            // a body this version cannot read is still shown, without email and summary
            target.putNull("email").putNull("summary");
        }
    }

    /** One event with its raw body, its deliveries and every attempt of each; null when unknown. */
    ObjectNode event(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            ObjectNode event;
            try (PreparedStatement statement = Statements.prepare(connection, "SELECT id, type, source, status, received_at_ms,"
                    + " remote_address, headers, body FROM hookbridge_event WHERE id = ?", List.of(id));
                    ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                event = eventColumns(rows)
                        .put("remote_address", rows.getString(6))
                        .put("headers", rows.getString(7))
                        .put("body", new String(rows.getBytes(8), StandardCharsets.UTF_8));
                describe(event, rows.getString(1), rows.getString(3), rows.getString(2), rows.getLong(5), rows.getBytes(8));
            }
            Map<Long, ObjectNode> deliveries = new LinkedHashMap<>();
            try (PreparedStatement statement = Statements.prepare(connection, "SELECT id, flow, status, attempts,"
                    + " next_attempt_at_ms, last_error, claimed_by FROM hookbridge_delivery WHERE event_id = ? ORDER BY id",
                    List.of(id)); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode delivery = JSON.objectNode()
                            .put("id", rows.getLong(1))
                            .put("flow", rows.getString(2))
                            .put("status", rows.getString(3))
                            .put("attempts", rows.getInt(4))
                            .put("next_attempt_at", time(rows.getLong(5)))
                            .put("last_error", rows.getString(6))
                            .put("claimed_by", rows.getString(7));
                    delivery.putArray("history");
                    deliveries.put(rows.getLong(1), delivery);
                }
            }
            try (PreparedStatement statement = Statements.prepare(connection, "SELECT a.delivery_id, a.attempt, a.started_at_ms,"
                    + " a.finished_at_ms, a.outcome, a.error, a.instance FROM hookbridge_attempt a"
                    + " JOIN hookbridge_delivery d ON d.id = a.delivery_id WHERE d.event_id = ? ORDER BY a.id",
                    List.of(id)); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ((ArrayNode) deliveries.get(rows.getLong(1)).get("history")).addObject()
                            .put("attempt", rows.getInt(2))
                            .put("started_at", time(rows.getLong(3)))
                            .put("finished_at", time(rows.getLong(4)))
                            .put("outcome", rows.getString(5))
                            .put("error", rows.getString(6))
                            .put("instance", rows.getString(7));
                }
            }
            ArrayNode list = event.putArray("deliveries");
            deliveries.values().forEach(list::add);
            return event;
        }
    }

    /** An event's id, type, source, status and receive time: the first five columns of the row. */
    private static ObjectNode eventColumns(ResultSet rows) throws SQLException {
        return JSON.objectNode()
                .put("id", rows.getString(1))
                .put("type", rows.getString(2))
                .put("source", rows.getString(3))
                .put("status", rows.getString(4))
                .put("received_at", time(rows.getLong(5)));
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
