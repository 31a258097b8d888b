package io.hookbridge;

import io.hookbridge.db.SqlFailures;
import com.zaxxer.hikari.HikariDataSource;
import io.hookbridge.admin.AdminApi;
import io.hookbridge.alerts.AlertsSetup;
import io.hookbridge.admin.AdminAuth;
import io.hookbridge.admin.ConsoleFiles;
import io.hookbridge.admin.ConsoleSampleIngress;
import io.hookbridge.admin.FlowPreviews;
import io.hookbridge.flow.SampleEvents;
import io.hookbridge.db.DataSources;
import io.hookbridge.db.DatabaseSettings;
import io.hookbridge.db.EarlierH2Journal;
import io.hookbridge.db.EmbeddedJournalLock;
import io.hookbridge.db.JournalDurability;
import io.hookbridge.db.SchemaMigrations;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.delivery.DeliveryStore;
import io.hookbridge.flow.FlowFiles;
import io.hookbridge.flow.FlowRouter;
import io.hookbridge.delivery.DeliveryWorker;
import io.hookbridge.delivery.FlowCatalog;
import io.hookbridge.delivery.FlowDispatcher;
import io.hookbridge.delivery.FlowGates;
import io.hookbridge.delivery.FlowPacing;
import io.hookbridge.delivery.WriterLeases;
import io.hookbridge.delivery.FailureClassifier;
import io.hookbridge.delivery.FlowCircuits;
import io.hookbridge.delivery.RetryPolicy;
import io.hookbridge.delivery.RetrySchedule;
import io.hookbridge.web.ErrorResponse;
import io.hookbridge.ingress.server.IngressDrain;
import io.hookbridge.ingress.server.ClientAccessGate;
import io.hookbridge.ingress.IngressGuard;
import io.hookbridge.ingress.IngressSetup;
import io.hookbridge.journal.JournalCommit;
import io.hookbridge.ingress.server.HttpServerSetup;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.payload.StoredPayloads;
import io.hookbridge.journal.EventIds;
import io.hookbridge.journal.JournalPurge;
import io.hookbridge.journal.JournalWriter;
import io.hookbridge.journal.SignedBodyKeys;
import io.hookbridge.logging.LogSetup;
import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.metrics.MetricsSetup;
import io.hookbridge.metrics.ThreadReadiness;
import io.hookbridge.sink.Sinks;
import io.hookbridge.sink.SinksSetup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the bridge's Java parts from the settings and binds them for the YAML routes. This is
 * the one place beans are registered; application.properties names it in
 * {@code camel.main.configuration-classes}.
 */
