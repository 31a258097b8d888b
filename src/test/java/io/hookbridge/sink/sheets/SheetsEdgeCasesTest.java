package io.hookbridge.sink.sheets;

import static io.hookbridge.sink.sheets.SystemeEvents.optIn;
import static io.hookbridge.sink.sheets.SystemeEvents.tagAdded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Google Sheets where it is easy to break: the startup set-up write within the quota, a renamed key
 * header, a sale and its cancellation waiting together, a 403 at startup that must leak nothing.
 */
class SheetsEdgeCasesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHEET = "sheet-1";

    private TestDatabase db;
    private SheetsApiServer sheets;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.embedded();
        sheets = SheetsApiServer.start();
        keyFile = sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-sheets-edges-"));
    }

    @AfterEach
    void stop() {
        sheets.close();
        db.close();
    }

    private RunningBridge bridge(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(sheets.bridgeSettings(SHEET, keyFile));
        settings.put("hookbridge.sheets.batch-wait", "200ms");
        settings.put("hookbridge.delivery.retry-schedule", "1s,1s,1s,1s,1s");
        settings.put("hookbridge.delivery.retry-jitter", "0");
        settings.putAll(extra);
        return RunningBridge.start(db, settings);
    }

    @Test
    void the_startup_set_up_write_counts_against_writes_per_minute() {
        try (RunningBridge journalOnly = bridge(Map.of("hookbridge.delivery.enabled", "false"))) {
            // a backlog for two Sheets flows of one writer: sales-to-sheets and events-to-sheets
            assertThat(journalOnly.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(612661)).statusCode())
                    .isEqualTo(202);
        }
        try (RunningBridge bridge = bridge(Map.of("hookbridge.sheets.writes-per-minute", "2"))) {
            // two batches 30 s apart, and the startup check's set-up write: three writes where two are allowed
            await().pollDelay(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(40)).until(() -> true);
        }
        assertThat(sheets.maxWritesInAnyMinute()).as("writes %s", sheets.writeCalls().stream()
                .map(call -> call.at() + " " + call.requests()).toList()).isLessThanOrEqualTo(2);
    }

    @Test
    void an_upsert_after_the_key_header_was_renamed_makes_no_second_row_for_the_contact() {
        try (RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, optIn(1, "ada@example.com", 1)).statusCode())
                    .isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Contacts").size() == 2);
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status <> 'delivered'") == 0);

            // the user renames the header of the key column, as people do
            sheets.setCell(SHEET, "Contacts", 0, 0, "Contact ID #");
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded(1, "ada@example.com", "VIP", 2)).statusCode())
                    .isEqualTo(202);
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status = 'pending' AND attempts = 0") == 0);
            await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        }

        List<List<String>> rows = sheets.displayed(SHEET, "Contacts");
        // contact 1 still has one row: not a second one under a new contact_id column
        assertThat(rows).as("%s", rows).hasSize(2);
        // the tag's delivery waits, saying what to do, rather than going dead or writing elsewhere
        assertThat(db.rows("SELECT status, last_error FROM hookbridge_delivery WHERE flow = 'contacts-to-sheets'"
                + " AND status <> 'delivered'")).singleElement().satisfies(row -> {
                    assertThat(row.get("status")).isEqualTo("pending");
                    assertThat((String) row.get("last_error")).contains("without the key column contact_id");
                });
    }

    @Test
    void a_cancellation_journaled_after_its_sale_in_one_backlog_marks_the_sale_row() {
        try (RunningBridge journalOnly = bridge(Map.of("hookbridge.delivery.enabled", "false"))) {
            // a restart, an outage or the quota's pace: the sale and, later, its cancellation wait together
            assertThat(journalOnly.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(612661)).statusCode())
                    .isEqualTo(202);
            assertThat(journalOnly.postJson(RunningBridge.WEBHOOK, SystemeEvents.cancellation(612661, 7))
                    .statusCode()).isEqualTo(202);
        }
        try (RunningBridge bridge = bridge(Map.of())) {
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status = 'pending'") == 0
                    && sheets.rows(SHEET, "Sales").size() == 2);
        }

        // "rows are written in the order the events were journaled": the sale's row, then its cancelled cell;
        // but cancellations-to-sheets sorts before sales-to-sheets and goes first, finding no row
        List<List<String>> sales = sheets.displayed(SHEET, "Sales");
        assertThat(sales.get(1)).as("%s", sales).hasSize(10);
    }

    @Test
    void a_startup_refused_with_403_logs_and_stores_neither_the_private_key_nor_a_token() throws Exception {
        sheets.access(SHEET, io.hookbridge.testing.SheetsApiServer.Access.NONE);
        String key = Files.readString(keyFile.toFile().isDirectory() ? keyFile.resolve("key.json") : keyFile);
        String privateKeyId = key.replaceAll("(?s).*\"private_key_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        try (io.hookbridge.testing.LogLines log = io.hookbridge.testing.LogLines.capture("ROOT");
                RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(612661)).statusCode())
                    .isEqualTo(202);
            await().atMost(WAIT).until(() -> !log.containing("as Editor").isEmpty());
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("flow = 'sales-to-sheets' AND attempts >= 1") == 1);
            String lines = String.join("\n", log.lines());
            assertThat(lines).doesNotContain("PRIVATE KEY").doesNotContain(privateKeyId).doesNotContain("ya29.")
                    .doesNotContain("Bearer");
        }
        String errors = db.rows("SELECT last_error FROM hookbridge_delivery").toString();
        assertThat(errors).contains("403").doesNotContain("ya29.").doesNotContain("PRIVATE KEY")
                .doesNotContain(privateKeyId);
    }
}
