package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may send webhooks, over real HTTP: the address token, the allowlist behind trusted proxies, the rate limit. */
class WebhookAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEME_IPS = "185.236.142.1, 185.236.142.2, 185.236.142.3";
    private TestDatabase journal;

    @BeforeEach
    void openJournal() {
        journal = TestDatabase.embedded();
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    @Test
    void should_refuse_a_wrong_or_missing_token_and_store_nothing() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(journal, Map.of())) {
            HttpResponse<String> wrong = bridge.postJson("/webhooks/systeme/" + TestSecrets.INGRESS_TOKEN + "x", sale());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("invalid_token");
            assertThat(wrong.body()).doesNotContain(TestSecrets.INGRESS_TOKEN);
            HttpResponse<String> missing = bridge.postJson("/webhooks/systeme", sale());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("not_found");
            assertThat(bridge.postJson("/webhooks/systeme/", sale()).statusCode()).isIn(401, 404);
            assertThat(journal.count("hookbridge_event")).isZero();

            assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale()).statusCode()).isEqualTo(202);
            assertThat(journal.count("hookbridge_event")).isEqualTo(1);
        }
    }

    @Test
    void should_generate_a_token_at_first_start_show_the_address_once_and_keep_it(@TempDir Path dataDir)
            throws Exception {
        Map<String, String> settings = Map.of("hookbridge.ingress.token", "", "hookbridge.data-dir", dataDir.toString(),
                "hookbridge.public-url", "https://hooks.shop.example/");
        String firstConsole;
        String token;
        try (Console console = Console.capture(); RunningBridge bridge = RunningBridge.start(journal, settings)) {
            firstConsole = console.text();
            token = Files.readString(dataDir.resolve("webhook-token")).trim();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(firstConsole).contains("https://hooks.shop.example/webhooks/systeme/" + token);
            assertThat(bridge.postJson("/webhooks/systeme/" + token, sale()).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale()).statusCode()).isEqualTo(401);
        }
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("webhook-token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Console console = Console.capture(); RunningBridge bridge = RunningBridge.start(journal, settings)) {
            assertThat(console.text()).as("shown only at the first start").doesNotContain(token);
            assertThat(bridge.postJson("/webhooks/systeme/" + token, sale()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void should_refuse_to_start_with_a_weak_token_naming_the_setting() {
        assertThatThrownBy(() -> RunningBridge.start(journal, Map.of("hookbridge.ingress.token", "short")))
                .rootCause().hasMessageContaining("hookbridge.ingress.token").hasMessageNotContaining("short'");
    }

    @Test
    void should_refuse_addresses_outside_the_allowlist_even_when_they_claim_an_allowed_address() throws Exception {
        // with the admin console on, such a peer may connect (for the console) and its webhook gets 403;
        // with it off, the connection is closed at once (AllowlistConnectionsTest)
        try (RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.ingress.allowed-ips", SYSTEME_IPS,
                "hookbridge.admin.token", TestSecrets.ADMIN_TOKEN))) {
            HttpResponse<String> direct = post(bridge, Map.of());
            assertThat(direct.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(direct.body()).get("error").asText()).isEqualTo("address_not_allowed");
            // the peer (127.0.0.1) is no trusted proxy, so what it says in these headers is ignored
            assertThat(post(bridge, Map.of("X-Forwarded-For", "185.236.142.1")).statusCode()).isEqualTo(403);
            assertThat(post(bridge, Map.of("Forwarded", "for=185.236.142.1")).statusCode()).isEqualTo(403);
            assertThat(journal.count("hookbridge_event")).isZero();
        }
    }

    @Test
    void should_read_the_client_from_x_forwarded_for_only_behind_a_trusted_proxy_from_the_right() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.ingress.allowed-ips",
                "185.236.142.0/29", "hookbridge.ingress.trusted-proxies", "127.0.0.1, 10.0.0.0/8"))) {
            assertThat(post(bridge, Map.of()).statusCode()).as("the proxy itself").isEqualTo(403);
            assertThat(post(bridge, Map.of("X-Forwarded-For", "185.236.142.1")).statusCode()).isEqualTo(202);
            // a second trusted proxy (10.1.2.3) is skipped; the spoofed entry on the left is never read
            assertThat(post(bridge, Map.of("X-Forwarded-For", "203.0.113.9, 185.236.142.2, 10.1.2.3"), sale(1)).statusCode())
                    .isEqualTo(202);
            assertThat(post(bridge, Map.of("X-Forwarded-For", "185.236.142.1, 203.0.113.9")).statusCode())
                    .as("the client the proxy saw is 203.0.113.9").isEqualTo(403);
            assertThat(post(bridge, Map.of("X-Forwarded-For", "evil.example.com")).statusCode()).isEqualTo(403);
            assertThat(post(bridge, Map.of("Forwarded", "for=185.236.142.1")).statusCode())
                    .as("only the configured header is read").isEqualTo(403);
            assertThat(journal.rows("SELECT remote_address FROM hookbridge_event ORDER BY received_at_ms"))
                    .extracting(row -> row.values().iterator().next())
                    .containsExactlyInAnyOrder("185.236.142.1", "185.236.142.2");
        }
    }

    @Test
    void should_read_the_rfc_7239_forwarded_header_when_told_to() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.ingress.allowed-ips", "2001:db8::/32",
                "hookbridge.ingress.trusted-proxies", "127.0.0.1", "hookbridge.ingress.forwarded-header", "Forwarded"))) {
            assertThat(post(bridge, Map.of("Forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https")).statusCode())
                    .isEqualTo(202);
            assertThat(post(bridge, Map.of("Forwarded", "for=\"[2001:db8::1]\", for=198.51.100.7")).statusCode())
                    .isEqualTo(403);
            assertThat(post(bridge, Map.of("X-Forwarded-For", "2001:db8::5")).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void should_answer_429_with_retry_after_to_an_address_over_its_rate_and_keep_serving_others() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.ingress.rate-limit", "0.2",
                "hookbridge.ingress.rate-limit-burst", "3", "hookbridge.ingress.trusted-proxies", "127.0.0.1"))) {
            Map<String, String> first = Map.of("X-Forwarded-For", "198.51.100.1");
            for (int i = 0; i < 3; i++) {
                assertThat(post(bridge, first, sale(i)).statusCode()).isEqualTo(202);
            }
            HttpResponse<String> limited = post(bridge, first, sale(3));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 5));
            assertThat(JSON.readTree(limited.body()).get("error").asText()).isEqualTo("rate_limited");
            assertThat(post(bridge, Map.of("X-Forwarded-For", "198.51.100.2"), sale(4)).statusCode()).isEqualTo(202);
            assertThat(journal.count("hookbridge_event")).isEqualTo(4);
        }
    }

    @Test
    void should_stop_at_startup_on_an_unreadable_address_list_naming_the_setting() {
        // a journal of their own: the one of this class's bridge is that process's alone
        try (TestDatabase own = TestDatabase.embedded()) {
            assertThatThrownBy(() -> RunningBridge.start(own, Map.of("hookbridge.ingress.allowed-ips", "185.236.142.1, example.com")))
                    .rootCause().hasMessageContaining("hookbridge.ingress.allowed-ips").hasMessageContaining("example.com");
            assertThatThrownBy(() -> RunningBridge.start(own, Map.of("hookbridge.ingress.trusted-proxies", "10.0.0.0/33")))
                    .rootCause().hasMessageContaining("hookbridge.ingress.trusted-proxies");
        }
    }

    private static HttpResponse<String> post(RunningBridge bridge, Map<String, String> headers) {
        return post(bridge, headers, sale());
    }

    private static HttpResponse<String> post(RunningBridge bridge, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return RunningBridge.send(request);
    }

    private static byte[] sale() {
        return Samples.bytes("customer.sale.completed.json");
    }

    /** A sale made distinct by its order id, so it is not a repeat. */
    private static byte[] sale(int order) {
        return Samples.text("customer.sale.completed.json").replace("612661", String.valueOf(700000 + order))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** What the bridge prints to standard output while it is captured. */
    private static final class Console implements AutoCloseable {
        private final PrintStream original = System.out;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        static Console capture() {
            Console console = new Console();
            System.setOut(new PrintStream(console.captured, true, StandardCharsets.UTF_8));
            return console;
        }

        String text() {
            return captured.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setOut(original);
        }
    }
}
