package io.hookbridge.sink.sheets;

import com.google.api.services.sheets.v4.Sheets;
import io.hookbridge.Settings;
import io.hookbridge.mapping.FieldMappings;
import io.hookbridge.metrics.BridgeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.sheets.GoogleSheetsComponent;
import org.apache.camel.component.google.sheets.GoogleSheetsConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures the {@code google-sheets} component from {@code hookbridge.sheets.*}: the
 * credentials (a service-account key file, or an OAuth client id, secret and refresh token),
 * the API's root URL and the call timeout; and binds the Sheets sink ({@code sheetsSink}) with
 * what it needs: the Sheets flows as Camel adds them, the writer with its refresh intervals, and
 * the startup check of every spreadsheet. A key file that cannot be read, or a spreadsheet id
 * without credentials, stops the startup with a message naming the setting. The log always says
 * which account the bridge writes as: the address to share the spreadsheets with.
 */
public final class SheetsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SheetsSetup.class);
    private static final String KEY = "hookbridge.sheets.service-account-key";

    private SheetsSetup() {
    }

    /**
     * @param zone        where the dates and times of rows are taken (hookbridge.time-zone)
     * @param metrics     where the Sheets calls are counted
     * @param holdsWriter whether this instance holds a writer's lease now (it sets spreadsheets up only then); null
     *                    while deliveries are off: no spreadsheet is checked or set up
     * @param writerCalling records a set-up write against its writer's calls per minute (the flows' pace)
     */
    public static void configure(CamelContext context, Settings settings, Clock clock, ZoneId zone,
            BridgeMetrics metrics, Predicate<String> holdsWriter, Consumer<String> writerCalling) {
        String rootUrl = settings.text("hookbridge.sheets.root-url", "https://sheets.googleapis.com/");
        GoogleSheetsComponent component = context.getComponent("google-sheets", GoogleSheetsComponent.class);
        component.setClientFactory(new SheetsClientFactory(rootUrl,
                settings.text("hookbridge.sheets.token-uri", SheetsClientFactory.GOOGLE_TOKEN_URI),
                settings.duration("hookbridge.sheets.timeout", "20s")));
        GoogleSheetsConfiguration configuration = component.getConfiguration();
        if (configuration == null) {
            configuration = new GoogleSheetsConfiguration();
            component.setConfiguration(configuration);
        }
        GoogleSheetsConfiguration clientConfiguration = configuration;
        SheetsFlows flows = new SheetsFlows(new FieldMappings(zone));
        flows.watch(context);
        String account = credentials(context, settings, configuration);
        SheetsApi api = new SheetsApi(new Client(() -> component.getClient(clientConfiguration)), metrics);
        SheetsWriter writer = new SheetsWriter(api, clock, settings.duration("hookbridge.sheets.header-refresh", "2m"),
                settings.duration("hookbridge.sheets.key-refresh", "0s"), zone,
                account == null ? "the bridge's Google account" : account, flows::columnsOf);
        context.getRegistry().bind("sheetsSink", new SheetsSink(flows, writer));
        String spreadsheet = settings.text("hookbridge.sheets.spreadsheet-id", "");
        if (account == null) {
            if (!spreadsheet.isEmpty()) {
                throw new IllegalArgumentException("hookbridge.sheets.spreadsheet-id is set, but there are no Google"
                        + " credentials: set " + KEY + " to a service-account key file, or hookbridge.sheets.client-id,"
                        + " hookbridge.sheets.client-secret and hookbridge.sheets.refresh-token");
            }
            return;
        }
        if (holdsWriter != null) {
            try {
                context.addStartupListener(new SheetsStartupCheck(flows, writer, holdsWriter, writerCalling));
            } catch (Exception e) {
                throw new IllegalStateException("cannot add the Google Sheets startup check", e);
            }
        }
        LOG.info("Google Sheets: the bridge writes as {}: share each spreadsheet of the Sheets flows with it (Editor);"
                + " API at {}{}", account, rootUrl, spreadsheet.isEmpty() ? "" : ", spreadsheet " + spreadsheet);
    }

    /** The component's client, made once (by the first call, whichever thread makes it). */
    private static final class Client implements Supplier<Sheets> {
        private final Supplier<Sheets> make;
        private Sheets client;

        Client(Supplier<Sheets> make) {
            this.make = make;
        }

        @Override
        public synchronized Sheets get() {
            if (client == null) {
                client = make.get();
            }
            return client;
        }
    }

    /**
     * Puts the credentials into the component's configuration; says who the bridge writes as ("the service account
     * x@y.iam.gserviceaccount.com"), or null when there are no credentials.
     */
    private static String credentials(CamelContext context, Settings settings, GoogleSheetsConfiguration configuration) {
        String keyFile = settings.text(KEY, "");
        if (!keyFile.isEmpty()) {
            Path path = Path.of(keyFile).toAbsolutePath();
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException(KEY + ": no readable file at " + path);
            }
            String resource = "file:" + path;
            try {
                String account = SheetsClientFactory.serviceAccount(context, resource).getClientEmail();
                configuration.setServiceAccountKey(resource);
                return "the service account " + account;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(KEY + ": " + e.getMessage(), e);
            }
        }
        String clientId = settings.text("hookbridge.sheets.client-id", "");
        if (clientId.isEmpty()) {
            return null;
        }
        String secret = settings.text("hookbridge.sheets.client-secret", "");
        String refreshToken = settings.text("hookbridge.sheets.refresh-token", "");
        if (secret.isEmpty() || refreshToken.isEmpty()) {
            throw new IllegalArgumentException("hookbridge.sheets.client-id is set: set hookbridge.sheets.client-secret"
                    + " and hookbridge.sheets.refresh-token too (HOOKBRIDGE_SHEETS_CLIENT_SECRET,"
                    + " HOOKBRIDGE_SHEETS_REFRESH_TOKEN)");
        }
        configuration.setClientId(clientId);
        configuration.setClientSecret(secret);
        configuration.setRefreshToken(refreshToken);
        return "the Google account that authorised OAuth client " + clientId;
    }
}
