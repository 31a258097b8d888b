package io.hookbridge.journal;

import io.hookbridge.db.SqlDialect;
import io.hookbridge.db.SqlFailures;
import io.hookbridge.db.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping: removes events older than the retention period whose every delivery is
 * delivered, with their deliveries and attempts. Unrouted events and events with a pending or
 * dead delivery stay. Works in small batches with a pause between them, so ingress never waits
 * long behind it. Its dedupe key leaves with an event, so the retention is at least 7 days.
 *
 * <p>A batch is chosen first and deleted after, in one transaction that checks again, in the
 * DELETE of the events itself, that each event still has only delivered deliveries: an event
 * whose delivery was replayed (back to pending) in between stays, with its deliveries and
 * attempts. Deliveries and attempts go only with an event that went.
 *
 * <p>Alerts for the operator older than the retention go too, sent or not: one that could not
 * be sent for that long would only tell of the past.
 */
public final class JournalPurge extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JournalPurge.class);
    static final Duration MINIMUM_RETENTION = Duration.ofDays(7);
    private static final int BATCH = 500;
    private static final long PAUSE_BETWEEN_BATCHES_MILLIS = 200;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private final Consumer<List<String>> beforeDelete;
    private ScheduledExecutorService scheduler;

    public JournalPurge(DataSource dataSource, SqlDialect dialect, Clock clock, Duration retention, Duration interval) {
        this(dataSource, dialect, clock, retention, interval, ids -> { });
    }

    /** @param beforeDelete runs with each batch's event ids between their choice and their deletion */
    JournalPurge(DataSource dataSource, SqlDialect dialect, Clock clock, Duration retention, Duration interval,
            Consumer<List<String>> beforeDelete) {
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("hookbridge.journal.retention must be at least 7d: repeats of a webhook"
                    + " are recognised only while its event is kept");
        }
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
        this.beforeDelete = beforeDelete;
    }

    @Override
    protected void doStart() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hookbridge-journal-purge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void purgeQuietly() {
        try {
            int purged = purge();
            if (purged > 0) {
                LOG.info("Purged {} delivered events older than {} days", purged, retention.toDays());
            }
            int alerts = purgeAlerts();
            if (alerts > 0) {
                LOG.info("Purged {} alerts for the operator older than {} days", alerts, retention.toDays());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Journal purge failed, trying again in {}: {}", interval, SqlFailures.describeAny(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Purges everything that is due, batch by batch; returns how many events went. */
    public int purge() throws SQLException, InterruptedException {
        long cutoff = clock.millis() - retention.toMillis();
        int total = 0;
        while (true) {
            int purged = purgeBatch(cutoff);
            total += purged;
            if (purged < BATCH) {
                return total;
            }
            Thread.sleep(PAUSE_BETWEEN_BATCHES_MILLIS);
        }
    }

    /** Removes the operator's alerts older than the retention, batch by batch; returns how many went. */
    public int purgeAlerts() throws SQLException, InterruptedException {
        long cutoff = clock.millis() - retention.toMillis();
        int total = 0;
        while (true) {
            List<Long> ids = new ArrayList<>();
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement("SELECT id FROM hookbridge_alert"
                            + " WHERE created_at_ms < ? ORDER BY created_at_ms LIMIT " + BATCH)) {
                select.setLong(1, cutoff);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
                if (!ids.isEmpty()) {
                    total += delete(connection, "DELETE FROM hookbridge_alert WHERE id IN ("
                            + Statements.placeholders(ids.size()) + ")", ids);
                }
            }
            if (ids.size() < BATCH) {
                return total;
            }
            Thread.sleep(PAUSE_BETWEEN_BATCHES_MILLIS);
        }
    }

    private int purgeBatch(long cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT e.id FROM hookbridge_event e"
                    + " WHERE e.received_at_ms < ? AND e.status = ? AND NOT EXISTS (SELECT 1 FROM hookbridge_delivery d"
                    + " WHERE d.event_id = e.id AND d.status NOT IN (?, ?)) ORDER BY e.received_at_ms LIMIT " + BATCH)) {
                select.setLong(1, cutoff);
                select.setString(2, EventStatus.ROUTED);
                select.setString(3, DeliveryStatus.DELIVERED);
                select.setString(4, DeliveryStatus.SKIPPED);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            beforeDelete.accept(ids);
            String in = "(" + Statements.placeholders(ids.size()) + ")";
            List<Object> eventParameters = new ArrayList<>(ids);
            eventParameters.addAll(List.of(EventStatus.ROUTED, DeliveryStatus.DELIVERED, DeliveryStatus.SKIPPED));
            connection.setAutoCommit(false);
            try {
                // their deliveries locked first: a replay that is changing one now is waited for, and the
                // re-check below then sees it (on PostgreSQL the delete alone would read the state before
                // that replay's commit, and its cascade would remove the delivery the replay made pending)
                // and before them the events: a re-route inserting a delivery for a flow added since holds a key
                // lock on its event until it commits; the delete alone would wait for it, then cascade over that
                // new delivery, which no lock on the existing deliveries covers
                lock(connection, "SELECT id FROM hookbridge_event WHERE id IN " + in + " ORDER BY id", ids);
                lock(connection, "SELECT id FROM hookbridge_delivery WHERE event_id IN " + in + " ORDER BY id", ids);
                // the events first, each only if it still has nothing but delivered (or skipped) deliveries; where the
                // database cascades, their deliveries and attempts go with them
                int deleted = delete(connection, "DELETE FROM hookbridge_event WHERE id IN " + in + " AND status = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM hookbridge_delivery d WHERE d.event_id = hookbridge_event.id"
                        + " AND d.status NOT IN (?, ?))", eventParameters);
                // then whatever is left of the deliveries and attempts of the events that went, and of those only
                String gone = "SELECT d.id FROM hookbridge_delivery d WHERE d.event_id IN " + in
                        + " AND NOT EXISTS (SELECT 1 FROM hookbridge_event e WHERE e.id = d.event_id)";
                delete(connection, "DELETE FROM hookbridge_attempt WHERE delivery_id IN (" + gone + ")", ids);
                delete(connection, "DELETE FROM hookbridge_delivery WHERE event_id IN " + in
                        + " AND NOT EXISTS (SELECT 1 FROM hookbridge_event e WHERE e.id = hookbridge_delivery.event_id)",
                        ids);
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Locks the rows this query selects, in the order of their ids (where the database locks rows). */
    private void lock(Connection connection, String query, List<String> ids) throws SQLException {
        try (PreparedStatement lock = Statements.prepare(connection, query + dialect.lockInOrder(), ids);
                ResultSet rows = lock.executeQuery()) {
            while (rows.next()) {
                rows.getString(1);
            }
        }
    }

    private static int delete(Connection connection, String sql, List<?> parameters) throws SQLException {
        try (PreparedStatement statement = Statements.prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }
}
