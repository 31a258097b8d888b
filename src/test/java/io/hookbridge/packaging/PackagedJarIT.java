package io.hookbridge.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        command.environment().put("HOOKBRIDGE_INGRESS_MAX_BODY_BYTES", "4000");
        Process bridge = command.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !bridge.isAlive() || Files.readString(log).contains("started in"));
            assertThat(bridge.isAlive()).as("bridge alive; log:%n%s", Files.readString(log)).isTrue();

            HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/webhooks/systeme"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json"))));
            assertThat(response.statusCode()).isEqualTo(202);
            HttpResponse<String> tooLarge = RunningBridge.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/webhooks/systeme"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"x\",\"pad\":\"" + "a".repeat(5000) + "\"}")));
            assertThat(tooLarge.statusCode()).as("limit from HOOKBRIDGE_INGRESS_MAX_BODY_BYTES").isEqualTo(413);

            TestDatabase.Reader journal = TestDatabase.reader(
                    "jdbc:h2:file:" + home.resolve("data/hookbridge") + ";AUTO_SERVER=TRUE", "sa", "");
            await().atMost(Duration.ofSeconds(20)).until(() -> journal.count("systeme_sales") == 1
                    && journal.count("systeme_events") == 1);
        } finally {
            bridge.destroy();
            assertThat(bridge.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).contains("Webhook endpoint: POST http://<this host>:" + port + "/webhooks/systeme"
                + " (bodies up to 4000 bytes)")
                .contains("hookbridge.delivery.poll-interval-ms = 250").doesNotContain("ERROR");
    }
}
