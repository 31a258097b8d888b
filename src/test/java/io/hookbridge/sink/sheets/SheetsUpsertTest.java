package io.hookbridge.sink.sheets;

import static io.hookbridge.sink.sheets.SystemeEvents.optIn;
import static io.hookbridge.sink.sheets.SystemeEvents.shown;
import static io.hookbridge.sink.sheets.SystemeEvents.tagAdded;
import static io.hookbridge.sink.sheets.SystemeEvents.tagRemoved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.SheetsApiServer.Call;
import io.hookbridge.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rows kept current by key: a sale's row marked cancelled by its cancellation, one row per contact whose tags follow
 * its tag events, many events for few keys in few write calls within Google's quota, and retries that never make a
 * second row.
 */
class SheetsUpsertTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHEET = "sheet-1";
    private static final List<String> CONTACTS_HEADER = List.of("contact_id", "email", "first_name", "surname",
            "opt_in", "updated", "tags");

    private TestDatabase db;
    private SheetsApiServer sheets;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.embedded();
        sheets = SheetsApiServer.start();
        keyFile = sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-sheets-upsert-"));
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
    void should_mark_the_row_of_a_sale_cancelled_when_its_cancellation_comes_in_a_later_batch() {
        try (RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(612661)).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(612662)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 3);

            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.cancellation(612661, 7)).statusCode())
                    .isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.displayed(SHEET, "Sales").get(1).size() == 10);
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status <> 'delivered'") == 0);
        }

        List<List<String>> sales = sheets.displayed(SHEET, "Sales");
        assertThat(sales).hasSize(3);
        assertThat(sales.get(1)).containsExactly("2021-09-10 14:23:33", "612661", "test-1922@systeme.io", "test-1922",
                "test-1922", "FR", "Comment créer un blog qui rapporte", "5.83", "EUR", shown(7));
        assertThat(sales.get(2)).hasSize(9).element(1).isEqualTo("612662");
        // the cancellation changed one cell in place: no row appended, no other cell written
        assertThat(sheets.writeCalls()).filteredOn(call -> call.updatedRows() > 0).singleElement()
                .satisfies(call -> assertThat(call.appendedRows()).isZero());
    }

    @Test
    void should_keep_one_row_per_contact_with_its_current_tags_across_batches() {
        long contact = 29142804;
        String email = "temochkaykvlv+aslkfkvmk@gmail.com";
        try (RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, optIn(contact, email, 1)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Contacts").size() == 2);

            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded(contact, email, "VIP", 2)).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded(contact, email, "Buyer", 3)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.displayed(SHEET, "Contacts").get(1).size() == 7
                    && sheets.displayed(SHEET, "Contacts").get(1).get(6).equals("VIP, Buyer"));

            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagRemoved(contact, email, "VIP", 4)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.displayed(SHEET, "Contacts").get(1).get(6).equals("Buyer"));
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status <> 'delivered'") == 0);
        }

        assertThat(sheets.displayed(SHEET, "Contacts")).containsExactly(CONTACTS_HEADER,
                List.of("29142804", email, "Tema test", "Testovich", "Squeeze page", shown(4), "Buyer"));
    }

    @Test
    void should_turn_a_burst_of_500_events_for_50_contacts_into_50_rows_within_the_write_quota() {
        // per contact: an opt-in, then tags added and removed; the last step leaves T4, T5, T1 in that order
        List<String[]> steps = List.of(new String[] {"+", "T1"}, new String[] {"+", "T2"}, new String[] {"+", "T3"},
                new String[] {"-", "T1"}, new String[] {"+", "T4"}, new String[] {"-", "T2"}, new String[] {"+", "T5"},
                new String[] {"+", "T1"}, new String[] {"-", "T3"});
        int second = 0;
        List<byte[]> events = new ArrayList<>();
        for (int contact = 1; contact <= 50; contact++) {
            events.add(optIn(contact, "contact-" + contact + "@example.com", second++));
        }
        for (String[] step : steps) {
            for (int contact = 1; contact <= 50; contact++) {
                String email = "contact-" + contact + "@example.com";
                events.add(step[0].equals("+") ? tagAdded(contact, email, step[1], second++)
                        : tagRemoved(contact, email, step[1], second++));
            }
        }
        assertThat(events).hasSize(500);

        try (RunningBridge bridge = bridge(Map.of())) {
            for (byte[] event : events) {
                assertThat(bridge.postJson(RunningBridge.WEBHOOK, event).statusCode()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> new JournalRows(db).countWhere("status <> 'delivered'") == 0);
        }

        List<List<String>> rows = sheets.displayed(SHEET, "Contacts");
        assertThat(rows).hasSize(51);
        Map<String, String> tagsByContact = new LinkedHashMap<>();
        rows.subList(1, rows.size()).forEach(row -> tagsByContact.put(row.get(0), row.get(6)));
        assertThat(tagsByContact).hasSize(50).allSatisfy((contact, tags) -> assertThat(tags).isEqualTo("T4, T5, T1"));
        List<Call> writes = sheets.writeCalls();
        assertThat(writes).allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
        assertThat(sheets.maxWritesInAnyMinute()).isLessThanOrEqualTo(55);
        // a few calls for the contacts, each carrying many rows, not one call per event
        List<Call> contactWrites = writes.stream().filter(call -> call.tabs().contains("Contacts")).toList();
        assertThat(contactWrites).hasSizeLessThan(20);
        assertThat(contactWrites.stream().mapToInt(call -> call.appendedRows() + call.updatedRows()).sum())
                .isGreaterThanOrEqualTo(50);
        assertThat(sheets.maxConcurrentWrites()).isEqualTo(1);
    }

    @Test
    void should_retry_an_upsert_batch_refused_with_a_429_and_make_no_second_row() {
        try (RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, optIn(1, "ada@example.com", 1)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Contacts").size() == 2);

            sheets.failNextWritesTo("Contacts", 1, 429, Map.of("Retry-After", "1"));
            // one batch: an update of contact 1, a new contact 2 and an update of that new row
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded(1, "ada@example.com", "VIP", 2)).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, optIn(2, "bob@example.com", 3)).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded(2, "bob@example.com", "Buyer", 4)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status <> 'delivered'") == 0);
        }

        assertThat(sheets.writeCalls()).filteredOn(call -> call.status() == 429).hasSize(1);
        assertThat(sheets.displayed(SHEET, "Contacts")).containsExactly(CONTACTS_HEADER,
                List.of("1", "ada@example.com", "", "", "Squeeze page", shown(2), "VIP"),
                List.of("2", "bob@example.com", "", "", "Squeeze page", shown(4), "Buyer"));
    }

    @Test
    void should_make_no_second_row_when_the_answer_to_a_written_batch_is_lost() {
        try (RunningBridge bridge = bridge(Map.of())) {
            // once the startup check has made the tab, the next write to it is applied but its answer lost
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Contacts").size() == 1);
            sheets.loseNextAnswersTo("Contacts", 1);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, optIn(1, "ada@example.com", 1)).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded(1, "ada@example.com", "VIP", 2)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status <> 'delivered'") == 0);
        }

        // the first try wrote the row and did not learn it; the retry read the key column again and found it
        assertThat(sheets.writeCalls()).filteredOn(call -> call.status() == 503).hasSize(1);
        assertThat(sheets.displayed(SHEET, "Contacts")).containsExactly(CONTACTS_HEADER,
                List.of("1", "ada@example.com", "", "", "Squeeze page", shown(2), "VIP"));
    }
}
