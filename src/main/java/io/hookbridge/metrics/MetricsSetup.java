package io.hookbridge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Health and metrics on Camel's management server (camel.management.*): the journal's
 * readiness check and the journal gauges, in the one Prometheus registry that Camel's own
 * metrics (camel.metrics.*) use, where the sinks count their calls too ({@link BridgeMetrics}).
 */
public final class MetricsSetup {

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

    public static void configure(CamelContext context, DataSource journal, Clock clock, BridgeMetrics metrics)
            throws Exception {
        context.getRegistry().bind("journalReadiness", new JournalReadiness(journal));
        context.addService(new JournalGauges(journal, clock, metrics, context), true, true);
    }
}
