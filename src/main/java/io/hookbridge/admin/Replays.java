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
 * stays. Rows a live worker holds at this moment (claimed, lease not run out) are left alone.
 */
final class Replays {

    private static final String REPLAY = "UPDATE hookbridge_delivery SET status = ?, attempts = 0,"
            + " next_attempt_at_ms = ?, updated_at_ms = ?, claimed_by = NULL, lease_until_ms = NULL"
            + " WHERE (claimed_by IS NULL OR lease_until_ms < ?) AND ";

    private final DataSource dataSource;
    private final Clock clock;

    Replays(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    int delivery(long id) throws SQLException {
        return replay("id = ?", List.of(id));
    }

    int deadOfFlow(String flow) throws SQLException {
        return replay("flow = ? AND status = ?", List.of(flow, DeliveryStatus.DEAD));
    }

    /** Every delivery of the events received in [from, to), optionally of one flow. */
    int receivedBetween(Instant from, Instant to, String flow) throws SQLException {
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

    private int replay(String condition, List<Object> parameters) throws SQLException {
        long now = clock.millis();
        List<Object> all = new ArrayList<>(List.of(DeliveryStatus.PENDING, now, now, now));
        all.addAll(parameters);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = Statements.prepare(connection, REPLAY + condition, all)) {
            return statement.executeUpdate();
        }
    }
}
