package io.hookbridge.admin;

import io.hookbridge.db.Statements;
import io.hookbridge.journal.DeliveryStatus;
import io.hookbridge.journal.EventStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
            + " claim_version = claim_version + 1 WHERE claimed_by IS NULL AND ";

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

    /**
     * Gives an unrouted event the deliveries that today's routes choose for its type.
     *
     * @return the event's type when it is unrouted (null when it is not, or unknown)
     */
    String unroutedType(String eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = Statements.prepare(connection,
                        "SELECT type FROM hookbridge_event WHERE id = ? AND status = ?",
                        List.of(eventId, EventStatus.UNROUTED));
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    void route(String eventId, List<String> flows) throws SQLException {
        long now = clock.millis();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement routed = Statements.prepare(connection,
                    "UPDATE hookbridge_event SET status = ? WHERE id = ? AND status = ?",
                    List.of(EventStatus.ROUTED, eventId, EventStatus.UNROUTED));
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO hookbridge_delivery"
                            + " (event_id, flow, status, attempts, next_attempt_at_ms, updated_at_ms)"
                            + " VALUES (?, ?, ?, 0, ?, ?)")) {
                if (routed.executeUpdate() == 1) {
                    for (String flow : flows) {
                        insert.setString(1, eventId);
                        insert.setString(2, flow);
                        insert.setString(3, DeliveryStatus.PENDING);
                        insert.setLong(4, now);
                        insert.setLong(5, now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
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
