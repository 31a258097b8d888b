package io.hookbridge.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The bridge running as its own process, as an operator runs it: {@code java -jar
 * hookbridge.jar} (or {@code camel run}, see {@link CamelCli}) in a folder holding a copy of
 * application.properties and routes/.
 */
public final class BridgeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private BridgeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** A new folder with the repository's application.properties and routes/. */
    public static Path newHome() {
        try {
            Path home = Files.createTempDirectory("hookbridge-home-");
            Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
            copyTree(Path.of("routes"), home.resolve("routes"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the jar in {@code home} with these -D settings and waits until it has started. */
    public static BridgeProcess start(Path home, Map<String, String> settings) {
        return start(home, settings, Map.of());
    }

    /** Starts the jar in {@code home} with these -D settings and environment variables, and waits until it has started. */
    public static BridgeProcess start(Path home, Map<String, String> settings, Map<String, String> environment) {
        int port = RunningBridge.freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-Dcamel.server.port=" + port,
                "-Dcamel.management.port=" + RunningBridge.freePort()));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of("target", "hookbridge.jar").toAbsolutePath().toString()));
        return start(command, home, port, environment, Duration.ofSeconds(60));
    }

    /**
     * Runs {@code command} in {@code home} as a bridge that listens on {@code port}, with the
     * test's webhook token and these environment variables, and waits until it has started.
     */
    public static BridgeProcess start(List<String> command, Path home, int port, Map<String, String> environment,
            Duration startTimeout) {
        Path log = home.resolve("bridge-" + port + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("HOOKBRIDGE_INGRESS_TOKEN", TestSecrets.INGRESS_TOKEN);
            builder.environment().putAll(environment);
            Process process = builder.start();
            BridgeProcess bridge = new BridgeProcess(process, log, port);
            try {
                await().atMost(startTimeout).until(() -> !process.isAlive() || bridge.log().contains("started in"));
            } catch (ConditionTimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("the bridge did not start within " + startTimeout + ":\n"
                        + bridge.log(), e);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge exited at start:\n" + bridge.log());
            }
            return bridge;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and the exit code once it has stopped. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the bridge did not stop within 40 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
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
