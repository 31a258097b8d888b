package io.hookbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.main.Main;

/**
 * Starts the bridge from the working directory: its {@code application.properties} and the
 * YAML under {@code routes/} are read from there, so an operator edits them without a rebuild.
 */
public final class HookbridgeMain {

    private HookbridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path workingDirectory = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(workingDirectory.resolve("application.properties"))
                || !Files.isDirectory(workingDirectory.resolve("routes"))) {
            System.err.println("Hookbridge: no application.properties and routes/ in " + workingDirectory
                    + ". Start it from the folder that holds them (the repository root).");
            System.exit(2);
        }
        try {
            newMain().run(args);
        } catch (Exception e) {
            // a configuration mistake: its message names the setting; the stack would bury it
            System.err.println("Hookbridge did not start: " + reasons(e));
            System.exit(1);
        }
    }

    /** The messages of a failure and its causes, each once, outermost first. */
    static String reasons(Throwable failure) {
        StringBuilder text = new StringBuilder();
        String previous = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (previous == null || !previous.contains(message)) {
                text.append(previous == null ? "" : System.lineSeparator() + "  caused by: ").append(message);
            }
            previous = message;
        }
        return text.toString();
    }

    /** The Camel application, configured to read application.properties from the working directory. */
    public static Main newMain() {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        // camel-main ignores environment variables ending in _PORT (it takes them for Kubernetes
        // service links), so CAMEL_SERVER_PORT and CAMEL_MANAGEMENT_PORT are applied here; a -D
        // option still wins
        portFromEnvironment(main, "CAMEL_SERVER_PORT", "camel.server.port");
        portFromEnvironment(main, "CAMEL_MANAGEMENT_PORT", "camel.management.port");
        return main;
    }

    private static void portFromEnvironment(Main main, String variable, String key) {
        String port = System.getenv(variable);
        if (port != null && !port.isBlank() && System.getProperty(key) == null) {
            main.addOverrideProperty(key, port.trim());
        }
    }
}
