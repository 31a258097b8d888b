package io.hookbridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.ListeningPorts;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on the shipped defaults, watched from outside with strace: every webhook
 * answered 202 has been forced to disk (fsync or fdatasync) before its answer, and the process
 * listens on the bridge's two ports only.
 */
class EmbeddedJournalDurabilityIT {

    private static final int WEBHOOKS = 20;

    @Test
    void should_force_the_journal_to_disk_before_each_acknowledgement_and_listen_on_its_own_ports_only()
            throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        if (!Files.isExecutable(strace)) {
            String message = "strace is not installed (apt-get install strace) to count the journal's syncs";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
        Path home = BridgeProcess.newHome();
        int managementPort = RunningBridge.freePort();
        // deliveries off: only the journal's group commits write, so each sync counted is one of theirs
        try (BridgeProcess bridge = BridgeProcess.start(home, Map.of("hookbridge.delivery.enabled", "false",
                "camel.management.port", String.valueOf(managementPort)))) {
            assertThat(ListeningPorts.of(bridge.pid())).containsExactlyInAnyOrder(bridge.port(), managementPort);

            Path syscalls = home.resolve("syncs.txt");
            Path tracerLog = home.resolve("strace.log");
            Process tracer = new ProcessBuilder(strace.toString(), "-f", "-e", "trace=fsync,fdatasync", "-o",
                    syscalls.toString(), "-p", String.valueOf(bridge.pid())).redirectErrorStream(true)
                    .redirectOutput(tracerLog.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(tracerLog).contains("attached"));
                for (int i = 0; i < WEBHOOKS; i++) {
                    byte[] sale = Samples.text("customer.sale.completed.json")
                            .replace("\"id\": 612661", "\"id\": " + (900_000 + i)).getBytes(StandardCharsets.UTF_8);
                    assertThat(RunningBridge.send(HttpRequest.newBuilder(URI.create(bridge.url(RunningBridge.WEBHOOK)))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(sale))).statusCode()).isEqualTo(202);
                }
            } finally {
                tracer.destroy();
                tracer.waitFor(10, TimeUnit.SECONDS);
            }
            // one after another, each webhook had a group commit of its own, and each commit its sync
            assertThat(syncs(syscalls)).as("fsync/fdatasync calls for %d acknowledged webhooks", WEBHOOKS)
                    .isGreaterThanOrEqualTo(WEBHOOKS);
            assertThat(ListeningPorts.of(bridge.pid())).containsExactlyInAnyOrder(bridge.port(), managementPort);
        }
    }

    private static long syncs(Path syscalls) throws IOException {
        List<String> lines = Files.readAllLines(syscalls);
        return lines.stream().filter(line -> line.contains("fsync(") || line.contains("fdatasync(")).count();
    }
}
