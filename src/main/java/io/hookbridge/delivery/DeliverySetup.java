package io.hookbridge.delivery;

import io.hookbridge.Settings;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.db.SqlFailures;
import io.hookbridge.flow.FlowFiles;
import io.hookbridge.flow.FlowRouter;
import io.hookbridge.journal.PayloadReader;
import io.hookbridge.metrics.BridgeMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery engine, from {@code hookbridge.delivery.*} and {@code hookbridge.instance-name}:
 * its settings read and checked before anything opens ({@link #read}); the flows the routes
 * declare and the router that picks them for each event ({@link #flows}); the deliveries' store,
 * the writers' leases, the gates and the worker ({@link #engine}); and its part of the start and
 * the stop ({@link #start}): once every route is up it says which flows are on and starts the
 * worker; when the bridge begins to stop, the webhooks are turned away before the worker finishes.
 */
public final class DeliverySetup {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverySetup.class);
    private static final String DEFAULT_SCHEDULE = "5s,5m,30m,2h,5h,10h,14h,20h,24h";

    /** The flows the routes declare, and the router that picks them for each event (bound as flowRouter). */
    public record Flows(FlowCatalog catalog, FlowRouter router) {
    }

    /** What delivers: the deliveries' store, the writers' leases, the gates of the flows and the worker. */
    public record Engine(DeliveryStore deliveries, WriterLeases writerLeases, FlowGates gates, DeliveryWorker worker) {
    }

    private final Clock clock;
    private final RetryPolicy retries;
    private final FlowCircuits circuits;
    private final DeliveryWorker.Settings workerSettings;

    private DeliverySetup(Clock clock, RetryPolicy retries, FlowCircuits circuits, DeliveryWorker.Settings workerSettings) {
        this.clock = clock;
        this.retries = retries;
        this.circuits = circuits;
        this.workerSettings = workerSettings;
    }

    /** The retry policy, the circuits and the worker's settings, checked; nothing opens yet. */
    public static DeliverySetup read(Settings settings, Clock clock) {
        RetryPolicy retries = new RetryPolicy(
                RetrySchedule.parse(settings.text("hookbridge.delivery.retry-schedule", DEFAULT_SCHEDULE),
                        "hookbridge.delivery.retry-schedule"),
                flow -> flowSchedule(settings, flow), settings.decimal("hookbridge.delivery.retry-jitter", 0.2),
                () -> ThreadLocalRandom.current().nextDouble());
        FlowCircuits circuits = new FlowCircuits(clock, settings.integer("hookbridge.delivery.circuit-failures", 5),
                settings.duration("hookbridge.delivery.circuit-pause", "30s"), Duration.ofMinutes(10));
        DeliveryWorker.Settings workerSettings = new DeliveryWorker.Settings(
                instanceName(settings),
                settings.integer("hookbridge.delivery.claim-limit", 1000),
                settings.duration("hookbridge.delivery.lease", "60s"),
                Duration.ofMillis(settings.integer("hookbridge.delivery.poll-interval-ms", 1000)),
                settings.duration("hookbridge.delivery.shutdown-grace", "10s"),
                settings.flag("hookbridge.delivery.yield-to-ingress", true));
        if (workerSettings.grace().compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("hookbridge.delivery.shutdown-grace must be at most 20s"
                    + " (the whole stop has camel.main.shutdown-timeout = 20 s)");
        }
        return new DeliverySetup(clock, retries, circuits, workerSettings);
    }

    /** This bridge's name on its claims and leases (hookbridge.instance-name). */
    public String instance() {
        return workerSettings.instance();
    }

    /** How long a claim or a lease holds (hookbridge.delivery.lease). */
    public Duration lease() {
        return workerSettings.lease();
    }

    /** The catalog of the flows, watching the routes as they are added, and the router, bound as flowRouter. */
    public static Flows flows(CamelContext context, FlowFiles files, PayloadReader payloads) {
        FlowCatalog flows = new FlowCatalog();
        flows.knowTemplates(files.templatesByFlow());
        flows.watch(context);
        FlowRouter router = new FlowRouter(flows, payloads);
        context.getRegistry().bind("flowRouter", router);
        return new Flows(flows, router);
    }

    /**
     * The store of deliveries in the journal, the writers' leases, the gates and the worker.
     * Claims of an earlier run are taken back from an {@code embedded} journal, which this
     * process holds alone.
     */
    public Engine engine(CamelContext context, DataSource journal, SqlDialect dialect, boolean embedded,
            FlowCatalog flows, PayloadReader payloads, BridgeMetrics metrics, DeliveryAlerts alerts)
            throws SQLException {
        DeliveryStore deliveries = new DeliveryStore(journal, dialect, payloads, alerts);
        if (embedded) {
            takeBackEarlierClaims(deliveries);
        }
        WriterLeases writerLeases = new WriterLeases(journal, workerSettings.instance(), workerSettings.lease(),
                workerSettings.pollInterval(), clock);
        FlowGates gates = new FlowGates(flows, circuits, new FlowPacing(clock), writerLeases, deliveries);
        DeliveryWorker worker = new DeliveryWorker(deliveries, new FlowDispatcher(context), retries,
                new FailureClassifier(clock), circuits, gates, clock, workerSettings, metrics, alerts);
        return new Engine(deliveries, writerLeases, gates, worker);
    }

    /**
     * The engine's part of the start and the stop: once every route is up, says which flows are
     * on and off and starts the worker (when deliveries are {@code enabled}); the first moves of a
     * stop, in this order: {@code drain} (webhooks get 503 with Retry-After), then the worker
     * finishes its delivery in progress (within the grace period) while the routes it runs are
     * still up; what is unfinished stays pending.
     */
    public static void start(CamelContext context, Flows flows, Engine engine, boolean enabled, Runnable drain)
            throws Exception {
        context.addStartupListener(afterRoutes(flows.catalog(), engine.deliveries(), enabled ? engine.worker() : null));
        if (enabled) {
            context.addService(engine.worker(), true, false);
        }
        context.getManagementStrategy().addEventNotifier(onStopping(drain, engine.worker()));
    }

    /** Warns at start when deliveries are off (hookbridge.delivery.enabled=false). */
    public static void logWhenOff(boolean enabled) {
        if (!enabled) {
            LOG.warn("Deliveries are off (hookbridge.delivery.enabled=false): events are journaled but not delivered");
        }
    }

    private static RetrySchedule flowSchedule(Settings settings, String flow) {
        String key = "hookbridge.flow." + flow + ".retry-schedule";
        String text = settings.text(key, "");
        return text.isEmpty() ? null : RetrySchedule.parse(text, key);
    }

    /** hookbridge.instance-name; empty (its default): the host name and the process id. */
    private static String instanceName(Settings settings) {
        String name = settings.text("hookbridge.instance-name", "");
        return name.isEmpty() ? defaultInstanceName() : name;
    }

    private static String defaultInstanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** An embedded journal is this process's alone (EmbeddedJournalLock): claims of an earlier run are void. */
    private static void takeBackEarlierClaims(DeliveryStore deliveries) throws SQLException {
        int taken = deliveries.releaseEveryClaim();
        if (taken > 0) {
            LOG.info("Took back {} deliveries claimed by an earlier run that did not stop cleanly; they go out now", taken);
        }
    }

    /** Once every route is up: says which flows are on and off, then starts the worker (when deliveries are on). */
    private static StartupListener afterRoutes(FlowCatalog flows, DeliveryStore deliveries, DeliveryWorker worker) {
        return new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // routes are not all started yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                logFlows(flows, deliveries);
                if (worker != null) {
                    ServiceHelper.startService(worker);
                }
            }
        };
    }

    private static void logFlows(FlowCatalog flows, DeliveryStore deliveries) {
        LOG.info("Flows on: {}", flows.declaredOn().isEmpty() ? "none" : String.join(", ", flows.declaredOn()));
        flows.flowsByType().forEach((type, takers) -> LOG.info("  {} -> {}", type, String.join(", ", takers.stream()
                .map(flow -> flows.condition(flow) == null ? flow : flow + " (when " + flows.condition(flow).text() + ")")
                .toList())));
        for (String flow : flows.declaredOff()) {
            Set<String> settings = flows.settingsThatEnable(flow);
            LOG.info("Flow {} is off{}", flow, settings.isEmpty() ? " (its precondition in routes/flows/ is false)"
                    : ": set " + String.join(" and ", settings) + " to turn it on");
        }
        try {
            deliveries.pendingCounts(flows.declaredOff()).forEach((flow, count) -> LOG.warn("{} deliveries to flow {},"
                    + " made while it was on, wait until it is on again", count, flow));
        } catch (SQLException e) {
            LOG.warn("Could not count the deliveries waiting for flows that are off: {}", SqlFailures.describe(e));
        }
    }

    /**
     * The first moves of a stop, in this order: webhooks get 503 with Retry-After, then the
     * worker finishes its delivery in progress (within the grace period) while the routes it
     * runs are still up; what is unfinished stays pending.
     */
    private static SimpleEventNotifierSupport onStopping(Runnable drain, DeliveryWorker worker) {
        return new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    drain.run();
                    ServiceHelper.stopService(worker);
                }
            }
        };
    }
}
