package io.hookbridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.main.Main;

/**
 * Starts the bridge from the working directory: its {@code application.properties} and the
 * YAML under {@code routes/} are read from there, so an operator edits them without a rebuild.
 * A profile ({@code -Dcamel.main.profile=prod}, {@code CAMEL_MAIN_PROFILE=prod}, or
 * {@code camel.main.profile = prod} in application.properties) adds
 * {@code application-<profile>.properties} from the same folder, whose settings win.
 * {@code java -jar hookbridge.jar check} checks the flows without starting ({@link CheckCommand}).
 */
public final class HookbridgeMain {

    private static final String PROFILE = "camel.main.profile";

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
        String profile = selectedProfile();
        if (profile != null && !Files.isRegularFile(workingDirectory.resolve(profileFile(profile)))) {
            System.err.println("Hookbridge: profile '" + profile + "' is selected but there is no "
                    + profileFile(profile) + " in " + workingDirectory + ".");
            System.exit(2);
        }
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(CheckCommand.run(profile, System.out));
        }
        try {
            newMain(profile).run(args);
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

    /** The Camel application, with the profile selected by -D, the environment or application.properties. */
    public static Main newMain() {
        return newMain(selectedProfile());
    }

    /**
     * The Camel application, configured to read application.properties from the working directory,
     * and before it application-{@code profile}.properties (null: no profile).
     */
    public static Main newMain(String profile) {
        Main main = new Main();
        main.addMainListener(new RouteFileSyntaxCheck());
        // camel-main itself looks for a profile's file on the classpath only; the first location wins
        String locations = "file:application.properties";
        if (profile != null) {
            main.configure().setProfile(profile);
            locations = "file:" + profileFile(profile) + "," + locations;
        }
        main.setDefaultPropertyPlaceholderLocation(locations);
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

    /** -Dcamel.main.profile, else CAMEL_MAIN_PROFILE, else camel.main.profile in application.properties; null: none. */
    static String selectedProfile() {
        String profile = System.getProperty(PROFILE);
        if (profile == null) {
            profile = System.getenv("CAMEL_MAIN_PROFILE");
        }
        if (profile == null) {
            profile = applicationProperties().getProperty(PROFILE);
        }
        return profile == null || profile.isBlank() ? null : profile.trim();
    }

    static String profileFile(String profile) {
        return "application-" + profile + ".properties";
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        Path file = Path.of("application.properties");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }
}
