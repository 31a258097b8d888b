package io.hookbridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookbridge.db.SchemaMigrations;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The embedded journal (SQLite, the default): each commit forced to disk before the 202, one
 * process per journal file, claims of a crashed run taken back at once, and the journal of the
 * earlier default (H2) moved into it without losing a pending delivery.
 */
class EmbeddedJournalTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void should_run_the_journal_with_a_write_ahead_log_synced_at_every_commit() throws Exception {
        try (TestDatabase journal = TestDatabase.embedded(); RunningBridge bridge = RunningBridge.start(journal, Map.of())) {
            DataSource dataSource = bridge.context().getRegistry().lookupByNameAndType("journalDataSource", DataSource.class);
            // read back from the bridge's own connections, as the database applies them
            for (int i = 0; i < 3; i++) {
                try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                    assertThat(single(statement, "PRAGMA journal_mode")).isEqualTo("wal");
                    assertThat(single(statement, "PRAGMA synchronous")).as("2 = FULL: an fsync per commit").isEqualTo("2");
                    assertThat(single(statement, "PRAGMA foreign_keys")).isEqualTo("1");
                }
            }
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            assertThat(journal.count("hookbridge_event")).isEqualTo(1);
        }
    }

    @Test
    void should_refuse_a_second_process_on_the_same_journal_file() {
        try (TestDatabase journal = TestDatabase.embedded(); RunningBridge first = RunningBridge.start(journal, Map.of())) {
            assertThatThrownBy(() -> RunningBridge.start(journal, Map.of()).close())
                    .hasMessageContaining("another Hookbridge process is running on the journal")
                    .hasMessageContaining("hookbridge.data-dir");
            assertThat(first.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
        }
    }

    @Test
    void should_refuse_a_second_process_that_reaches_the_same_file_by_a_link_or_another_url_form() throws Exception {
        try (TestDatabase journal = TestDatabase.embedded(); RunningBridge first = RunningBridge.start(journal, Map.of())) {
            Path file = Path.of(journal.url().substring("jdbc:sqlite:".length()));
            Path link = Files.createTempDirectory("hookbridge-link-").resolve("other-name.db");
            Files.createSymbolicLink(link, file);
            for (String url : List.of("jdbc:sqlite:" + link, "jdbc:sqlite:file:" + file)) {
                assertThatThrownBy(() -> RunningBridge.startWith(Map.of("hookbridge.db.url", url)).close())
                        .as(url).hasMessageContaining("another Hookbridge process is running on the journal");
            }
            assertThat(first.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
        }
    }

    @Test
    void should_take_back_the_claims_of_a_run_that_crashed_instead_of_waiting_out_their_lease() throws Exception {
        try (TestDatabase journal = TestDatabase.embedded()) {
            try (RunningBridge ingestOnly = RunningBridge.start(journal, Map.of("hookbridge.delivery.enabled", "false"))) {
                assertThat(ingestOnly.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            }
            // as a run killed with kill -9 leaves them: claimed, with an hour of lease left
            long inAnHour = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
            assertThat(journal.update("UPDATE hookbridge_delivery SET claimed_by = 'crashed-run', lease_until_ms = ?",
                    inAnHour)).isEqualTo(2);

            try (RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.delivery.lease", "1h"))) {
                // the row is written before its delivery is recorded delivered
                await().atMost(WAIT).until(() -> journal.count("systeme_sales") == 1 && journal.count("systeme_events") == 1
                        && journal.count("hookbridge_delivery WHERE status = 'pending'") == 0);
                assertThat(journal.rows("SELECT status, attempts FROM hookbridge_delivery"))
                        .containsOnly(Map.of("status", "delivered", "attempts", 1));
            }
        }
    }

    @Test
    void should_move_a_journal_of_the_earlier_h2_default_with_its_pending_deliveries() throws Exception {
        Path home = Files.createTempDirectory("hookbridge-earlier-");
        Path dataDir = home.resolve("data");
        Files.createDirectories(dataDir);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dataDir.resolve("hookbridge") + ";WRITE_DELAY=0");
        h2.setUser("sa");
        SchemaMigrations.migrate(h2, SqlDialect.H2, "journal", "hookbridge_schema_history");
        SchemaMigrations.migrate(h2, SqlDialect.H2, "sink", "hookbridge_sink_schema_history");
        // one sale already delivered by the earlier version, one still waiting for both SQL flows
        JournalWriter writer = new JournalWriter(h2, new EventIds(Clock.systemUTC()), 10, 10, () -> { });
        writer.start();
        String delivered = writer.append(sale(612001)).get(10, TimeUnit.SECONDS).eventId();
        String waiting = writer.append(sale(612002)).get(10, TimeUnit.SECONDS).eventId();
        writer.stop();
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE hookbridge_delivery SET status = 'delivered', attempts = 1 WHERE event_id = '"
                    + delivered + "'");
            statement.executeUpdate("INSERT INTO systeme_sales (event_id, order_id, email, created_at) VALUES ('"
                    + delivered + "', 612001, 'first@example.com', TIMESTAMP WITH TIME ZONE '2026-11-30 10:15:00+00')");
            statement.execute("SHUTDOWN");
        }

        String journalUrl = "jdbc:sqlite:" + dataDir.resolve("hookbridge.db");
        try (RunningBridge bridge = RunningBridge.startWith(Map.of("hookbridge.data-dir", dataDir.toString(),
                "hookbridge.db.url", journalUrl, "hookbridge.delivery.poll-interval-ms", "200"));
                TestDatabase.Reader journal = TestDatabase.reader(journalUrl, "", "")) {
            await().atMost(WAIT).until(() -> journal.count("systeme_sales") == 2);
            assertThat(journal.db().rows("SELECT id FROM hookbridge_event ORDER BY id"))
                    .extracting(row -> row.get("id")).containsExactlyInAnyOrder(delivered, waiting);
            await().atMost(WAIT).until(() -> journal.countWhere("hookbridge_delivery", "status = 'delivered'") == 4);
            assertThat(journal.db().rows("SELECT order_id, email, created_at FROM systeme_sales ORDER BY order_id"))
                    .extracting(row -> row.get("order_id") + " " + row.get("created_at"))
                    .containsExactly("612001 2026-11-30T10:15:00Z", "612002 2021-09-10T14:23:33Z");
            assertThat(journal.countWhere("systeme_events", "event_id = '" + waiting + "'")).isEqualTo(1);
        }
        assertThat(dataDir.resolve("hookbridge.mv.db")).doesNotExist();
        assertThat(dataDir.resolve("hookbridge.mv.db.moved")).exists();
    }

    private static NewEvent sale(long orderId) {
        byte[] body = Samples.text("customer.sale.completed.json").replace("\"id\": 612661", "\"id\": " + orderId)
                .getBytes(StandardCharsets.UTF_8);
        return new NewEvent("systeme", "customer.sale.completed", body, Instant.now(), "127.0.0.1", "{}",
                DedupeKeys.ofBody("systeme", body), List.of("events-to-sql", "sales-to-sql"));
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
