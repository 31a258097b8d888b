package io.hookbridge.metrics;

import io.hookbridge.db.SqlFailures;
import io.hookbridge.journal.DeliveryStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's levels as gauges, read from the database every few seconds (so every instance
 * sharing a journal shows the same figures): deliveries waiting and dead by flow, the age of
 * the oldest waiting delivery, when the last event arrived, and whether the journal answered.
 */
public final class JournalGauges extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JournalGauges.class);
    static final long REFRESH_MILLIS = 5_000;

    private final DataSource journal;
    private final Clock clock;
    private final CamelContext context;
    private final MultiGauge waiting;
    private final MultiGauge dead;
    private volatile double oldestPendingAgeSeconds;
    private volatile double lastEventSeconds = Double.NaN;
    private volatile double journalUp;
    private ScheduledExecutorService refresher;

    public JournalGauges(DataSource journal, Clock clock, BridgeMetrics metrics, CamelContext context) {
        this.journal = journal;
        this.clock = clock;
        this.context = context;
        var registry = metrics.registry();
        waiting = MultiGauge.builder("hookbridge.deliveries.pending")
                .description("Deliveries waiting for their first or next attempt, by flow").register(registry);
        dead = MultiGauge.builder("hookbridge.deliveries.dead")
                .description("Deliveries out of attempts, waiting to be replayed, by flow").register(registry);
        Gauge.builder("hookbridge.deliveries.oldest.pending.age", this, g -> g.oldestPendingAgeSeconds)
                .description("Seconds since the oldest event with a waiting delivery arrived (0: none waiting)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("hookbridge.last.event.received", this, g -> g.lastEventSeconds)
                .description("When the newest stored event arrived, in seconds since the epoch (NaN: none stored)")
                .baseUnit("timestamp.seconds").register(registry);
        Gauge.builder("hookbridge.journal.up", this, g -> g.journalUp)
                .description("1 when the journal database answered the last reading, else 0").register(registry);
    }

    @Override
    protected void doStart() {
        refresh();
        refresher = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "JournalGauges");
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (refresher != null) {
            context.getExecutorServiceManager().shutdownNow(refresher);
        }
    }

    /** Reads the journal once and updates every gauge. */
    public void refresh() {
        try (Connection connection = journal.getConnection()) {
            List<MultiGauge.Row<?>> waitingRows = new ArrayList<>();
            List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT flow, status, COUNT(*)"
                    + " FROM hookbridge_delivery WHERE status IN (?, ?) GROUP BY flow, status")) {
                statement.setString(1, DeliveryStatus.PENDING);
                statement.setString(2, DeliveryStatus.DEAD);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        MultiGauge.Row<?> row = MultiGauge.Row.of(Tags.of("flow", rows.getString(1)), rows.getLong(3));
                        (DeliveryStatus.PENDING.equals(rows.getString(2)) ? waitingRows : deadRows).add(row);
                    }
                }
            }
            Long oldestPending = single(connection, "SELECT MIN(e.received_at_ms) FROM hookbridge_delivery d"
                    + " JOIN hookbridge_event e ON e.id = d.event_id WHERE d.status = '" + DeliveryStatus.PENDING + "'");
            Long lastEvent = single(connection, "SELECT MAX(received_at_ms) FROM hookbridge_event");
            long now = clock.millis();
            waiting.register(waitingRows, true);
            dead.register(deadRows, true);
            oldestPendingAgeSeconds = oldestPending == null ? 0 : Math.max(0, now - oldestPending) / 1000.0;
            lastEventSeconds = lastEvent == null ? Double.NaN : lastEvent / 1000.0;
            journalUp = 1;
        } catch (SQLException | RuntimeException e) {
            journalUp = 0;
            LOG.debug("Could not read the journal's levels for the metrics: {}", SqlFailures.describeAny(e));
        }
    }

    private static Long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            if (rows.next()) {
                long value = rows.getLong(1);
                return rows.wasNull() ? null : value;
            }
            return null;
        }
    }
}
