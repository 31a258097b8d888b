package io.hookbridge.admin;

import io.hookbridge.Settings;
import io.hookbridge.delivery.FlowCatalog;
import io.hookbridge.flow.FlowFiles;
import io.hookbridge.flow.FlowRouter;
import io.hookbridge.flow.SampleEvents;
import io.hookbridge.journal.PayloadReader;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.sink.Sinks;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console and its API, at {@code /admin/}: their beans for the admin routes (the
 * authentication by {@code hookbridge.admin.token}, the API, the console's samples and files),
 * and the line that says at start where they are, or that they are off.
 */
public final class AdminSetup {

    private static final Logger LOG = LoggerFactory.getLogger(AdminSetup.class);

    private final boolean enabled;

    private AdminSetup(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Binds the admin routes' beans.
     *
     * @param journal        the journal's database, which the API reads
     * @param maxBodyBytes   the largest webhook body (hookbridge.ingress.max-body-bytes): the console's
     *                       samples and previews refuse what the webhook endpoint would
     * @param wakeDeliveries wakes the delivery worker when a replay adds deliveries
     * @param alertChannels the channels of the operator's alerts that are on; empty: off
     */
    public static AdminSetup configure(CamelContext context, Settings settings, Clock clock, DataSource journal,
            FlowCatalog flows, FlowRouter router, FlowFiles flowFiles, PayloadParser parser, PayloadReader payloads,
            SampleEvents samples, Sinks sinks, int maxBodyBytes, Runnable wakeDeliveries, List<String> alertChannels) {
        Registry registry = context.getRegistry();
        FlowPreviews previews = new FlowPreviews(context, flows, flowFiles.templates(), parser, payloads,
                maxBodyBytes, clock, sinks);
        AdminAuth adminAuth = new AdminAuth(settings.text("hookbridge.admin.token", ""));
        registry.bind("adminAuth", adminAuth);
        registry.bind("adminApi", new AdminApi(journal, clock, flows, router, payloads, samples, previews,
                wakeDeliveries, alertChannels));
        registry.bind("consoleSampleIngress", new ConsoleSampleIngress(samples, parser, maxBodyBytes, clock));
        registry.bind("adminConsole", new ConsoleFiles());
        registry.bind("consoleHeaderFilter", ConsoleFiles.headerFilter());
        return new AdminSetup(adminAuth.enabled());
    }

    /** Says at start where the console and the API are, or how to turn them on. */
    public void logAddress(int port) {
        if (enabled) {
            LOG.info("Admin console: http://<this host>:{}/admin/ and API /admin/api/ (log in with hookbridge.admin.token)",
                    port);
        } else {
            LOG.info("Admin console and API are off: set hookbridge.admin.token (for example HOOKBRIDGE_ADMIN_TOKEN)"
                    + " to turn them on");
        }
    }
}
