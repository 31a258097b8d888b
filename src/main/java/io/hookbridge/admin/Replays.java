package io.hookbridge.admin;

import io.hookbridge.db.SqlFailures;
import io.hookbridge.db.Statements;
import io.hookbridge.flow.Routing;
import io.hookbridge.journal.DeliveryRows;
import io.hookbridge.journal.DeliveryStatus;
import io.hookbridge.journal.EventStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Puts deliveries back to pending, due now, with a fresh retry schedule; their attempt history
 * stays. A replay increments the row's claim version, so no claim taken before it can send or
 * record the delivery any more.
 *
 * <p>Deliveries in progress are left alone: those claimed by an instance at this moment, even
 * when the claim's lease has run out. A worker may still be sending such a delivery (its lease
 * ends, its call does not stop), so replaying it could make the receiver get it twice; the
 * claim ends with the attempt's outcome (or is taken over by another instance), and the
 * delivery can be replayed from then on.
 */
final class Replays {

    private static final String REPLAY = "UPDATE hookbridge_delivery SET status = ?, attempts = 0,"
            + " next_attempt_at_ms = ?, updated_at_ms = ?, claimed_by = NULL, lease_until_ms = NULL,"
            + " claim_version = claim_version + 1 WHERE claimed_by IS NULL AND status <> '" + DeliveryStatus.SKIPPED
            + "' AND ";

    /** How many deliveries a replay put back to pending, and how many it left alone as in progress. */
    record Result(int replayed, int skipped) {
    }

