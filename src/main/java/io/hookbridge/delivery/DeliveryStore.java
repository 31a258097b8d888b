package io.hookbridge.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.journal.DeliveryStatus;
import io.hookbridge.journal.JournalEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/** Reads due deliveries from the journal and records their outcome. */
public final class DeliveryStore {

    private static final int MAX_ERROR_LENGTH = 2000;

    private final DataSource dataSource;
    private final Function<byte[], JsonNode> parser;

    public DeliveryStore(DataSource dataSource, Function<byte[], JsonNode> parser) {
        this.dataSource = dataSource;
        this.parser = parser;
    }

    /** Pending deliveries due at {@code now}, oldest first. */
    public List<DueDelivery> due(Instant now, int limit) throws SQLException {
        String sql = "SELECT d.id, d.flow, d.attempts, e.id, e.source, e.type, e.received_at_ms, e.body"
                + " FROM hookbridge_delivery d JOIN hookbridge_event e ON e.id = d.event_id"
                + " WHERE d.status = ? AND d.next_attempt_at_ms <= ?"
                + " ORDER BY d.next_attempt_at_ms, d.id LIMIT " + limit;
        List<DueDelivery> due = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, DeliveryStatus.PENDING);
            statement.setLong(2, now.toEpochMilli());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    JournalEvent event = new JournalEvent(rows.getString(4), rows.getString(5), rows.getString(6),
                            Instant.ofEpochMilli(rows.getLong(7)), rows.getBytes(8), parser);
                    due.add(new DueDelivery(rows.getLong(1), rows.getString(2), rows.getInt(3), event));
                }
            }
        }
        return due;
    }

    /** Writes the outcomes of several deliveries in one transaction. */
    public void record(List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("UPDATE hookbridge_delivery"
                    + " SET status = ?, attempts = ?, next_attempt_at_ms = ?, last_error = COALESCE(?, last_error),"
                    + " updated_at_ms = ? WHERE id = ?")) {
                for (Outcome outcome : outcomes) {
                    statement.setString(1, outcome.status());
                    statement.setInt(2, outcome.delivery().attempts() + 1);
                    statement.setLong(3, outcome.nextAttemptAt().toEpochMilli());
                    statement.setString(4, outcome.error() == null ? null : truncate(outcome.error()));
                    statement.setLong(5, outcome.recordedAt().toEpochMilli());
                    statement.setLong(6, outcome.delivery().id());
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * What one attempt came to: delivered, pending again with the time of the next attempt,
     * or dead. A delivered one keeps the error of an earlier attempt, if any, for the record.
     */
    public record Outcome(DueDelivery delivery, String status, Instant nextAttemptAt, Instant recordedAt, String error) {

        public static Outcome delivered(DueDelivery delivery, Instant now) {
            return new Outcome(delivery, DeliveryStatus.DELIVERED, now, now, null);
        }

        public static Outcome retryAt(DueDelivery delivery, Instant next, Instant now, String error) {
            return new Outcome(delivery, DeliveryStatus.PENDING, next, now, error);
        }

        public static Outcome dead(DueDelivery delivery, Instant now, String error) {
            return new Outcome(delivery, DeliveryStatus.DEAD, now, now, error);
        }
    }

    private static String truncate(String error) {
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }
}
