package io.hookbridge.journal;

import io.hookbridge.db.SqlFailures;
import io.hookbridge.db.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits events and their delivery rows to the journal, many webhooks per transaction.
 *
 * <p>Requests hand their event to one writer thread and wait for its commit; the thread
 * takes everything queued at that moment and commits it together (group commit), so a
 * burst costs a few transactions rather than one per request. A future completes only
 * after the commit that holds its event.
 *
 * <p>An Error that reaches the thread's loop (a class that cannot be loaded, memory exhausted)
 * ends it: it is logged, the webhooks waiting and any later ones are answered 503, and
 * {@link #failure()} tells readiness.
 *
 * <p>When a group commit fails while the database is up (not a lost connection, a timeout or a
 * shutdown), the writer commits the batch's events one by one, so that an event whose data the
 * database refuses fails alone ({@link JournalRefusedException}) and the others are stored. The
 * pass stops at the first failure that is not such a refusal: the rest of the batch then fails as
 * unavailable, as the whole batch does when the database is down. Database errors are logged by
 * SQLState, vendor code and a message without the statement's values.
 */
public final class JournalWriter extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int QUERY_TIMEOUT_SECONDS = 10;

    private final DataSource dataSource;
    private final EventIds eventIds;
    private final int maxBatch;
    private final Runnable afterCommit;
    private final BlockingQueue<PendingWrite> queue;
    private volatile Thread thread;
    private volatile Throwable failure;

    public JournalWriter(DataSource dataSource, EventIds eventIds, int maxBatch, int queueCapacity, Runnable afterCommit) {
        this.dataSource = dataSource;
        this.eventIds = eventIds;
        this.maxBatch = maxBatch;
        this.afterCommit = afterCommit;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /** Queues an event; the future completes once it is committed, or fails if it could not be. */
    public CompletableFuture<Acceptance> append(NewEvent event) {
        PendingWrite write = new PendingWrite(event, new CompletableFuture<>());
        if (failure != null) {
            write.result.completeExceptionally(stopped());
        } else if (!isRunAllowed()) {
            write.result.completeExceptionally(new JournalUnavailableException("the journal is shutting down", null));
        } else if (!queue.offer(write)) {
            write.result.completeExceptionally(new JournalUnavailableException(
                    "the journal queue is full (" + queue.size() + " webhooks waiting)", null));
        } else if (failure != null) {
            // the thread stopped while this one was being queued
            failQueued();
        }
        return write.result;
    }

    /** The Error that ended the writer's thread, or null while it runs (or never ran). */
    public Throwable failure() {
        return failure;
    }

    private JournalUnavailableException stopped() {
        return new JournalUnavailableException("the journal writer thread stopped: " + failure, failure);
    }

    private void failQueued() {
        List<PendingWrite> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(w -> w.result.completeExceptionally(stopped()));
    }

    @Override
    protected void doStart() {
        thread = new Thread(this::run, "hookbridge-journal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        Thread running = thread;
        if (running != null) {
            running.join(TimeUnit.SECONDS.toMillis(QUERY_TIMEOUT_SECONDS + 5));
        }
    }

    private void run() {
        List<PendingWrite> batch = new ArrayList<>(maxBatch);
        while (isRunAllowed() || !queue.isEmpty()) {
            try {
                PendingWrite first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("Journal writer failed on a batch of {} webhooks", batch.size(), e);
                batch.forEach(w -> w.result.completeExceptionally(e));
            } catch (Throwable e) {
                failure = e;
                LOG.error("The journal writer thread stopped on an error: webhooks are answered 503 until the bridge is"
                        + " restarted (readiness is DOWN)", e);
                batch.forEach(w -> w.result.completeExceptionally(stopped()));
                failQueued();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<PendingWrite> batch) {
        try {
            complete(batch, writeWithOneRetryOnDuplicate(batch));
            afterCommit.run();
        } catch (SQLException e) {
            if (SqlFailures.isUnavailable(e)) {
                failAsUnavailable(batch, e);
            } else if (batch.size() == 1) {
                settleFailure(batch.get(0), e);
            } else {
                LOG.warn("A group commit of {} webhooks failed ({}): committing them one by one", batch.size(),
                        SqlFailures.describe(e));
                commitOneByOne(batch);
            }
        }
    }

    /** Commits each event in its own transaction until a failure that is not the event's own data. */
    private void commitOneByOne(List<PendingWrite> batch) {
        boolean committed = false;
        for (int i = 0; i < batch.size(); i++) {
            PendingWrite write = batch.get(i);
            try {
                complete(List.of(write), writeWithOneRetryOnDuplicate(List.of(write)));
                committed = true;
            } catch (SQLException e) {
                if (!settleFailure(write, e)) {
                    failAsUnavailable(batch.subList(i + 1, batch.size()), e);
                    break;
                }
            }
        }
        if (committed) {
            afterCommit.run();
        }
    }

    /**
     * Fails one event's write: refused when the database refused its data, else unavailable.
     * Returns whether it was refused (the database is still serving).
     */
    private static boolean settleFailure(PendingWrite write, SQLException e) {
        if (SqlFailures.isDataError(e)) {
            LOG.warn("The journal database refused a webhook of source '{}' ({}): answered as refused, not stored",
                    write.event.source(), SqlFailures.describe(e));
            write.result.completeExceptionally(new JournalRefusedException(SqlFailures.sqlState(e), SqlFailures.describe(e)));
            return true;
        }
        failAsUnavailable(List.of(write), e);
        return false;
    }

    private static void failAsUnavailable(List<PendingWrite> writes, SQLException e) {
        if (writes.isEmpty()) {
            return;
        }
        // without the driver's exception as cause: its message holds the statement's values
        JournalUnavailableException failure =
                new JournalUnavailableException("the journal database did not commit: " + SqlFailures.describe(e), null);
        writes.forEach(w -> w.result.completeExceptionally(failure));
    }

    private List<Acceptance> writeWithOneRetryOnDuplicate(List<PendingWrite> batch) throws SQLException {
        try {
            return write(batch);
        } catch (SQLException e) {
            // Another instance may have committed the same body between our check and our insert:
            // the unique key refused it, and a second pass finds that event.
            if (SqlFailures.isDuplicateKey(e)) {
                return write(batch);
            }
            throw e;
        }
    }

    private static void complete(List<PendingWrite> batch, List<Acceptance> results) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(results.get(i));
        }
    }

    private List<Acceptance> write(List<PendingWrite> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<String, Journaled> known = existingEvents(connection, batch);
                List<Acceptance> results = new ArrayList<>(batch.size());
                List<PendingWrite> fresh = new ArrayList<>();
                List<String> freshIds = new ArrayList<>();
                for (PendingWrite write : batch) {
                    Journaled existing = known.get(write.event.dedupeKey());
                    if (existing == null && write.event.messageKey() != null) {
                        existing = known.get(write.event.messageKey());
                    }
                    if (existing != null) {
                        results.add(new Acceptance(existing.id(), true, existing.type()));
                    } else {
                        String id = eventIds.next();
                        Journaled journaled = new Journaled(id, write.event.type());
                        known.put(write.event.dedupeKey(), journaled);
                        if (write.event.messageKey() != null) {
                            known.put(write.event.messageKey(), journaled);
                        }
                        fresh.add(write);
                        freshIds.add(id);
                        results.add(new Acceptance(id, false, write.event.type()));
                    }
                }
                insertEvents(connection, fresh, freshIds);
                insertDeliveries(connection, fresh, freshIds);
                connection.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /**
     * The events already journaled under a dedupe key or a message key of the batch, by either key
     * (a body's key and a message id's key are hashes of different inputs, so they never meet).
     */
    private static Map<String, Journaled> existingEvents(Connection connection, List<PendingWrite> batch)
            throws SQLException {
        List<String> keys = batch.stream().map(w -> w.event.dedupeKey()).distinct().toList();
        List<String> messageKeys = batch.stream().map(w -> w.event.messageKey()).filter(k -> k != null).distinct().toList();
        String sql = "SELECT dedupe_key, message_key, id, type FROM hookbridge_event WHERE dedupe_key IN ("
                + Statements.placeholders(keys.size()) + ")"
                + (messageKeys.isEmpty() ? "" : " OR message_key IN (" + Statements.placeholders(messageKeys.size()) + ")");
        Map<String, Journaled> known = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            int parameter = 1;
            for (String key : keys) {
                statement.setBytes(parameter++, DedupeKeys.bytes(key));
            }
            for (String key : messageKeys) {
                statement.setBytes(parameter++, DedupeKeys.bytes(key));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Journaled journaled = new Journaled(rows.getString(3), rows.getString(4));
                    known.put(DedupeKeys.text(rows.getBytes(1)), journaled);
                    byte[] messageKey = rows.getBytes(2);
                    if (messageKey != null) {
                        known.put(DedupeKeys.text(messageKey), journaled);
                    }
                }
            }
        }
        return known;
    }

    private static void insertEvents(Connection connection, List<PendingWrite> fresh, List<String> ids)
            throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO hookbridge_event"
                + " (id, source, type, status, received_at_ms, remote_address, headers, dedupe_key, message_key, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < fresh.size(); i++) {
                NewEvent event = fresh.get(i).event;
                statement.setString(1, ids.get(i));
                statement.setString(2, event.source());
                statement.setString(3, event.type());
                statement.setString(4, event.flows().isEmpty() && event.skipped().isEmpty() ? EventStatus.UNROUTED
                        : EventStatus.ROUTED);
                statement.setLong(5, event.receivedAt().toEpochMilli());
                statement.setString(6, event.remoteAddress());
                statement.setString(7, event.headersJson());
                statement.setBytes(8, DedupeKeys.bytes(event.dedupeKey()));
                if (event.messageKey() == null) {
                    statement.setNull(9, Types.VARBINARY);
                } else {
                    statement.setBytes(9, DedupeKeys.bytes(event.messageKey()));
                }
                statement.setBytes(10, event.rawBody());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void insertDeliveries(Connection connection, List<PendingWrite> fresh, List<String> ids)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DeliveryRows.INSERT)) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            boolean any = false;
            for (int i = 0; i < fresh.size(); i++) {
                NewEvent event = fresh.get(i).event;
                long now = event.receivedAt().toEpochMilli();
                for (String flow : event.flows()) {
                    addDelivery(statement, ids.get(i), flow, DeliveryStatus.PENDING, now, null);
                    any = true;
                }
                // a flow whose condition did not hold: kept as done, with why, for the event's detail
                for (Map.Entry<String, String> skip : event.skipped().entrySet()) {
                    addDelivery(statement, ids.get(i), skip.getKey(), DeliveryStatus.SKIPPED, now, skip.getValue());
                    any = true;
                }
            }
            if (any) {
                statement.executeBatch();
            }
        }
    }

    private static void addDelivery(PreparedStatement statement, String eventId, String flow, String status, long now,
            String note) throws SQLException {
        DeliveryRows.bind(statement, eventId, flow, status, now, note);
        statement.addBatch();
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed after a failed journal commit", e);
        }
    }

    private record PendingWrite(NewEvent event, CompletableFuture<Acceptance> result) {
    }

    private record Journaled(String id, String type) {
    }
}
