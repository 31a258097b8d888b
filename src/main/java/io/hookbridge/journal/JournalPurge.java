package io.hookbridge.journal;

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
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping: removes events older than the retention period whose every delivery is
 * delivered, with their deliveries and attempts. Unrouted events and events with a pending or
 * dead delivery stay. Works in small batches with a pause between them, so ingress never waits
 * long behind it. Its dedupe key leaves with an event, so the retention is at least 7 days.
 */
public final class JournalPurge extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JournalPurge.class);
    static final Duration MINIMUM_RETENTION = Duration.ofDays(7);
    private static final int BATCH = 500;
    private static final long PAUSE_BETWEEN_BATCHES_MILLIS = 200;

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public JournalPurge(DataSource dataSource, Clock clock, Duration retention, Duration interval) {
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("hookbridge.journal.retention must be at least 7d: repeats of a webhook"
                    + " are recognised only while its event is kept");
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
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
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Journal purge failed, trying again in {}: {}", interval, e.getMessage());
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

    private int purgeBatch(long cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT e.id FROM hookbridge_event e"
                    + " WHERE e.received_at_ms < ? AND e.status = ? AND NOT EXISTS (SELECT 1 FROM hookbridge_delivery d"
                    + " WHERE d.event_id = e.id AND d.status <> ?) ORDER BY e.received_at_ms LIMIT " + BATCH)) {
                select.setLong(1, cutoff);
                select.setString(2, EventStatus.ROUTED);
                select.setString(3, DeliveryStatus.DELIVERED);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            String in = "(" + Statements.placeholders(ids.size()) + ")";
            connection.setAutoCommit(false);
            try {
                delete(connection, "DELETE FROM hookbridge_attempt WHERE delivery_id IN"
                        + " (SELECT id FROM hookbridge_delivery WHERE event_id IN " + in + ")", ids);
                delete(connection, "DELETE FROM hookbridge_delivery WHERE event_id IN " + in, ids);
                int deleted = delete(connection, "DELETE FROM hookbridge_event WHERE id IN " + in, ids);
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static int delete(Connection connection, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement statement = Statements.prepare(connection, sql, ids)) {
            return statement.executeUpdate();
        }
    }
}
