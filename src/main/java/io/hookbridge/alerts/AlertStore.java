package io.hookbridge.alerts;

import static io.hookbridge.db.Statements.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.Texts;
import io.hookbridge.admin.ConsoleSampleIngress;
import io.hookbridge.db.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The alerts' tables in the journal: {@code hookbridge_alert} (one row per fact, marked when a
 * digest carried it on each channel), {@code hookbridge_alert_digest} (per kind and channel: the
 * last digest sent, the failing one's attempts and error) and {@code hookbridge_alert_state}
 * (conditions raised and not yet over, and what the checks remember). Every write is one short
 * transaction; nothing is held while a digest is being sent.
 */
final class AlertStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_LENGTH = 2000;

    /** The rows of one kind waiting for a digest on a channel. */
    record Waiting(AlertKind kind, long count, long maxId, Instant oldest, Instant newest) {
    }

    /** One alert row. */
    record Alert(long id, String key, ObjectNode details, Instant createdAt) {
    }

    /** The digests of one kind on one channel: the last sent, and while one fails its attempts, next try and error. */
    record DigestState(Instant sentAt, int attempts, Instant nextAttemptAt, String lastError, Instant lastErrorAt) {
    }

    /** A remembered state: since when, and a time it marks (see hookbridge_alert_state). */
    record State(Instant since, Long mark) {
    }

    private final DataSource dataSource;

    AlertStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds one alert row in the caller's transaction. */
    static void add(Connection connection, AlertKind kind, String key, ObjectNode details, Instant at)
            throws SQLException {
        String text;
        try {
            text = JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alert details are not JSON", e);
        }
        try (PreparedStatement insert = prepare(connection, "INSERT INTO hookbridge_alert (kind, alert_key, details,"
                + " created_at_ms) VALUES (?, ?, ?, ?)", List.of(kind.key, Texts.cut(key, 255), text, at.toEpochMilli()))) {
            insert.executeUpdate();
        }
    }

    /** Adds one alert row on its own. */
    void add(AlertKind kind, String key, ObjectNode details, Instant at) throws SQLException {
        inTransaction(connection -> {
            add(connection, kind, key, details, at);
            return true;
        });
    }

    /**
     * Raises a condition and adds its alert, together; false (and no alert) when the condition
     * was raised already, by this instance, another, or an earlier run.
     */
    boolean raise(String condition, Instant at, Long mark, AlertKind kind, String key, ObjectNode details)
            throws SQLException {
        try {
            return inTransaction(connection -> {
                try (PreparedStatement insert = prepare(connection, "INSERT INTO hookbridge_alert_state (name, since_ms,"
                        + " mark_ms) VALUES (?, ?, ?)", parameters(condition, at.toEpochMilli(), mark))) {
                    insert.executeUpdate();
                }
                add(connection, kind, key, details, at);
                return true;
            });
        } catch (SQLException e) {
            if (SqlFailures.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Ends a condition and adds the alert that says so, together; false (and no alert) when it was not raised. */
    boolean clear(String condition, Instant at, AlertKind kind, String key, ObjectNode details) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement delete = prepare(connection, "DELETE FROM hookbridge_alert_state WHERE name = ?",
                    List.of(condition))) {
                if (delete.executeUpdate() == 0) {
                    return false;
                }
            }
            add(connection, kind, key, details, at);
            return true;
        });
    }

    /**
     * Moves a state's mark from below {@code mark} to it and adds the alert, together; false
     * (and no alert) when the mark had already reached it (another instance, an earlier run).
     */
    boolean advance(String name, long mark, AlertKind kind, String key, ObjectNode details, Instant at)
            throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement update = prepare(connection, "UPDATE hookbridge_alert_state SET mark_ms = ?"
                    + " WHERE name = ? AND (mark_ms IS NULL OR mark_ms < ?)", List.of(mark, name, mark))) {
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            add(connection, kind, key, details, at);
            return true;
        });
    }

    /** The state of this name, or null. */
    State state(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, "SELECT since_ms, mark_ms FROM hookbridge_alert_state"
                        + " WHERE name = ?", List.of(name));
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            long since = row.getLong(1);
            long mark = row.getLong(2);
            return new State(Instant.ofEpochMilli(since), row.wasNull() ? null : mark);
        }
    }

    /** Keeps a state of this name, unless there is one already; returns the one kept. */
    State keep(String name, Instant since, Long mark) throws SQLException {
        State kept = state(name);
        if (kept != null) {
            return kept;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = prepare(connection, "INSERT INTO hookbridge_alert_state (name, since_ms,"
                        + " mark_ms) VALUES (?, ?, ?)", parameters(name, since.toEpochMilli(), mark))) {
            insert.executeUpdate();
            return new State(since, mark);
        } catch (SQLException e) {
            if (SqlFailures.isDuplicateKey(e)) {
                return state(name);
            }
            throw e;
        }
    }

    /** The names of the states that begin with this prefix. */
    Set<String> names(String prefix) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, "SELECT name FROM hookbridge_alert_state"
                        + " WHERE name LIKE ?", List.of(prefix + "%"));
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                if (rows.getString(1).startsWith(prefix)) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * When the newest webhook arrived (samples sent from the admin console do not count), or
     * null when none is journaled. Reads the receive-time index from its newest end.
     */
    Instant newestWebhook() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, "SELECT received_at_ms FROM hookbridge_event"
                        + " WHERE remote_address IS NULL OR remote_address <> ? ORDER BY received_at_ms DESC LIMIT 1",
                        List.of(ConsoleSampleIngress.REMOTE_ADDRESS));
                ResultSet row = select.executeQuery()) {
            return row.next() ? Instant.ofEpochMilli(row.getLong(1)) : null;
        }
    }

    /** Per kind, the rows that wait for a digest on this channel. */
    List<Waiting> waiting(Channel channel) throws SQLException {
        List<Waiting> waiting = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT kind, COUNT(*), MAX(id),"
                        + " MIN(created_at_ms), MAX(created_at_ms) FROM hookbridge_alert WHERE " + channel.sentColumn
                        + " IS NULL GROUP BY kind");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                AlertKind kind = AlertKind.of(rows.getString(1));
                if (kind != null) {
                    waiting.add(new Waiting(kind, rows.getLong(2), rows.getLong(3), Instant.ofEpochMilli(rows.getLong(4)),
                            Instant.ofEpochMilli(rows.getLong(5))));
                }
            }
        }
        return waiting;
    }

    /** The first {@code limit} rows of a kind waiting on this channel, up to {@code maxId}, oldest first. */
    List<Alert> first(AlertKind kind, Channel channel, long maxId, int limit) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, "SELECT id, alert_key, details, created_at_ms"
                        + " FROM hookbridge_alert WHERE kind = ? AND " + channel.sentColumn + " IS NULL AND id <= ?"
                        + " ORDER BY id LIMIT " + limit, List.of(kind.key, maxId));
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ObjectNode details;
                try {
                    details = (ObjectNode) JSON.readTree(rows.getString(3));
                } catch (JsonProcessingException | ClassCastException e) {
                    details = JSON.createObjectNode();
                }
                alerts.add(new Alert(rows.getLong(1), rows.getString(2), details,
                        Instant.ofEpochMilli(rows.getLong(4))));
            }
        }
        return alerts;
    }

    /**
     * Records a digest sent, in one transaction: its rows (those of the kind waiting on the
     * channel, up to {@code maxId}) marked sent, and marked for the channels that are off, so
     * that nothing waits for those; the digest's state: sent now, no failed attempt.
     */
    void sent(AlertKind kind, Channel channel, List<Channel> off, long maxId, Instant at) throws SQLException {
        long now = at.toEpochMilli();
        inTransaction(connection -> {
            try (PreparedStatement mark = prepare(connection, "UPDATE hookbridge_alert SET " + channel.sentColumn
                    + " = ? WHERE kind = ? AND " + channel.sentColumn + " IS NULL AND id <= ?",
                    List.of(now, kind.key, maxId))) {
                mark.executeUpdate();
            }
            for (Channel other : off) {
                try (PreparedStatement mark = prepare(connection, "UPDATE hookbridge_alert SET " + other.sentColumn
                        + " = 0 WHERE kind = ? AND " + other.sentColumn + " IS NULL AND id <= ?",
                        List.of(kind.key, maxId))) {
                    mark.executeUpdate();
                }
            }
            saveDigest(connection, kind, channel, "sent_at_ms = ?, attempts = 0, next_attempt_at_ms = ?",
                    List.of(now, now), new Object[] {now, 0, now, null, null});
            return true;
        });
    }

    /** Records a failed attempt at a digest: the attempts so far, when it is tried again, the error. */
    void failed(AlertKind kind, Channel channel, int attempts, Instant next, String error, Instant at)
            throws SQLException {
        String cut = Texts.cut(error, MAX_ERROR_LENGTH);
        inTransaction(connection -> {
            saveDigest(connection, kind, channel, "attempts = ?, next_attempt_at_ms = ?, last_error = ?,"
                    + " last_error_at_ms = ?", parameters(attempts, next.toEpochMilli(), cut, at.toEpochMilli()),
                    new Object[] {null, attempts, next.toEpochMilli(), cut, at.toEpochMilli()});
            return true;
        });
    }

    /** The state of each kind's digests on this channel. */
    Map<AlertKind, DigestState> digests(Channel channel) throws SQLException {
        Map<AlertKind, DigestState> states = new EnumMap<>(AlertKind.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, "SELECT kind, sent_at_ms, attempts, next_attempt_at_ms,"
                        + " last_error, last_error_at_ms FROM hookbridge_alert_digest WHERE channel = ?",
                        List.of(channel.key));
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                AlertKind kind = AlertKind.of(rows.getString(1));
                if (kind != null) {
                    states.put(kind, new DigestState(instant(rows, 2), rows.getInt(3), instant(rows, 4),
                            rows.getString(5), instant(rows, 6)));
                }
            }
        }
        return states;
    }

    /** Updates the digest row of the kind and channel, or inserts it with {@code row} (sent_at, attempts, next, error, error_at). */
    private static void saveDigest(Connection connection, AlertKind kind, Channel channel, String set,
            List<Object> setParameters, Object[] row) throws SQLException {
        List<Object> update = new ArrayList<>(setParameters);
        update.add(kind.key);
        update.add(channel.key);
        try (PreparedStatement statement = prepare(connection, "UPDATE hookbridge_alert_digest SET " + set
                + " WHERE kind = ? AND channel = ?", update)) {
            if (statement.executeUpdate() > 0) {
                return;
            }
        }
        // the one sender of digests (it holds the lease) is the only writer of these rows
        try (PreparedStatement statement = prepare(connection, "INSERT INTO hookbridge_alert_digest (kind, channel,"
                + " sent_at_ms, attempts, next_attempt_at_ms, last_error, last_error_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                parameters(kind.key, channel.key, row[0], row[1], row[2], row[3], row[4]))) {
            statement.executeUpdate();
        }
    }

    private interface Work {
        boolean run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction: committed when it returns true, rolled back when false or when it fails. */
    private boolean inTransaction(Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean done = work.run(connection);
                if (done) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return done;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** Statement parameters that may be null (List.of takes none). */
    private static List<Object> parameters(Object... values) {
        return java.util.Arrays.asList(values);
    }
}
