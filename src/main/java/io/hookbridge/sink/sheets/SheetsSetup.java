package io.hookbridge.sink.sheets;

import io.hookbridge.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.sheets.GoogleSheetsComponent;
import org.apache.camel.component.google.sheets.GoogleSheetsConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures the {@code google-sheets} component from {@code hookbridge.sheets.*}: the
 * credentials (a service-account key file, or an OAuth client id, secret and refresh token),
 * the API's root URL and the call timeout. A key file that cannot be read, or a spreadsheet id
 * without credentials, stops the startup with a message naming the setting.
 */
public final class SheetsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SheetsSetup.class);
    private static final String KEY = "hookbridge.sheets.service-account-key";

    private SheetsSetup() {
    }

    public static void configure(CamelContext context, Settings settings) {
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
        String credentials = credentials(context, settings, configuration);
        String spreadsheet = settings.text("hookbridge.sheets.spreadsheet-id", "");
        if (credentials == null) {
            if (!spreadsheet.isEmpty()) {
                throw new IllegalArgumentException("hookbridge.sheets.spreadsheet-id is set, but there are no Google"
                        + " credentials: set " + KEY + " to a service-account key file, or hookbridge.sheets.client-id,"
                        + " hookbridge.sheets.client-secret and hookbridge.sheets.refresh-token");
            }
            return;
        }
        LOG.info("Google Sheets: {} at {}{}", credentials, rootUrl,
                spreadsheet.isEmpty() ? "" : ", spreadsheet " + spreadsheet);
    }

    /** Puts the credentials into the component's configuration; says which kind, or null when there are none. */
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
                return "service account " + account;
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
        return "OAuth client " + clientId;
    }
}
