package io.hookbridge.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The check command as an operator runs it, in a folder holding application.properties and
 * routes/: {@code java -jar hookbridge.jar check} (under the Camel CLI: {@link CamelRunIT}). Exit code 0 with "no mistakes" on the
 * shipped flows; 1 with a broken flow, saying what the start says of it; and it leaves a bridge
 * running in the same folder alone (its journal, its lock, its ports).
 */
class CheckCommandIT {

    /** A flow with a typo in its types, as a user reported it: it used to start and never get an event. */
    static final String TAGS_TO_SQL = """
            - templatedRoute:
                routeTemplateRef: sql-insert
                routeId: tags-to-sql
                parameters:
                  - name: flow
                    value: tags-to-sql
                  - name: types
                    value: contact.tag.add
                  - name: table
                    value: contact_tags
                  - name: columns
                    value: |
                      tag   = $.data.tag.name
                      email = $.data.contact.email
            """;
    static final String MISTAKE = "  - routes/flows/tags-to-sql.camel.yaml, flow tags-to-sql: unknown event type"
            + " 'contact.tag.add' in types (did you mean contact.tag.added?)";
    private static final Path JAR = Path.of("target", "hookbridge.jar").toAbsolutePath();

    @Test
    void should_find_no_mistake_in_the_shipped_flows_and_exit_0() throws Exception {
        Run check = run(BridgeProcess.newHome(), List.of("java", "-jar", JAR.toString(), "check"));

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("flow sales-to-sql (routes/flows/sales-to-sql.camel.yaml): sql-insert,"
                + " types customer.sale.completed").endsWith("Hookbridge check: 9 flows, no mistakes\n");
    }

    @Test
    void should_report_a_broken_flow_as_the_start_does_and_exit_1() throws Exception {
        Path home = BridgeProcess.newHome();
        Files.writeString(home.resolve("routes/flows/tags-to-sql.camel.yaml"), TAGS_TO_SQL);

        Run check = run(home, List.of("java", "-jar", JAR.toString(), "check"));
        Run start = run(home, List.of("java", "-Dcamel.server.port=" + RunningBridge.freePort(),
                "-Dcamel.management.port=" + RunningBridge.freePort(), "-jar", JAR.toString()));

        assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
        assertThat(check.output()).endsWith("Hookbridge check: a mistake in the flows:\n" + MISTAKE + "\n");
        assertThat(start.exitCode()).as(start.output()).isEqualTo(1);
        assertThat(start.output()).contains("Hookbridge did not start: a mistake in the flows:\n" + MISTAKE + "\n")
                .doesNotContain("Exception", "Route(");
        assertThat(home.resolve("data")).as("stopped before the journal").doesNotExist();
    }

    @Test
    void should_check_beside_a_running_bridge_without_its_journal_or_its_ports() throws Exception {
        Path home = BridgeProcess.newHome();
        int port = RunningBridge.freePort();
        // the bridge and the check get the same settings, the ports too, as from one application.properties
        List<String> settings = List.of("-Dcamel.server.port=" + port,
                "-Dcamel.management.port=" + RunningBridge.freePort());
        try (BridgeProcess bridge = BridgeProcess.start(java(settings), home, port, Map.of(), Duration.ofSeconds(60))) {
            Run second = run(home, java(settings));
            assertThat(second.exitCode()).as("a second bridge in the same folder is refused").isEqualTo(1);
            assertThat(second.output()).contains("another Hookbridge process is running on the journal");

            List<String> check = new ArrayList<>(java(settings));
            check.add("check");
            Run checked = run(home, check);

            assertThat(checked.exitCode()).as(checked.output()).isZero();
            assertThat(checked.output()).endsWith("Hookbridge check: 9 flows, no mistakes\n");
            assertThat(RunningBridge.send(HttpRequest.newBuilder(URI.create(bridge.url(RunningBridge.WEBHOOK)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json"))))
                    .statusCode()).as("the bridge still takes webhooks").isEqualTo(202);
            TestDatabase.Reader journal = BridgeProcess.configuredJournal(home);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> journal.count("systeme_sales") == 1);
            assertThat(bridge.log()).doesNotContain("ERROR");
        }
    }

    private static List<String> java(List<String> settings) {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
        command.addAll(settings);
        command.addAll(List.of("-jar", JAR.toString()));
        return command;
    }

    record Run(int exitCode, String output) {
    }

    /** Runs the command in home until it ends (within three minutes: camel run may fetch jars first). */
    static Run run(Path home, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(home, "run-", ".log");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