    /** A claimed delivery: the instance holding it and until when its lease runs. */
    record Claim(String instance, Instant leaseUntil) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    Replays(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Replays one delivery unless it is in progress; 1 when it was replayed. */
    int delivery(long id) throws SQLException {
        return replay("id = ?", List.of(id)).replayed();
    }

    /** Who holds the delivery, or null when it is not claimed (or does not exist). */
    Claim claimOf(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = Statements.prepare(connection,
                        "SELECT claimed_by, lease_until_ms FROM hookbridge_delivery WHERE id = ? AND claimed_by IS NOT NULL",
                        List.of(id));
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return null;
            }
            String instance = rows.getString(1);
            long leaseUntil = rows.getLong(2);
            return new Claim(instance, rows.wasNull() ? null : Instant.ofEpochMilli(leaseUntil));
        }
    }

    Result deadOfFlow(String flow) throws SQLException {
        return replay("flow = ? AND status = ?", List.of(flow, DeliveryStatus.DEAD));
    }

    /** Every delivery of the events received in [from, to), optionally of one flow. */
    Result receivedBetween(Instant from, Instant to, String flow) throws SQLException {
        List<Object> parameters = new ArrayList<>(List.of(from.toEpochMilli(), to.toEpochMilli()));
        String condition = "event_id IN (SELECT id FROM hookbridge_event WHERE received_at_ms >= ? AND received_at_ms < ?)";
        if (flow != null) {
            condition += " AND flow = ?";
            parameters.add(flow);
        }
        return replay(condition, parameters);
    }

    /** Whether this delivery was skipped by its flow's condition. */
    boolean isSkipped(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = Statements.prepare(connection,
                        "SELECT 1 FROM hookbridge_delivery WHERE id = ? AND status = ?", List.of(id, DeliveryStatus.SKIPPED));
                ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }

    /** A journaled event as the router reads it. */
    record StoredEvent(String source, String type, Instant receivedAt, byte[] body) {
    }

    /** The journaled event with this id, or null when there is none. */
    StoredEvent event(String eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = Statements.prepare(connection,
                        "SELECT source, type, received_at_ms, body FROM hookbridge_event WHERE id = ?", List.of(eventId));
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? new StoredEvent(rows.getString(1), rows.getString(2),
                    Instant.ofEpochMilli(rows.getLong(3)), rows.getBytes(4)) : null;
        }
    }

    /**
     * Applies today's routing of an event: a flow that takes it and has no delivery of it yet gets
     * one, a flow that had skipped it gets a fresh pending delivery; a flow that skips it and has
     * none gets a skipped one, with why. Deliveries pending, delivered or dead stay as they are.
     *
     * @return the flows that got a delivery to send
     */
    List<String> route(String eventId, Routing routing) throws SQLException {
        try {
            return routeOnce(eventId, routing);
        } catch (SQLException e) {
            if (!SqlFailures.isDuplicateKey(e)) {
                throw e;
            }
            // another routing of this event inserted a delivery first: read what it left, once more
            return routeOnce(eventId, routing);
        }
    }

    private List<String> routeOnce(String eventId, Routing routing) throws SQLException {
        long now = clock.millis();
        List<String> added = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<String, String> existing = deliveryStatuses(connection, eventId);
                for (String flow : routing.chosen()) {
                    String status = existing.get(flow);
                    if (status == null) {
                        insert(connection, eventId, flow, DeliveryStatus.PENDING, null, now);
                        added.add(flow);
                    } else if (status.equals(DeliveryStatus.SKIPPED) && update(connection, eventId, flow,
                            DeliveryStatus.PENDING, null, now) == 1) {
                        added.add(flow);
                    }
                }
                for (Map.Entry<String, String> skip : routing.skipped().entrySet()) {
                    String status = existing.get(skip.getKey());
                    if (status == null) {
                        insert(connection, eventId, skip.getKey(), DeliveryStatus.SKIPPED, skip.getValue(), now);
                    } else if (status.equals(DeliveryStatus.SKIPPED)) {
                        update(connection, eventId, skip.getKey(), DeliveryStatus.SKIPPED, skip.getValue(), now);
                    }
                }
                if (!routing.unrouted()) {
                    try (PreparedStatement routed = Statements.prepare(connection,
                            "UPDATE hookbridge_event SET status = ? WHERE id = ? AND status = ?",
                            List.of(EventStatus.ROUTED, eventId, EventStatus.UNROUTED))) {
                        routed.executeUpdate();
                    }
                }
                connection.commit();
                return added;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Map<String, String> deliveryStatuses(Connection connection, String eventId) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (PreparedStatement statement = Statements.prepare(connection,
                "SELECT flow, status FROM hookbridge_delivery WHERE event_id = ?", List.of(eventId));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getString(2));
            }
        }
        return statuses;
    }

    private static void insert(Connection connection, String eventId, String flow, String status, String note, long now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(DeliveryRows.INSERT)) {
            DeliveryRows.bind(insert, eventId, flow, status, now, note);
            insert.executeUpdate();
        }
    }

    /** Changes a skipped delivery (only one that is still skipped); a claim taken before this cannot record it. */
    private static int update(Connection connection, String eventId, String flow, String status, String note, long now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE hookbridge_delivery SET status = ?,"
                + " attempts = 0, next_attempt_at_ms = ?, updated_at_ms = ?, claimed_by = NULL, lease_until_ms = NULL,"
                + " claim_version = claim_version + 1, last_error = ? WHERE event_id = ? AND flow = ? AND status = ?")) {
            update.setString(1, status);
            update.setLong(2, now);
            update.setLong(3, now);
            update.setString(4, note);
            update.setString(5, eventId);
            update.setString(6, flow);
            update.setString(7, DeliveryStatus.SKIPPED);
            return update.executeUpdate();
        }
    }

    /** Replays the deliveries that match and are not in progress; counts those that are, after. */
    private Result replay(String condition, List<Object> parameters) throws SQLException {
        long now = clock.millis();
        List<Object> all = new ArrayList<>(List.of(DeliveryStatus.PENDING, now, now));
        all.addAll(parameters);
        try (Connection connection = dataSource.getConnection()) {
            int replayed;
            try (PreparedStatement statement = Statements.prepare(connection, REPLAY + condition, all)) {
                replayed = statement.executeUpdate();
            }
            try (PreparedStatement statement = Statements.prepare(connection,
                    "SELECT COUNT(*) FROM hookbridge_delivery WHERE claimed_by IS NOT NULL AND " + condition, parameters);
                    ResultSet rows = statement.executeQuery()) {
                return new Result(replayed, rows.next() ? rows.getInt(1) : 0);
            }
        }
    }
}
