package io.hookbridge.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.CamelCli;
import io.hookbridge.testing.LogScan;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The bundle under the Camel CLI: {@code camel run application.properties --profile=} (no
 * profile, as the jar by default) in a folder holding application.properties and routes/, the
 * CLI on its own class path (see {@link CamelCli}). The bridge's classes and libraries reach it
 * only through camel.jbang.dependencies, which names this build's artifact. And the flow check
 * under it ({@code --prop=hookbridge.check=true}), as {@link CheckCommandIT} runs it from the jar.
 * The tests that run the CLI are in this one class, so that no two run it at once.
 */
class CamelRunIT {

    @Test
    void should_run_the_bundle_with_camel_run_accept_a_sale_and_write_its_row() throws Exception {
        List<String> classPath = CamelCli.classPath();
        Path project = Path.of("").toAbsolutePath();
        assertThat(classPath).as("the CLI's own jars, nothing of the bridge").isNotEmpty().noneMatch(entry ->
                Path.of(entry).startsWith(project) || Path.of(entry).getFileName().toString().startsWith("hookbridge"));
        assertThat(dependencies()).as("camel.jbang.dependencies in application.properties names this build's artifact")
                .isEqualTo("io.hookbridge:hookbridge:" + CamelCli.build("version"));

        Path home = BridgeProcess.newHome();
        int port = RunningBridge.freePort();
        int managementPort = RunningBridge.freePort();
        List<String> command = CamelCli.command(classPath, List.of("run", "application.properties", "--profile="));
        try (BridgeProcess bridge = BridgeProcess.start(command, home, port, Map.of(
                "CAMEL_SERVER_PORT", String.valueOf(port), "CAMEL_MANAGEMENT_PORT", String.valueOf(managementPort),
                "HOOKBRIDGE_DELIVERY_POLL_INTERVAL_MS", "250"), Duration.ofSeconds(120))) {
            String camelVersion = CamelCli.build("camel-version");
            // the flows are logged once every route is up, a moment after the start line
            await().atMost(Duration.ofSeconds(20)).until(() -> bridge.log().contains("Flows on: "));
            assertThat(bridge.log()).contains("Apache Camel (JBang) " + camelVersion + " is starting")
                    .doesNotContain("starting with profile")
                    .contains("Flows on: events-to-sql, sales-to-sql")
                    .contains("Vert.x HttpServer started on 0.0.0.0:" + port)
                    .contains("Vert.x HttpServer started on 0.0.0.0:" + managementPort);
            assertThat(RunningBridge.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready"))).statusCode())
                    .isEqualTo(200);

            URI webhook = URI.create(bridge.url(RunningBridge.WEBHOOK));
            HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(webhook)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json"))));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

            TestDatabase.Reader journal = BridgeProcess.configuredJournal(home);
            await().atMost(Duration.ofSeconds(20)).until(() -> journal.count("systeme_sales") == 1);
            Map<String, Object> sale = journal.db().rows("SELECT * FROM systeme_sales").get(0);
            assertThat(response.body()).contains("\"event_id\":\"" + sale.get("event_id") + "\"");
            assertThat(sale).containsEntry("order_id", 612661L).containsEntry("email", "test-1922@systeme.io")
                    .containsEntry("amount_cents", 583L).containsEntry("currency", "eur");

            // the CLI logs through its own log4j2: the bridge's redaction must reach it too
            HttpResponse<String> unrouted = RunningBridge.send(HttpRequest.newBuilder(webhook)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"jane.doe@example.com\"}")));
            assertThat(unrouted.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> bridge.log().contains("kept as unrouted"));
            assertThat(bridge.log()).contains("of type 'j***@example.com'").doesNotContain("jane.doe@example.com");

            bridge.stop();
            assertThat(bridge.log()).contains("Apache Camel " + camelVersion + " (hookbridge) is shutting down (timeout:20s)")
                    .contains("Apache Camel " + camelVersion + " (hookbridge) shutdown in").doesNotContain("ERROR");
            LogScan.assertNoSecrets("the camel run log", bridge.log());
        }
    }

    @Test
    void should_check_under_camel_run_with_the_check_setting() throws Exception {
        List<String> command = CamelCli.command(CamelCli.classPath(), List.of("run", "application.properties",
                "--profile=", "--prop=hookbridge.check=true"));
        Path home = BridgeProcess.newHome();

        CheckCommandIT.Run shipped = CheckCommandIT.run(home, command);
        Files.writeString(home.resolve("routes/flows/tags-to-sql.camel.yaml"), CheckCommandIT.TAGS_TO_SQL);
        CheckCommandIT.Run broken = CheckCommandIT.run(home, command);

        assertThat(shipped.exitCode()).as(shipped.output()).isZero();
        assertThat(shipped.output()).contains("Hookbridge check: 9 flows, no mistakes\n").doesNotContain("started in");
        assertThat(broken.exitCode()).as(broken.output()).isEqualTo(1);
        assertThat(broken.output()).contains("Hookbridge check: a mistake in the flows:\n" + CheckCommandIT.MISTAKE + "\n")
                .doesNotContain("started in");
        assertThat(home.resolve("data")).as("nothing opened the journal").doesNotExist();
    }

    /** camel.jbang.dependencies as the CLI reads it from application.properties. */
    private static String dependencies() throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("application.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties.getProperty("camel.jbang.dependencies");
    }
}
