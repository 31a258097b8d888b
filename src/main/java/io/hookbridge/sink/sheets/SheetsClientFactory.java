package io.hookbridge.sink.sheets;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.sheets.GoogleSheetsClientFactory;
import org.apache.camel.support.ResourceHelper;

/**
 * Makes the Google Sheets client of the {@code google-sheets} component: from a
 * service-account key (whose own {@code token_uri} says where tokens come from) or from an
 * OAuth client with a refresh token, against the configured root URL of the Sheets API.
 *
 * <p>Unlike the component's default factory, the access token travels only in the
 * {@code Authorization} header (not also in the URL's query, where proxies and access logs
 * keep it), and the client does not retry on its own: the delivery worker does, on its
 * schedule.
 */
public final class SheetsClientFactory implements GoogleSheetsClientFactory {

    /** Google's token endpoint for OAuth refresh tokens. */
    public static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final List<String> DEFAULT_SCOPES = List.of(SheetsScopes.SPREADSHEETS);

    private final String rootUrl;
    private final String tokenUri;
    private final Duration timeout;

    /**
     * @param rootUrl  the Sheets API, {@code https://sheets.googleapis.com/} for Google's
     * @param tokenUri where refresh tokens are exchanged (service accounts use their key's token_uri)
     * @param timeout  connect and read timeout of each call
     */
    public SheetsClientFactory(String rootUrl, String tokenUri, Duration timeout) {
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
        this.tokenUri = tokenUri;
        this.timeout = timeout;
    }

    @Override
    public Sheets makeClient(String clientId, String clientSecret, Collection<String> scopes, String applicationName,
            String refreshToken, String accessToken) {
        return client(UserCredentials.newBuilder().setClientId(clientId).setClientSecret(clientSecret)
                .setRefreshToken(refreshToken).setTokenServerUri(URI.create(tokenUri)).build(), applicationName);
    }

    @Override
    public Sheets makeClient(CamelContext context, String serviceAccountKey, Collection<String> scopes,
            String applicationName, String delegate) {
        GoogleCredentials credentials = serviceAccount(context, serviceAccountKey)
                .createScoped(scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : scopes);
        return client(delegate == null || delegate.isBlank() ? credentials : credentials.createDelegated(delegate),
                applicationName);
    }

    /** Reads a service-account key (a resource such as {@code file:/etc/hookbridge/key.json}); fails naming it. */
    static ServiceAccountCredentials serviceAccount(CamelContext context, String serviceAccountKey) {
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, serviceAccountKey)) {
            return ServiceAccountCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read a Google service-account key from " + serviceAccountKey
                    + ": " + e.getMessage(), e);
        }
    }

    private Sheets client(GoogleCredentials credentials, String applicationName) {
        HttpCredentialsAdapter authorization = new HttpCredentialsAdapter(credentials);
        int millis = (int) timeout.toMillis();
        HttpRequestInitializer initializer = request -> {
            authorization.initialize(request);
            request.setConnectTimeout(millis);
            request.setReadTimeout(millis);
        };
        return new Sheets.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(rootUrl)
                .setApplicationName(applicationName == null ? "hookbridge" : applicationName)
                .build();
    }
}
