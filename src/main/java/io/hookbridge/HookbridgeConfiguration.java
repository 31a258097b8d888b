package io.hookbridge;

import io.hookbridge.admin.AdminSetup;
import io.hookbridge.alerts.AlertsSetup;
import io.hookbridge.delivery.DeliverySetup;
import io.hookbridge.flow.FlowFiles;
import io.hookbridge.flow.SampleEvents;
import io.hookbridge.ingress.IngressSetup;
import io.hookbridge.ingress.server.ClientAccessGate;
import io.hookbridge.ingress.server.HttpServerSetup;
import io.hookbridge.ingress.server.IngressDrain;
import io.hookbridge.journal.JournalSetup;
import io.hookbridge.journal.JournalWriter;
import io.hookbridge.journal.commit.JournalCommit;
import io.hookbridge.logging.LogSetup;
import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.metrics.MetricsSetup;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.payload.StoredPayloads;
import io.hookbridge.sink.Sinks;
import io.hookbridge.sink.SinksSetup;
import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Builds the bridge's Java parts from the settings and binds them for the YAML routes, through
 * the setup class of each area. This is the one place beans are registered; application.properties
 * names it in {@code camel.main.configuration-classes}. The order is the start's: every check
 * that needs no database comes before the databases open, a start that fails closes the journal
 * again, and the worker starts only once every route is up.
 */
public class HookbridgeConfiguration implements CamelConfiguration {

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
        int port = settings.integer("camel.server.port", 8080);
        JournalSetup journal = JournalSetup.read(settings);
        DeliverySetup delivery = DeliverySetup.read(settings, clock);
        SinksSetup.checkSinkTimeouts(settings, delivery.lease());
        PayloadParser parser = new PayloadParser();
        StoredPayloads payloads = new StoredPayloads(parser);
        SampleEvents samples = SampleEvents.load(parser);
        FlowFiles flowFiles = FlowVerification.files(settings);
        FlowVerification.verify(context, settings, settings.zone(), samples, payloads, flowFiles);
        boolean deliveryEnabled = settings.flag("hookbridge.delivery.enabled", true);
        int requestThreads = settings.integer("hookbridge.ingress.request-threads", 64);

        boolean configured = false;
        try {
            JournalSetup.Databases databases = journal.open(context, settings);
            DeliverySetup.Flows flows = DeliverySetup.flows(context, flowFiles, payloads);
            BridgeMetrics metrics = new BridgeMetrics(MetricsSetup.registry(context));
            AlertsSetup.Alerts alerts = AlertsSetup.configure(context, settings,
                    new AlertsSetup.Journal(databases.journal(), databases.embeddedFolder()), clock, settings.zone(),
                    metrics, delivery.instance(), delivery.lease(), port);
            DeliverySetup.Engine engine = delivery.engine(context, databases.journal(), databases.journalDialect(),
                    databases.embedded(), flows.catalog(), payloads, metrics, alerts.delivery());
            JournalWriter writer = journal.writer(clock, deliveryEnabled ? engine.worker()::wake : () -> { });
            JournalCommit.bind(context, writer, metrics);
            ClientAccessGate accessGate = IngressSetup.configure(context, settings, parser, clock, port,
                    requestThreads, metrics);
            MetricsSetup.configure(context, databases.journal(), clock, metrics, writer::failure,
                    engine.worker()::failure);
            Sinks sinks = SinksSetup.configure(context, settings, clock, metrics,
                    deliveryEnabled ? engine.writerLeases()::holds : null, engine.gates()::writerCalling);
            AdminSetup admin = AdminSetup.configure(context, settings, clock, databases.journal(), flows.catalog(),
                    flows.router(), flowFiles, parser, payloads, samples, sinks, IngressSetup.maxBodyBytes(settings),
                    engine.worker()::wake, alerts.channels());

            journal.addServices(context, settings, writer, clock);
            IngressDrain drain = new IngressDrain();
            context.addStartupListener(new HttpServerSetup(port, drain, accessGate, metrics));
            DeliverySetup.start(context, flows, engine, deliveryEnabled, drain::begin);

            journal.logDatabases();
            admin.logAddress(port);
            MetricsSetup.logManagement(settings);
            DeliverySetup.logWhenOff(deliveryEnabled);
            configured = true;
        } finally {
            if (!configured) {
                journal.closeAfterFailedStart();
            }
        }
    }
}
