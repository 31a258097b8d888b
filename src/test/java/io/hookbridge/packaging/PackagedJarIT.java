package io.hookbridge.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.MailServer;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.LogScan;
import io.hookbridge.testing.PrometheusText;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestSecrets;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as an operator runs it: {@code java -jar hookbridge.jar} in a folder holding
 * application.properties and routes/, on the shipped defaults (embedded H2 under ./data/).
 * Proves that every component the routes use is in the jar and Camel's service files merged.
 */
class PackagedJarIT {

    @Test
    void should_start_from_the_jar_accept_a_sample_and_write_its_rows() throws Exception {
        Path jar = Path.of("target", "hookbridge.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path home = BridgeProcess.newHome();
        int port = RunningBridge.freePort();
        Path log = home.resolve("bridge.log");

        // settings overridden as an operator would: an environment variable and a -D option
        ProcessBuilder command = new ProcessBuilder("java", "-Dhookbridge.delivery.poll-interval-ms=250", "-jar",
                jar.toString()).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("CAMEL_SERVER_PORT", String.valueOf(port));
        int managementPort = RunningBridge.freePort();
        command.environment().put("CAMEL_MANAGEMENT_PORT", String.valueOf(managementPort));
        command.environment().put("HOOKBRIDGE_INGRESS_MAX_BODY_BYTES", "4000");
        Process bridge = command.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !bridge.isAlive() || Files.readString(log).contains("started in"));
            assertThat(bridge.isAlive()).as("bridge alive; log:%n%s", Files.readString(log)).isTrue();

            // no token configured: the first start generates one and shows the address on the console
            String token = Files.readString(home.resolve("data/webhook-token")).trim();
            String webhook = "http://127.0.0.1:" + port + "/webhooks/systeme/" + token;
            assertThat(Files.readString(log)).contains("http://<this host>:" + port + "/webhooks/systeme/" + token);
            assertThat(token).hasSizeGreaterThanOrEqualTo(43);
            HttpResponse<String> wrongToken = RunningBridge.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/webhooks/systeme/" + "x".repeat(43)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json"))));
            assertThat(wrongToken.statusCode()).isEqualTo(401);
            HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(URI.create(webhook))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json"))));
            assertThat(response.statusCode()).isEqualTo(202);
            HttpResponse<String> tooLarge = RunningBridge.send(HttpRequest.newBuilder(URI.create(webhook))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"x\",\"pad\":\"" + "a".repeat(5000) + "\"}")));
            assertThat(tooLarge.statusCode()).as("limit from HOOKBRIDGE_INGRESS_MAX_BODY_BYTES").isEqualTo(413);

            TestDatabase.Reader journal = BridgeProcess.configuredJournal(home);
            await().atMost(Duration.ofSeconds(20)).until(() -> journal.count("systeme_sales") == 1
                    && journal.count("systeme_events") == 1);

            // health and metrics on the management port, from CAMEL_MANAGEMENT_PORT
            String management = "http://127.0.0.1:" + managementPort;
            assertThat(RunningBridge.send(HttpRequest.newBuilder(URI.create(management + "/observe/health/ready")))
                    .statusCode()).isEqualTo(200);
            PrometheusText metrics = new PrometheusText(RunningBridge.send(HttpRequest.newBuilder(
                    URI.create(management + "/observe/metrics"))).body());
            assertThat(metrics.value("hookbridge_events_received_total", Map.of("type", "customer.sale.completed")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("reason", "invalid_token"))).isEqualTo(1);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("reason", "body_too_large"))).isEqualTo(1);
        } finally {
            bridge.destroy();
            assertThat(bridge.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).contains("Webhook endpoint: POST http://<this host>:" + port
                + "/webhooks/systeme/<token> (token from " + home.resolve("data/webhook-token").toAbsolutePath()
                + "; bodies up to 4000 bytes)")
                .contains("hookbridge.delivery.poll-interval-ms = 250").doesNotContain("ERROR");
    }

    @Test
    void should_exit_at_once_with_the_setting_to_fix_when_the_configuration_is_wrong() throws Exception {
        Path home = BridgeProcess.newHome();
        Path log = home.resolve("bridge.log");
        Process bridge = new ProcessBuilder("java", "-Dcamel.server.port=" + RunningBridge.freePort(),
                "-Dcamel.management.port=" + RunningBridge.freePort(), "-Dhookbridge.alerts.to=owner@shop.example",
                "-Dhookbridge.mail.host=smtp.no-such-host.invalid", "-Dhookbridge.mail.from=bridge@shop.example", "-jar",
                Path.of("target", "hookbridge.jar").toAbsolutePath().toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(bridge.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bridge.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("Hookbridge did not start: hookbridge.mail.host: the SMTP server"
                + " 'smtp.no-such-host.invalid' cannot be resolved").doesNotContain("Exception in thread");
    }

    @Test
    void should_send_an_email_and_a_signed_onward_call_from_the_jar_with_secrets_from_the_environment()
            throws Exception {
        String secret = TestSecrets.FORWARD_SECRET;
        try (MailServer mail = MailServer.start(); RecordingHttpServer receiver = new RecordingHttpServer();
                BridgeProcess bridge = BridgeProcess.start(BridgeProcess.newHome(), Map.of(
                        "hookbridge.alerts.to", "owner@shop.example",
                        "hookbridge.mail.host", "127.0.0.1",
                        "hookbridge.mail.port", String.valueOf(mail.smtpsPort()),
                        "hookbridge.mail.security", "ssl",
                        "hookbridge.mail.ssl-trust", "127.0.0.1",
                        "hookbridge.mail.username", MailServer.USER,
                        "hookbridge.mail.from", MailServer.USER,
                        "hookbridge.forward.url", receiver.url("/hooks")),
                        Map.of("HOOKBRIDGE_MAIL_PASSWORD", MailServer.PASSWORD, "HOOKBRIDGE_FORWARD_SECRET", secret))) {
            HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(
                    URI.create(bridge.url(RunningBridge.WEBHOOK))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json"))));
            assertThat(response.statusCode()).isEqualTo(202);

            assertThat(mail.awaitReceived(1, Duration.ofSeconds(30))[0].getSubject())
                    .isEqualTo("New sale: 5.83 EUR, Comment créer un blog qui rapporte, test-1922@systeme.io");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() == 1);
            RecordingHttpServer.Request call = receiver.requests().get(0);
            assertThat(call.body()).isEqualTo(Samples.text("customer.sale.completed.json"));
            new com.standardwebhooks.Webhook(secret).verify(call.body(), call.headers());
            assertThat(bridge.log()).contains("Flows on: events-to-http, events-to-sql, registrations-to-email,"
                    + " sales-to-email, sales-to-sql").doesNotContain(MailServer.PASSWORD).doesNotContain(secret);
            LogScan.assertNoSecrets("the jar's log", bridge.log());
        }
    }
}
