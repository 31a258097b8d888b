package io.hookbridge.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        Path home = Files.createTempDirectory("hookbridge-jar-");
        Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        copyTree(Path.of("routes"), home.resolve("routes"));
        int port = RunningBridge.freePort();
        Path log = home.resolve("bridge.log");

        // settings overridden as an operator would: an environment variable and a -D option
        ProcessBuilder command = new ProcessBuilder("java", "-Dhookbridge.delivery.poll-interval-ms=250", "-jar",
                jar.toString()).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("CAMEL_SERVER_PORT", String.valueOf(port));
        Process bridge = command.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !bridge.isAlive() || Files.readString(log).contains("started in"));
            assertThat(bridge.isAlive()).as("bridge alive; log:%n%s", Files.readString(log)).isTrue();

            HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/webhooks/systeme"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("customer.sale.completed.json"))));
            assertThat(response.statusCode()).isEqualTo(202);

            String url = "jdbc:h2:file:" + home.resolve("data/hookbridge") + ";AUTO_SERVER=TRUE";
            await().atMost(Duration.ofSeconds(20)).until(() -> count(url, "systeme_sales") == 1
                    && count(url, "systeme_events") == 1);
        } finally {
            bridge.destroy();
            assertThat(bridge.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).contains("Webhook endpoint: POST http://<this host>:" + port)
                .contains("hookbridge.delivery.poll-interval-ms = 250").doesNotContain("ERROR");
    }

    private static long count(String url, String table) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
