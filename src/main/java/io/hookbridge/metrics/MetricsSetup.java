package io.hookbridge.metrics;

import io.hookbridge.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health and metrics on Camel's management server (camel.management.*): the readiness checks of
 * the journal and of the bridge's own threads, and the journal gauges, in the one Prometheus
 * registry that Camel's own metrics (camel.metrics.*) use, where the sinks count their calls too
 * ({@link BridgeMetrics}).
 */
public final class MetricsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsSetup.class);

    private MetricsSetup() {
    }

    /** The Prometheus registry Camel serves at camel.metrics.path, created here when Camel has not made it yet. */
    public static MeterRegistry registry(CamelContext context) {
        MeterRegistry registry = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusMeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        return registry;
    }

    /**
     * @param journalWriterFailure  the Error that ended the journal writer's thread, or null while it runs
     * @param deliveryWorkerFailure the same for the delivery worker's
     */
    public static void configure(CamelContext context, DataSource journal, Clock clock, BridgeMetrics metrics,
            Supplier<Throwable> journalWriterFailure, Supplier<Throwable> deliveryWorkerFailure) throws Exception {
        context.getRegistry().bind("journalReadiness", new JournalReadiness(journal));
        context.addService(new JournalGauges(journal, clock, metrics, context), true, true);
        context.getRegistry().bind("journalWriterReadiness", new ThreadReadiness("journal-writer", "journal writer",
                journalWriterFailure));
        context.getRegistry().bind("deliveryWorkerReadiness", new ThreadReadiness("delivery-worker", "delivery worker",
                deliveryWorkerFailure));
    }

    /** Says at start where health and metrics are served, or how to turn them on. */
    public static void logManagement(Settings settings) {
        if (settings.flag("camel.management.enabled", false)) {
            LOG.info("Health and metrics: http://<this host>:{}/observe/health/ready, /observe/health/live,"
                    + " /observe/metrics (camel.management.port)", settings.integer("camel.management.port", 9876));
        } else {
            LOG.info("Health and metrics are off: set camel.management.enabled=true to serve them");
        }
    }
}
