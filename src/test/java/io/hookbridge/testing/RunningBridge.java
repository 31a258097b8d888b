package io.hookbridge.testing;

import io.hookbridge.HookbridgeMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real application, booted in the test JVM exactly as {@code java -jar} boots it: the
 * repository's application.properties and routes/, with the given settings overriding.
 */
public final class RunningBridge implements AutoCloseable {

    /** The automation-rule webhook address, with the token every test bridge is given. */
    public static final String WEBHOOK = "/webhooks/systeme/" + TestSecrets.INGRESS_TOKEN;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Main main;
    private final int port;
    private final int managementPort;

    private RunningBridge(Main main, int port, int managementPort) {
        this.main = main;
        this.port = port;
        this.managementPort = managementPort;
    }

    public static RunningBridge start(TestDatabase journal, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("hookbridge.db.url", journal.url());
        all.put("hookbridge.db.username", journal.username());
        all.put("hookbridge.db.password", journal.password());
        all.put("hookbridge.delivery.poll-interval-ms", "200");
        all.putAll(settings);
        return startWith(all);
    }

    /** Every flow, shipped or of the tests, that takes sales. */
    private static final List<String> SALE_FLOWS = List.of("events-to-sql", "sales-to-sql", "events-to-sheets",
            "sales-to-sheets", "sales-to-email", "events-to-http", "http-probe", "slow-flow", "mapped-http", "sales-digest",
            "raw-to-sheets", "user-entered-sheets", "positional-sheets");

    /**
     * Settings that add the test flows of src/test/resources/routes (http-probe, slow-flow, ...)
     * and switch off ({@code hookbridge.flow.<name>.enabled=false}) every flow that takes sales
     * but those that {@code test.sale-flows} lists (default: events-to-sql, sales-to-sql, http-probe).
     */
    public static Map<String, String> withTestRoutes(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("camel.main.routes-include-pattern", "file:routes/**/*.camel.yaml,file:src/test/resources/routes/*.camel.yaml");
        List<String> chosen = List.of(settings.getOrDefault("test.sale-flows", "events-to-sql,sales-to-sql,http-probe")
                .split(","));
        SALE_FLOWS.stream().filter(flow -> !chosen.contains(flow))
                .forEach(flow -> all.putIfAbsent("hookbridge.flow." + flow + ".enabled", "false"));
        return all;
    }

    /** These settings with one more. */
    public static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put(key, value);
        return all;
    }

    public static RunningBridge startWith(Map<String, String> settings) {
        int port = settings.containsKey("camel.server.port") ? Integer.parseInt(settings.get("camel.server.port")) : freePort();
        Main main = HookbridgeMain.newMain();
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        int managementPort = freePort();
        main.addOverrideProperty("camel.management.port", String.valueOf(managementPort));
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        main.addOverrideProperty("hookbridge.ingress.token", TestSecrets.INGRESS_TOKEN);
        main.addOverrideProperty("hookbridge.ingress.signing-secret", TestSecrets.SIGNING_SECRET);
        settings.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the bridge did not start: " + e.getMessage(), e);
        }
        return new RunningBridge(main, port, managementPort);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** An address on the management server (health and metrics). */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public HttpResponse<String> get(URI address) {
        return send(HttpRequest.newBuilder(address).GET());
    }

    public HttpResponse<String> postJson(String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpResponse<String> postSample(String sampleName) {
        return postJson(WEBHOOK, Samples.bytes(sampleName));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the bridge did not stop cleanly", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
