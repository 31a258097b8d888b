package io.hookbridge.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.LogScan;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped production profile: the jar started with the profile selected each way an operator
 * can, in a folder holding application.properties, routes/ and the repository's
 * application-prod.properties, whose database and data folder are changed to this machine's test
 * ones. The rows landing in PostgreSQL, the allowlist behind the local proxy and the public
 * address in the log all come from that file: without it the bridge would journal into H2 and
 * accept any address.
 */
class ProductionProfileIT {

    enum Selection { ENVIRONMENT, SYSTEM_PROPERTY, APPLICATION_PROPERTIES }

    @ParameterizedTest
    @EnumSource(Selection.class)
    void should_journal_into_postgresql_and_admit_only_systeme_io_through_the_proxy(Selection selection)
            throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Path home = BridgeProcess.newHome();
            Path dataDir = Files.createDirectories(home.resolve("state"));
            String profile = Files.readString(Path.of("application-prod.properties"));
            profile = setting(profile, "hookbridge.db.url", db.url());
            profile = setting(profile, "hookbridge.db.username", db.username());
            profile = setting(profile, "hookbridge.data-dir", dataDir.toString());
            Files.writeString(home.resolve("application-prod.properties"), profile);

            Map<String, String> settings = new HashMap<>(Map.of("hookbridge.delivery.poll-interval-ms", "250"));
            Map<String, String> environment = new HashMap<>(Map.of("HOOKBRIDGE_DB_PASSWORD", db.password(),
                    "HOOKBRIDGE_ADMIN_TOKEN", TestSecrets.ADMIN_TOKEN));
            switch (selection) {
                case ENVIRONMENT -> environment.put("CAMEL_MAIN_PROFILE", "prod");
                case SYSTEM_PROPERTY -> settings.put("camel.main.profile", "prod");
                case APPLICATION_PROPERTIES -> Files.writeString(home.resolve("application.properties"),
                        "\ncamel.main.profile = prod\n", StandardOpenOption.APPEND);
            }

            try (BridgeProcess bridge = BridgeProcess.start(home, settings, environment)) {
                // the local peer is the trusted proxy; only the systeme.io address it forwards is allowed
                assertThat(postSale(bridge, null).statusCode()).isEqualTo(403);
                assertThat(postSale(bridge, "203.0.113.9").statusCode()).isEqualTo(403);
                HttpResponse<String> accepted = postSale(bridge, "185.236.142.1");
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

                await().atMost(Duration.ofSeconds(30)).until(() -> db.count("systeme_sales") == 1);
                assertThat(db.count("hookbridge_event")).isEqualTo(1);
                assertThat(db.rows("SELECT order_id, email FROM systeme_sales")).containsExactly(
                        Map.of("order_id", 612661L, "email", "test-1922@systeme.io"));
                assertThat(db.rows("SELECT remote_address FROM hookbridge_event")).extracting(row -> row.get("remote_address"))
                        .containsExactly("185.236.142.1");
                HttpResponse<String> events = RunningBridge.send(HttpRequest.newBuilder(
                        URI.create(bridge.url("/admin/api/events"))).header("Authorization", "Bearer " + TestSecrets.ADMIN_TOKEN));
                assertThat(events.statusCode()).isEqualTo(200);
                assertThat(events.body()).contains("customer.sale.completed");

                assertThat(home.resolve("data")).as("no H2 journal of the default settings").doesNotExist();
                assertThat(bridge.log())
                        .contains("The application is starting with profile: production")
                        .contains("Webhook endpoint: POST https://hooks.example.com/webhooks/systeme/<token>")
                        .contains("[application-prod.properties]  hookbridge.ingress.trusted-proxies = 127.0.0.1,::1")
                        .doesNotContain("ERROR");
                LogScan.assertNoSecrets("the jar's log", bridge.log());
                assertThat(bridge.stop()).as("exit code after SIGTERM").isEqualTo(143);
            }
        }
    }

    private static HttpResponse<String> postSale(BridgeProcess bridge, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bridge.url(RunningBridge.WEBHOOK)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json")));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return RunningBridge.send(request);
    }

    /** The properties text with the value of one existing setting replaced. */
    private static String setting(String properties, String key, String value) {
        Matcher line = Pattern.compile("^" + Pattern.quote(key) + " = .*$", Pattern.MULTILINE).matcher(properties);
        assertThat(line.find()).as("%s in application-prod.properties", key).isTrue();
        return line.replaceFirst(Matcher.quoteReplacement(key + " = " + value));
    }
}
