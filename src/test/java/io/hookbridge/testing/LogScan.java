package io.hookbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Searches captured log text for the secrets of {@link TestSecrets}. */
public final class LogScan {

    private LogScan() {
    }

    /** The secrets (by name only) found in the text. */
    public static List<String> secretsIn(String text) {
        return TestSecrets.all().stream().filter(text::contains).map(LogScan::describe).toList();
    }

    public static void assertNoSecrets(String what, String text) {
        assertThat(secretsIn(text)).as("secrets found in %s", what).isEmpty();
    }

    /** A secret's first characters only, so a failure message does not print it whole. */
    private static String describe(String secret) {
        return secret.substring(0, 6) + "…(" + secret.length() + " chars)";
    }
}
