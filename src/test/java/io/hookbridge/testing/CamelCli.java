package io.hookbridge.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Camel CLI ({@code camel}) as a user without jbang runs it (docs/development.md, "The Camel
 * CLI launcher"): camel-cli/CamelCli.java on the jars of camel-cli/pom.xml, with nothing of the bridge
 * on that class path. {@code camel run} fetches the bridge through camel.jbang.dependencies from
 * a local Maven repository of its own, target/camel-cli/repository, which holds this build's
 * jar and pom where {@code mvn install} puts them; whatever else it needs it fetches from Maven
 * Central into that folder, once per clean build.
 *
 * <p>Reads the build's settings from system properties that failsafe sets (see pom.xml):
 * {@code hookbridge.build.version}, {@code .camel-version}, {@code .maven-home}, {@code .local-repository}.
 */
public final class CamelCli {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path WORK = PROJECT.resolve("target/camel-cli");

    private CamelCli() {
    }

    /**
     * The command line of {@code camel <arguments>} on the CLI's class path. The user's home stays
     * the CLI's: its ~/.m2/settings.xml (mirrors, proxies) applies as for a user of the CLI.
     */
    public static List<String> command(List<String> classPath, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx384m",
                "-Dmaven.repo.local=" + repositoryWithThisBuild(),
                "-cp", String.join(File.pathSeparator, classPath),
                PROJECT.resolve("camel-cli/CamelCli.java").toString()));
        command.addAll(arguments);
        return command;
    }

    /** The CLI's jars, as {@code mvn -f camel-cli/pom.xml package} lists them in camel-cli/target/classpath. */
    public static List<String> classPath() {
        List<String> mvn = List.of(mavenExecutable(), "-B", "-q", "-f", "camel-cli/pom.xml", "package",
                "-Dmaven.repo.local=" + build("local-repository"));
        Path log = WORK.resolve("mvn.log");
        try {
            Files.createDirectories(WORK);
            Process process = new ProcessBuilder(mvn).directory(PROJECT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", mvn) + " failed:\n" + Files.readString(log));
            }
            return List.of(Files.readString(PROJECT.resolve("camel-cli/target/classpath")).trim()
                    .split(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** target/camel-cli/repository with this build's jar and pom in it, as mvn install leaves them. */
    private static Path repositoryWithThisBuild() {
        String version = build("version");
        Path repository = WORK.resolve("repository");
        Path folder = repository.resolve("io/hookbridge/hookbridge/" + version);
        try {
            Files.createDirectories(folder);
            Files.copy(PROJECT.resolve("target/hookbridge-" + version + ".jar"),
                    folder.resolve("hookbridge-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(PROJECT.resolve("pom.xml"), folder.resolve("hookbridge-" + version + ".pom"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return repository;
    }

    private static String mavenExecutable() {
        String home = System.getProperty("hookbridge.build.maven-home", "");
        return home.isEmpty() ? "mvn" : Path.of(home, "bin", "mvn").toString();
    }

    /** One of the build's settings that failsafe passes on. */
    public static String build(String name) {
        String value = System.getProperty("hookbridge.build." + name, "");
        if (value.isEmpty()) {
            throw new IllegalStateException("system property hookbridge.build." + name + " is not set: run this test"
                    + " through Maven (mvn verify), which sets it");
        }
        return value;
    }
}
