package io.hookbridge.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The bridge running as its own process, as an operator runs it: {@code java -jar
 * hookbridge.jar} (or {@code camel run}, see {@link CamelCli}) in a folder holding a copy of
 * application.properties and routes/.
 */
public final class BridgeProcess implements AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");

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

    /**
     * The journal database that {@code home}'s application.properties configures, reached with
     * the URL the bridge started in {@code home} uses: {@code hookbridge.db.url} with its
     * placeholders resolved from the same file (and the environment), the data folder taken
     * relative to {@code home}. For reading the embedded default journal while the bridge runs.
     */
    public static TestDatabase.Reader configuredJournal(Path home) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestDatabase.reader(resolve(home, properties, "hookbridge.db.url"),
                resolve(home, properties, "hookbridge.db.username"), resolve(home, properties, "hookbridge.db.password"));
    }

    private static String resolve(Path home, Properties properties, String key) {
        String value = properties.getProperty(key, "").strip();
        if (key.equals("hookbridge.data-dir")) {
            value = home.resolve(value.isEmpty() ? "data" : value).normalize().toAbsolutePath().toString();
        }
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String replacement;
            if (name.startsWith("env:")) {
                String[] parts = name.substring(4).split(":", 2);
                String fromEnvironment = System.getenv(parts[0]);
                replacement = fromEnvironment != null ? fromEnvironment : parts.length > 1 ? parts[1] : "";
            } else {
                String[] parts = name.split(":", 2);
                replacement = properties.containsKey(parts[0]) ? resolve(home, properties, parts[0])
                        : parts.length > 1 ? parts[1] : "";
            }
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
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
