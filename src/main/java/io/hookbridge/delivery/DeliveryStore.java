package io.hookbridge.delivery;

import io.hookbridge.Texts;

import static io.hookbridge.db.Statements.placeholders;
import static io.hookbridge.db.Statements.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.db.SqlFailures;
import io.hookbridge.journal.DeliveryStatus;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.journal.PayloadReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery rows of the journal: claiming due ones for one bridge instance, and recording
 * what each attempt came to.
 *
 * <p>A claim marks rows with the instance and a lease end, under {@code FOR UPDATE SKIP
 * LOCKED} (on SQLite, whose transactions here each hold the one write lock, without), so several
 * instances on one database never take the same row, and a row claimed by
 * an instance that died is due again once its lease has run out.
 *
 * <p>Claims are fenced: each claim increments the row's {@code claim_version} (a replay does
 * too), and the claimed {@link DueDelivery} carries the version it set. Renewing, releasing and
 * recording touch a row only while {@code claimed_by} and {@code claim_version} are still this
 * claim's, so an instance whose claim was taken over or replayed can tell, before it sends,
 * that the row is no longer its own.
 */
public final class DeliveryStore {

    private static final int MAX_ERROR_LENGTH = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStore.class);

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final PayloadReader payloads;
    private final DeliveryAlerts alerts;

    public DeliveryStore(DataSource dataSource, SqlDialect dialect, PayloadReader payloads) {
        this(dataSource, dialect, payloads, DeliveryAlerts.NONE);
    }

    /** @param alerts told of the deliveries that go dead, in the transaction that records them */
    public DeliveryStore(DataSource dataSource, SqlDialect dialect, PayloadReader payloads, DeliveryAlerts alerts) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.payloads = payloads;
        this.alerts = alerts;
    }

    /** Claims up to {@code limit} due deliveries, oldest first, leaving out the flows in {@code excludedFlows}. */
    public List<DueDelivery> claim(String instance, Instant now, Instant leaseUntil, int limit,
            Collection<String> excludedFlows) throws SQLException {
        String condition = excludedFlows.isEmpty() ? "" : " AND flow NOT IN (" + placeholders(excludedFlows.size()) + ")";
        return claim(instance, now, leaseUntil, limit, condition, List.copyOf(excludedFlows));
    }

    /** Claims up to {@code limit} due deliveries of one flow, oldest first (a paced flow's next batch). */
    public List<DueDelivery> claimFlow(String instance, String flow, Instant now, Instant leaseUntil, int limit)
            throws SQLException {
        return claim(instance, now, leaseUntil, limit, " AND flow = ?", List.of(flow));
    }

    /**
     * Claims the next batch of an ordered flow: its oldest pending deliveries in journal order,
     * up to the first one that is not due yet or that another instance holds. Nothing passes a
     * delivery waiting for its retry, so the flow's events reach the sink in order; the wait is
     * stored on the row, so it holds through restarts and across instances.
     */
    public OrderedClaim claimInOrder(String instance, String flow, Instant now, Instant leaseUntil, int limit)
            throws SQLException {
        Instant[] waitUntil = new Instant[1];
        List<DueDelivery> claimed = claimSelected(instance, leaseUntil, connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, "SELECT id, next_attempt_at_ms, lease_until_ms"
                    + " FROM hookbridge_delivery WHERE status = ? AND flow = ? ORDER BY id LIMIT " + limit
                    + dialect.lockInOrder(), List.of(DeliveryStatus.PENDING, flow));
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long due = rows.getLong(2);
                    long leased = rows.getLong(3);
                    boolean heldElsewhere = !rows.wasNull() && leased >= now.toEpochMilli();
                    if (heldElsewhere || due > now.toEpochMilli()) {
                        waitUntil[0] = ids.isEmpty() ? Instant.ofEpochMilli(heldElsewhere ? leased : due) : null;
                        break;
                    }
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
        return new OrderedClaim(claimed, waitUntil[0]);
    }

    /** The next deliveries of an ordered flow, or, when its oldest cannot go yet, until when it waits. */
    public record OrderedClaim(List<DueDelivery> deliveries, Instant waitUntil) {
    }

    private List<DueDelivery> claim(String instance, Instant now, Instant leaseUntil, int limit, String condition,
            List<Object> conditionParameters) throws SQLException {
        String select = "SELECT id FROM hookbridge_delivery WHERE status = ? AND next_attempt_at_ms <= ?"
                + " AND (lease_until_ms IS NULL OR lease_until_ms < ?)" + condition
                + " ORDER BY next_attempt_at_ms, id LIMIT " + limit + dialect.lockForClaim();
        List<Object> parameters = new ArrayList<>(List.of(DeliveryStatus.PENDING, now.toEpochMilli(),
                now.toEpochMilli()));
        parameters.addAll(conditionParameters);
        return claimSelected(instance, leaseUntil, connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, select, parameters);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
    }

    /** Picks delivery ids inside the claiming transaction. */
    private interface Selection {
        List<Long> select(Connection connection) throws SQLException;
    }

    /** In one transaction: selects deliveries and marks them claimed by this instance until leaseUntil; then loads them. */
    private List<DueDelivery> claimSelected(String instance, Instant leaseUntil, Selection selection)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<Long> ids;
            try {
                ids = selection.select(connection);
                markClaimed(connection, ids, instance, leaseUntil);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            return ids.isEmpty() ? List.of() : load(connection, ids, instance);
        }
    }

    private static void markClaimed(Connection connection, List<Long> ids, String instance, Instant leaseUntil)
            throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> claim = new ArrayList<>(List.of(instance, leaseUntil.toEpochMilli()));
        claim.addAll(ids);
        try (PreparedStatement statement = prepare(connection, "UPDATE hookbridge_delivery"
                + " SET claimed_by = ?, lease_until_ms = ?, claim_version = claim_version + 1"
                + " WHERE id IN (" + placeholders(ids.size()) + ")", claim)) {
            statement.executeUpdate();
        }
    }

    private JournalEvent event(String id, String source, String type, Instant receivedAt, byte[] body) {
        return new JournalEvent(id, source, type, receivedAt, body,
                bytes -> payloads.read(source, type, receivedAt, bytes), payloads.isRawShape(source));
    }

    /** The claimed rows with their events and claim versions: those this instance still holds. */
    private List<DueDelivery> load(Connection connection, List<Long> ids, String instance) throws SQLException {
        String sql = "SELECT d.id, d.flow, d.attempts, d.next_attempt_at_ms, e.id, e.source, e.type, e.received_at_ms,"
                + " e.body, d.claim_version FROM hookbridge_delivery d JOIN hookbridge_event e ON e.id = d.event_id"
                + " WHERE d.claimed_by = ? AND d.id IN (" + placeholders(ids.size()) + ")";
        Map<Long, DueDelivery> byId = new HashMap<>();
        // one event object for all its deliveries, so its payload is parsed once
        Map<String, JournalEvent> events = new HashMap<>();
        List<Object> parameters = new ArrayList<>(List.of(instance));
        parameters.addAll(ids);
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    JournalEvent event = events.get(rows.getString(5));
                    if (event == null) {
                        event = event(rows.getString(5), rows.getString(6), rows.getString(7),
                                Instant.ofEpochMilli(rows.getLong(8)), rows.getBytes(9));
                        events.put(event.id(), event);
                    }
                    byId.put(rows.getLong(1), new DueDelivery(rows.getLong(1), rows.getString(2), rows.getInt(3),
                            Instant.ofEpochMilli(rows.getLong(4)), event, rows.getLong(10)));
                }
            }
        }
        List<DueDelivery> inClaimOrder = new ArrayList<>(ids.size());
        for (Long id : ids) {
            DueDelivery delivery = byId.get(id);
            // a row removed, or claimed by another instance, between the claim and this read is not ours to deliver
            if (delivery != null) {
                inClaimOrder.add(delivery);
            }
        }
        return inClaimOrder;
    }

    /** How many deliveries of each of these flows are pending (flows with none are left out). */
    public Map<String, Long> pendingCounts(Collection<String> flows) throws SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        if (flows.isEmpty()) {
            return counts;
        }
        List<Object> parameters = new ArrayList<>(List.of(DeliveryStatus.PENDING));
        parameters.addAll(flows);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, "SELECT flow, COUNT(*) FROM hookbridge_delivery"
                        + " WHERE status = ? AND flow IN (" + placeholders(flows.size()) + ") GROUP BY flow", parameters);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /**
     * The id of each flow's oldest pending delivery (flows with none are left out): the paced
     * flows of a writer go oldest first, so that a cancellation journaled after its sale finds
     * the sale's row written.
     */
    public Map<String, Long> oldestPending(Collection<String> flows) throws SQLException {
        Map<String, Long> oldest = new java.util.HashMap<>();
        if (flows.isEmpty()) {
            return oldest;
        }
        List<Object> parameters = new ArrayList<>(List.of(DeliveryStatus.PENDING));
        parameters.addAll(flows);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, "SELECT flow, MIN(id) FROM hookbridge_delivery"
                        + " WHERE status = ? AND flow IN (" + placeholders(flows.size()) + ") GROUP BY flow", parameters);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                oldest.put(rows.getString(1), rows.getLong(2));
            }
        }
        return oldest;
    }

    /** When the flow last delivered, or null if it never did (a digest keeps its pace through a restart). */
    public Instant lastDelivered(String flow) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, "SELECT MAX(updated_at_ms) FROM hookbridge_delivery"
                        + " WHERE flow = ? AND status = ?", List.of(flow, DeliveryStatus.DELIVERED));
                ResultSet rows = statement.executeQuery()) {
            long last = rows.next() ? rows.getLong(1) : 0;
            return last == 0 ? null : Instant.ofEpochMilli(last);
        }
    }

    /**
     * Extends the lease of those of {@code deliveries} whose claim this instance still holds
     * (same instance, same claim version), in one transaction.
     *
     * @return the ids of the deliveries still held, now until {@code leaseUntil}; the others
     *         were taken over or replayed and must not be sent
     */
    public Set<Long> renew(String instance, Collection<DueDelivery> deliveries, Instant leaseUntil)
            throws SQLException {
        return updateHeld("SET lease_until_ms = ?", List.of(leaseUntil.toEpochMilli()), instance, deliveries);
    }

    /** Gives claimed deliveries back untouched (no attempt counted), due again at once, where the claim still holds. */
    public void release(String instance, Collection<DueDelivery> deliveries) throws SQLException {
        updateHeld("SET claimed_by = NULL, lease_until_ms = NULL", List.of(), instance, deliveries);
    }

    /** Gives back every claim this instance holds (at shutdown). */
    public int releaseAll(String instance) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, "UPDATE hookbridge_delivery"
                        + " SET claimed_by = NULL, lease_until_ms = NULL WHERE claimed_by = ? AND status = ?",
                        List.of(instance, DeliveryStatus.PENDING))) {
            return statement.executeUpdate();
        }
    }

    /**
     * Gives back every claim in the journal, whoever took it: only for a journal that no other
     * process can use (the embedded one), at start, where the claims are those of an earlier run.
     * Their versions move on, as on a takeover.
     */
    public int releaseEveryClaim() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, "UPDATE hookbridge_delivery"
                        + " SET claimed_by = NULL, lease_until_ms = NULL, claim_version = claim_version + 1"
                        + " WHERE claimed_by IS NOT NULL AND status = ?", List.of(DeliveryStatus.PENDING))) {
            return statement.executeUpdate();
        }
    }

    /**
     * Updates, in one transaction, those of {@code deliveries} whose claim this instance still
     * holds: claimed by it, with the claim version of its claim.
     *
     * @return the ids of the rows updated
     */
    private Set<Long> updateHeld(String set, List<Object> setParameters, String instance,
            Collection<DueDelivery> deliveries) throws SQLException {
        Set<Long> held = new HashSet<>();
        if (deliveries.isEmpty()) {
            return held;
        }
        List<DueDelivery> rows = List.copyOf(deliveries);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("UPDATE hookbridge_delivery " + set
                    + " WHERE id = ? AND claimed_by = ? AND claim_version = ?")) {
                for (DueDelivery delivery : rows) {
                    int p = 1;
                    for (Object parameter : setParameters) {
                        statement.setObject(p++, parameter);
                    }
                    statement.setLong(p++, delivery.id());
                    statement.setString(p++, instance);
                    statement.setLong(p, delivery.claimVersion());
                    statement.addBatch();
                }
                int[] counts = statement.executeBatch();
                connection.commit();
                for (int i = 0; i < counts.length; i++) {
                    // a count the driver does not report is taken as not held: such a row is not sent
                    if (counts[i] > 0) {
                        held.add(rows.get(i).id());
                    }
                }
                return held;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Writes the outcomes of several attempts in one transaction: the delivery rows (only while
     * this instance still holds their claim: same instance, same claim version) and one attempt
     * row each.
     *
     * @return how many delivery rows had been taken over or replayed meanwhile (their outcome is
     *         not written to the row)
     */
    public int record(String instance, List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delivery = connection.prepareStatement("UPDATE hookbridge_delivery"
                    + " SET status = ?, attempts = ?, next_attempt_at_ms = ?, last_error = COALESCE(?, last_error),"
                    + " updated_at_ms = ?, claimed_by = NULL, lease_until_ms = NULL"
                    + " WHERE id = ? AND claimed_by = ? AND claim_version = ?");
                    PreparedStatement attempt = connection.prepareStatement("INSERT INTO hookbridge_attempt"
                            + " (delivery_id, attempt, started_at_ms, finished_at_ms, outcome, error, instance)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Outcome outcome : outcomes) {
                    String error = outcome.error() == null ? null : truncate(outcome.error());
                    int attempts = outcome.delivery().attempts() + (outcome.split() ? 0 : 1);
                    delivery.setString(1, outcome.status());
                    delivery.setInt(2, attempts);
                    delivery.setLong(3, outcome.nextAttemptAt().toEpochMilli());
                    delivery.setString(4, error);
                    delivery.setLong(5, outcome.finishedAt().toEpochMilli());
                    delivery.setLong(6, outcome.delivery().id());
                    delivery.setString(7, instance);
                    delivery.setLong(8, outcome.delivery().claimVersion());
                    delivery.addBatch();
                    attempt.setLong(1, outcome.delivery().id());
                    attempt.setInt(2, outcome.delivery().attempts() + 1);
                    attempt.setLong(3, outcome.startedAt().toEpochMilli());
                    attempt.setLong(4, outcome.finishedAt().toEpochMilli());
                    attempt.setString(5, outcome.attemptOutcome());
                    attempt.setString(6, error);
                    attempt.setString(7, instance);
                    attempt.addBatch();
                }
                int lost = 0;
                List<Outcome> dead = new ArrayList<>();
                int[] counts = delivery.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    lost += counts[i] == 0 ? 1 : 0;
                    if (counts[i] != 0 && DeliveryStatus.DEAD.equals(outcomes.get(i).status())) {
                        dead.add(outcomes.get(i));
                    }
                }
                attempt.executeBatch();
                if (!dead.isEmpty() && alerts != DeliveryAlerts.NONE) {
                    alertDead(connection, dead);
                }
                connection.commit();
                return lost;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * The alerts of the deliveries that went dead, in the transaction that records them, so that
     * neither is journaled without the other; inside a savepoint, so that alerts that cannot be
     * written (their table gone, their data refused) cost the alerts and never the outcomes.
     */
    private void alertDead(Connection connection, List<Outcome> dead) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            alerts.dead(connection, dead);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            LOG.warn("Could not write the operator's alert for {} dead deliver{}; the deliveries are recorded: {}",
                    dead.size(), dead.size() == 1 ? "y" : "ies", SqlFailures.describeAny(e));
        }
    }

    /**
     * What one attempt came to: delivered, pending again with the time of the next attempt,
     * dead, or split (its batch was refused as a whole and will be tried in smaller ones: an
     * attempt row with the error, but no attempt used). A delivered one keeps the error of an
     * earlier attempt, if any, for the record.
     */
    public record Outcome(DueDelivery delivery, String status, Instant nextAttemptAt, Instant startedAt,
            Instant finishedAt, String error, boolean split) {

        public static Outcome delivered(DueDelivery delivery, Instant started, Instant now) {
            return new Outcome(delivery, DeliveryStatus.DELIVERED, now, started, now, null, false);
        }

        public static Outcome retryAt(DueDelivery delivery, Instant next, Instant started, Instant now, String error) {
            return new Outcome(delivery, DeliveryStatus.PENDING, next, started, now, error, false);
        }

        public static Outcome dead(DueDelivery delivery, Instant started, Instant now, String error) {
            return new Outcome(delivery, DeliveryStatus.DEAD, now, started, now, error, false);
        }

        /** Its batch was refused as a whole: due again at once, in its place, without using an attempt. */
        public static Outcome split(DueDelivery delivery, Instant started, Instant now, String error) {
            return new Outcome(delivery, DeliveryStatus.PENDING, delivery.due(), started, now, error, true);
        }

        /** The attempt row's outcome: delivered, retry, split or dead. */
        String attemptOutcome() {
            if (split) {
                return "split";
            }
            return DeliveryStatus.PENDING.equals(status) ? "retry" : status;
        }
    }

    private static String truncate(String error) {
        return Texts.cut(error, MAX_ERROR_LENGTH);
    }
}