public class HookbridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HookbridgeConfiguration.class);
    private static final int JOURNAL_BATCH = 256;
    private static final int JOURNAL_QUEUE = 10_000;
    private static final long JOURNAL_COMMIT_TIMEOUT_MILLIS = 10_000;
    private static final long CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final String DEFAULT_SCHEDULE = "5s,5m,30m,2h,5h,10h,14h,20h,24h";

    @Override
    public void configure(CamelContext context) throws Exception {
        ProfileCheck.check(context, HookbridgeMain.selectedProfile());
        Settings settings = new Settings(context);
        LogSetup.configure(settings);
        if (settings.flag(CheckCommand.SETTING, false)) {
            // camel run ... --prop hookbridge.check=true: check the flows as java -jar hookbridge.jar check
            // does, say so, and end here, before anything opens a database or a port
            CheckCommand.exit(CheckCommand.check(context, settings, System.out));
        }
        Clock clock = Clock.systemUTC();
        Registry registry = context.getRegistry();

        int port = settings.integer("camel.server.port", 8080);
        DatabaseSettings journalDb = JournalDurability.check(database(settings, "hookbridge.db", null));
        DatabaseSettings sinkDb = database(settings, "hookbridge.sql", journalDb);
        RetryPolicy retries = new RetryPolicy(
                RetrySchedule.parse(settings.text("hookbridge.delivery.retry-schedule", DEFAULT_SCHEDULE),
                        "hookbridge.delivery.retry-schedule"),
                flow -> flowSchedule(settings, flow), settings.decimal("hookbridge.delivery.retry-jitter", 0.2),
                () -> ThreadLocalRandom.current().nextDouble());
        FlowCircuits circuits = new FlowCircuits(clock, settings.integer("hookbridge.delivery.circuit-failures", 5),
                settings.duration("hookbridge.delivery.circuit-pause", "30s"), Duration.ofMinutes(10));
        DeliveryWorker.Settings workerSettings = new DeliveryWorker.Settings(
                settings.text("hookbridge.instance-name", defaultInstanceName()),
                settings.integer("hookbridge.delivery.claim-limit", 1000),
                settings.duration("hookbridge.delivery.lease", "60s"),
                Duration.ofMillis(settings.integer("hookbridge.delivery.poll-interval-ms", 1000)),
                settings.duration("hookbridge.delivery.shutdown-grace", "10s"),
                settings.flag("hookbridge.delivery.yield-to-ingress", true));
        if (workerSettings.grace().compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("hookbridge.delivery.shutdown-grace must be at most 20s"
                    + " (the whole stop has camel.main.shutdown-timeout = 20 s)");
        }
        SinksSetup.checkSinkTimeouts(settings, workerSettings.lease());
        PayloadParser parser = new PayloadParser();
        StoredPayloads payloads = new StoredPayloads(parser);
        SampleEvents samples = SampleEvents.load(parser);
        FlowFiles flowFiles = FlowVerification.files(settings);
        FlowVerification.verify(context, settings, settings.zone(), samples, payloads, flowFiles);
        boolean deliveryEnabled = settings.flag("hookbridge.delivery.enabled", true);
        int requestThreads = settings.integer("hookbridge.ingress.request-threads", 64);

        Path embeddedJournal = JournalDurability.sqliteFile(journalDb.url());
        if (embeddedJournal != null) {
            JournalDurability.createFolder(embeddedJournal, "hookbridge.db.url");
        }
        HikariDataSource journal = open("journal", journalDb, 10, JournalDurability.connectionProperties(journalDb));
        EmbeddedJournalLock journalLock = null;
        boolean configured = false;
        try {
            SqlDialect journalDialect = SqlDialect.of(journal);
            JournalDurability.verify(journal, journalDialect, "hookbridge.db.url");
            if (embeddedJournal != null) {
                // the file SQLite opened, whatever path or URL form led to it: one lock per journal
                journalLock = EmbeddedJournalLock.acquire(JournalDurability.openedFile(journal), "hookbridge.db.url");
                EmbeddedJournalLock lock = journalLock;
                closeOnStop(context, () -> {
                    try {
                        journal.close();
                    } finally {
                        lock.close();
                    }
                });
            } else {
                closeOnStop(context, journal);
            }
            SchemaMigrations.migrate(journal, journalDialect, "journal", "hookbridge_schema_history");

            HikariDataSource sink = sinkDb == journalDb ? journal : open("sql-sink", sinkDb, 5, Map.of());
            if (sink != journal) {
                closeOnStop(context, sink);
            }
            SqlDialect sinkDialect = SqlDialect.of(sink);
            SchemaMigrations.migrate(sink, sinkDialect, "sink", "hookbridge_sink_schema_history");
            Path dataDir = Path.of(settings.text("hookbridge.data-dir", "./data")).toAbsolutePath().normalize();
            if (embeddedJournal != null && embeddedJournal.getParent().equals(dataDir)) {
                EarlierH2Journal.moveInto(dataDir, journal);
            }
            SignedBodyKeys.backfill(journal);

            FlowCatalog flows = new FlowCatalog();
            flows.knowTemplates(flowFiles.templatesByFlow());
            flows.watch(context);
            FlowRouter router = new FlowRouter(flows, payloads);
            registry.bind("flowRouter", router);
            BridgeMetrics metrics = new BridgeMetrics(MetricsSetup.registry(context));
            AlertsSetup.Alerts alerts = AlertsSetup.configure(context, settings, new AlertsSetup.Journal(journal,
                    embeddedJournal == null ? null : embeddedJournal.getParent()), clock, settings.zone(), metrics,
                    workerSettings.instance(), workerSettings.lease(), port);
            DeliveryStore deliveries = new DeliveryStore(journal, journalDialect, payloads, alerts.delivery());
            if (embeddedJournal != null) {
                takeBackEarlierClaims(deliveries);
            }
            WriterLeases writerLeases = new WriterLeases(journal, workerSettings.instance(), workerSettings.lease(),
                    workerSettings.pollInterval(), clock);
            FlowGates gates = new FlowGates(flows, circuits, new FlowPacing(clock), writerLeases, deliveries);
            DeliveryWorker worker = new DeliveryWorker(deliveries, new FlowDispatcher(context), retries,
                    new FailureClassifier(clock), circuits, gates, clock, workerSettings, metrics, alerts.delivery());
            JournalWriter writer = new JournalWriter(journal, new EventIds(clock), JOURNAL_BATCH, JOURNAL_QUEUE,
                    deliveryEnabled ? worker::wake : () -> { });

            registry.bind("journalDataSource", DataSource.class, journal);
            registry.bind("sinkDataSource", DataSource.class, sink);
            ClientAccessGate accessGate = IngressSetup.configure(context, settings, parser, clock, port,
                    requestThreads, metrics);
            registry.bind("journalCommit", new JournalCommit(writer, JOURNAL_COMMIT_TIMEOUT_MILLIS, metrics));
            registry.bind("errorResponse", new ErrorResponse(metrics, IngressGuard.SOURCE_PROPERTY));
            MetricsSetup.configure(context, journal, clock, metrics);
            registry.bind("journalWriterReadiness", new ThreadReadiness("journal-writer", "journal writer",
                    writer::failure));
            registry.bind("deliveryWorkerReadiness", new ThreadReadiness("delivery-worker", "delivery worker",
                    worker::failure));
            Sinks sinks = SinksSetup.configure(context, settings, clock, metrics,
                    deliveryEnabled ? writerLeases::holds : null, gates::writerCalling);
            int maxBodyBytes = IngressSetup.maxBodyBytes(settings);
            FlowPreviews previews = new FlowPreviews(context, flows, flowFiles.templates(), parser, payloads,
                    maxBodyBytes, clock, sinks);
            AdminAuth adminAuth = new AdminAuth(settings.text("hookbridge.admin.token", ""));
            registry.bind("adminAuth", adminAuth);
            registry.bind("adminApi", new AdminApi(journal, clock, flows, router, payloads, samples, previews,
                    worker::wake, alerts.channels()));
            registry.bind("consoleSampleIngress", new ConsoleSampleIngress(samples, parser, maxBodyBytes, clock));
            registry.bind("adminConsole", new ConsoleFiles());
            registry.bind("consoleHeaderFilter", ConsoleFiles.headerFilter());

            context.addService(writer, true, true);
            context.addService(new JournalPurge(journal, journalDialect, clock, settings.duration("hookbridge.journal.retention", "30d"),
                    settings.duration("hookbridge.journal.purge-interval", "10m")), true, true);
            IngressDrain drain = new IngressDrain();
            context.addStartupListener(new HttpServerSetup(port, drain, accessGate, metrics));
            context.addStartupListener(afterRoutes(flows, deliveries, deliveryEnabled ? worker : null));
            if (deliveryEnabled) {
                context.addService(worker, true, false);
            }
            context.getManagementStrategy().addEventNotifier(onStopping(drain, worker));

            LOG.info("Journal: {} ({}); SQL sink: {}", journalDb.safeUrl(), journalDialect,
                    sink == journal ? "the journal database" : sinkDb.safeUrl() + " (" + sinkDialect + ")");
            if (adminAuth.enabled()) {
                LOG.info("Admin console: http://<this host>:{}/admin/ and API /admin/api/ (log in with hookbridge.admin.token)",
                        port);
            } else {
                LOG.info("Admin console and API are off: set hookbridge.admin.token (for example HOOKBRIDGE_ADMIN_TOKEN)"
                        + " to turn them on");
            }
            logManagement(settings);
            if (!deliveryEnabled) {
                LOG.warn("Deliveries are off (hookbridge.delivery.enabled=false): events are journaled but not delivered");
            }
            configured = true;
        } finally {
            // a start that fails leaves the journal to the next one
            if (!configured) {
                journal.close();
                if (journalLock != null) {
                    journalLock.close();
                }
            }
        }
    }

    private static void logManagement(Settings settings) {
        if (settings.flag("camel.management.enabled", false)) {
            LOG.info("Health and metrics: http://<this host>:{}/observe/health/ready, /observe/health/live,"
                    + " /observe/metrics (camel.management.port)", settings.integer("camel.management.port", 9876));
        } else {
            LOG.info("Health and metrics are off: set camel.management.enabled=true to serve them");
        }
    }

    private static RetrySchedule flowSchedule(Settings settings, String flow) {
        String key = "hookbridge.flow." + flow + ".retry-schedule";
        String text = settings.text(key, "");
        return text.isEmpty() ? null : RetrySchedule.parse(text, key);
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

    private static DatabaseSettings database(Settings settings, String prefix, DatabaseSettings fallback) {
        String url = settings.text(prefix + ".url", "");
        if (url.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException(prefix + ".url is not set: give a JDBC URL for the journal database");
            }
            return fallback;
        }
        return new DatabaseSettings(prefix, url, settings.text(prefix + ".username", ""),
                settings.text(prefix + ".password", ""));
    }

    /** An embedded journal is this process's alone (EmbeddedJournalLock): claims of an earlier run are void. */
    private static void takeBackEarlierClaims(DeliveryStore deliveries) throws SQLException {
        int taken = deliveries.releaseEveryClaim();
        if (taken > 0) {
            LOG.info("Took back {} deliveries claimed by an earlier run that did not stop cleanly; they go out now", taken);
        }
    }

    private static HikariDataSource open(String name, DatabaseSettings db, int poolSize,
            Map<String, String> driverProperties) {
        try {
            return DataSources.pool(name, db, poolSize, CONNECT_TIMEOUT_MILLIS, driverProperties);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the " + name + " database at " + db.safeUrl() + ": "
                    + rootMessage(e) + " (check " + db.settingPrefix() + ".url, .username and .password)", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        }, true, true);
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
    private static SimpleEventNotifierSupport onStopping(IngressDrain drain, DeliveryWorker worker) {
        return new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    drain.begin();
                    ServiceHelper.stopService(worker);
                }
            }
        };
    }
}
