package io.hookbridge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configuration mistakes stop the startup with a message that names the setting to fix,
 * instead of failing at the first webhook.
 */
class StartupChecksTest {

    static Stream<Arguments> mistakes() throws Exception {
        Path notAKey = Files.createTempFile("hookbridge-not-a-key-", ".json");
        Files.writeString(notAKey, "this is not a service-account key");
        Path sqliteFile = Files.createTempDirectory("hookbridge-weak-").resolve("journal.db");
        return Stream.of(
                Arguments.of("a JDBC URL of no known database", Map.of("hookbridge.db.url", "jdbc:nosuchdb://db/hookbridge"),
                        "hookbridge.db.url"),
                Arguments.of("an H2 journal, which never forces a commit to disk",
                        Map.of("hookbridge.db.url", "jdbc:h2:file:./target/h2-journal;WRITE_DELAY=0"), "hookbridge.db.url"),
                Arguments.of("an SQLite journal without an fsync per commit",
                        Map.of("hookbridge.db.url", "jdbc:sqlite:" + sqliteFile + "?synchronous=OFF"), "hookbridge.db.url"),
                Arguments.of("an SQLite journal without its write-ahead log",
                        Map.of("hookbridge.db.url", "jdbc:sqlite:" + sqliteFile + "?journal_mode=MEMORY"),
                        "hookbridge.db.url"),
                Arguments.of("an SQLite journal in memory", Map.of("hookbridge.db.url", "jdbc:sqlite::memory:"),
                        "hookbridge.db.url"),
                Arguments.of("a journal database that does not answer",
                        Map.of("hookbridge.db.url", "jdbc:postgresql://127.0.0.1:1/hookbridge"), "hookbridge.db.url"),
                Arguments.of("an SQL sink URL that is not JDBC", Map.of("hookbridge.sql.url", "postgres://127.0.0.1/x"),
                        "hookbridge.sql.url"),
                Arguments.of("a Google key file that does not exist", Map.of("hookbridge.sheets.spreadsheet-id", "sheet",
                        "hookbridge.sheets.service-account-key", "/nonexistent/google-key.json"),
                        "hookbridge.sheets.service-account-key"),
                Arguments.of("a Google key file that is not a key", Map.of("hookbridge.sheets.spreadsheet-id", "sheet",
                        "hookbridge.sheets.service-account-key", notAKey.toString()),
                        "hookbridge.sheets.service-account-key"),
                Arguments.of("an SMTP host that does not resolve", Map.of("hookbridge.alerts.to", "owner@shop.example",
                        "hookbridge.mail.host", "smtp.no-such-host.invalid", "hookbridge.mail.from", "bridge@shop.example"),
                        "hookbridge.mail.host"),
                Arguments.of("alerts without an SMTP server", Map.of("hookbridge.alerts.to", "owner@shop.example"),
                        "hookbridge.mail.host"),
                Arguments.of("operator alerts by email without an SMTP server",
                        Map.of("hookbridge.operator.email", "owner@shop.example"), "hookbridge.operator.email"),
                Arguments.of("an operator email that is not an address", Map.of("hookbridge.operator.email",
                        "owner at shop", "hookbridge.mail.host", "127.0.0.1", "hookbridge.mail.from",
                        "bridge@shop.example"), "hookbridge.operator.email"),
                Arguments.of("an operator webhook that is not HTTP", Map.of("hookbridge.operator.webhook-url",
                        "hooks.example.com/alerts"), "hookbridge.operator.webhook-url"),
                Arguments.of("a daily summary at no time of day", Map.of("hookbridge.operator.webhook-url",
                        "https://hooks.example.com/alerts", "hookbridge.operator.daily-summary-at", "8am"),
                        "hookbridge.operator.daily-summary-at"),
                Arguments.of("a disk threshold that is no size", Map.of("hookbridge.operator.webhook-url",
                        "https://hooks.example.com/alerts", "hookbridge.operator.disk-free-min", "plenty"),
                        "hookbridge.operator.disk-free-min"),
                Arguments.of("an onward URL that is not HTTP", Map.of("hookbridge.forward.url", "ftp://example.com/in"),
                        "hookbridge.forward.url"),
                Arguments.of("a time zone that does not exist", Map.of("hookbridge.time-zone", "Mars/Olympus"),
                        "hookbridge.time-zone"),
                Arguments.of("an onward call that may outlast half the lease", Map.of("hookbridge.forward.url",
                        "http://127.0.0.1:1/in", "hookbridge.delivery.lease", "10s"), "hookbridge.forward.read-timeout-ms"),
                Arguments.of("an SMTP timeout of half the lease", Map.of("hookbridge.alerts.to", "owner@shop.example",
                        "hookbridge.mail.host", "127.0.0.1", "hookbridge.mail.from", "bridge@shop.example",
                        "hookbridge.mail.timeout", "15s", "hookbridge.delivery.lease", "30s"), "hookbridge.mail.timeout"),
                Arguments.of("a Sheets timeout longer than half the lease", Map.of("hookbridge.sheets.spreadsheet-id",
                        "sheet", "hookbridge.delivery.lease", "30s"), "hookbridge.sheets.timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void should_refuse_to_start_naming_the_setting(String mistake, Map<String, String> settings, String setting) {
        try (TestDatabase journal = TestDatabase.embedded()) {
            Map<String, String> all = new HashMap<>(settings);
            assertThatThrownBy(() -> RunningBridge.start(journal, all).close())
                    .hasMessageContaining(setting);
        }
    }
}
