package io.hookbridge.sink.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.SheetsApiServer.Call;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default Google Sheets flows against a local server that speaks the Sheets v4 protocol,
 * driven by the real Google client that camel-google-sheets is configured with, with the
 * service-account token exchange against the server's token endpoint: exact cells, values that
 * stay text, batches, quota, Retry-After, order of arrival.
 */
class SheetsSinkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHEET = "sheet-1";
    private static final List<String> SALES_HEADER = List.of("date", "order", "email", "first_name", "surname",
            "country", "offer", "amount", "currency", "cancelled");

    private TestDatabase db;
    private SheetsApiServer sheets;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.embedded();
        sheets = SheetsApiServer.start();
        keyFile = sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-sheets-"));
    }

    @AfterEach
    void stop() {
        sheets.close();
        db.close();
    }

    private RunningBridge bridge(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(sheets.bridgeSettings(SHEET, keyFile));
        settings.put("hookbridge.sheets.batch-wait", "200ms");
        settings.putAll(extra);
        return RunningBridge.start(db, settings);
    }

    @Test
    void should_append_a_sales_row_per_sale_and_an_events_row_per_event_with_exact_cells() {
        try (RunningBridge bridge = bridge(Map.of())) {
            for (String sample : Samples.SYSTEME) {
                assertThat(bridge.postSample(sample).statusCode()).as(sample).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Events").size() == Samples.SYSTEME.size() + 1);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 2);
        }

        assertThat(sheets.displayed(SHEET, "Sales")).containsExactly(SALES_HEADER, List.of("2021-09-10 14:23:33",
                "612661", "test-1922@systeme.io", "test-1922", "test-1922", "FR",
                "Comment créer un blog qui rapporte", "5.83", "EUR"));
        assertThat(sheets.rows(SHEET, "Sales").get(1)).element(7).isEqualTo(new BigDecimal("5.83"));
        String doc = "temochkaykvlv@gmail.com";
        assertThat(sheets.displayed(SHEET, "Events")).containsExactly(
                List.of("date", "type", "contact", "summary"),
                List.of("2026-09-27 19:57:41", "contact.course.enrolled", "utilisateurdemo+capture@example.com",
                        "Enrolled in course: Formation test PULSACITY"),
                List.of("2021-10-05 15:42:53", "contact.campaign.finished", "temochkaykvlv+luiklas@gmail.com",
                        "Campaign finished: test campaign"),
                List.of("2021-10-05 11:12:29", "contact.course.enrolled", "temochkaykvlv+kek@gmail.com",
                        "Enrolled in course: webhook data structure doc"),
                List.of("2021-10-05 15:42:47", "contact.course_bundle.enrolled", "temochkaykvlv+test@gmail.com",
                        "Enrolled in bundle: webhook data structure doc"),
                List.of("2021-10-07 10:07:08", "contact.email_link.clicked", doc,
                        "Email link clicked: test email webhook"),
                List.of("2021-10-05 10:25:23", "contact.optin.completed", "temochkaykvlv+sdadk@gmail.com",
                        "Opt-in: Home page, Test blog"),
                List.of("2021-10-05 08:10:29", "contact.optin.completed", "temochkaykvlv+aslkfkvmk@gmail.com",
                        "Opt-in: Squeeze page, webhook data structure documentation"),
                List.of("2021-10-05 16:29:02", "contact.page.visited", "temochkaykvlv+asdfg@gmail.com",
                        "Page visited: Thank You / Download Page, webhook data structure documentation"),
                List.of("2021-10-05 09:52:38", "contact.tag.added", "temochkaykvlv+lksdllfnsnkfdls@gmail.com",
                        "Tag added: MyAwesomeTag"),
                List.of("2021-10-05 09:54:08", "contact.tag.removed", "temochkaykvlv+test@gmail.com",
                        "Tag removed: MyAwesomeTag"),
                List.of("2021-10-05 10:37:06", "contact.webinar.registered", "temochkaykvlv+wklm@gmail.com",
                        "Webinar registration: webinar funnel, 2021-10-05T15:00:00+00:00"),
                List.of("2021-09-10 14:23:33", "customer.sale.completed", "test-1922@systeme.io",
                        "Sale: Comment créer un blog qui rapporte, 5.83 EUR"));

        List<Call> calls = sheets.calls();
        assertThat(sheets.writeCalls()).isNotEmpty()
                .allSatisfy(call -> assertThat(call.method()).isEqualTo("spreadsheets.batchUpdate"));
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.query()).doesNotContainKey("access_token");
            assertThat(call.headers().get("Authorization")).singleElement().asString().startsWith("Bearer ya29.");
        });
        assertThat(sheets.writeCalls()).allSatisfy(call -> assertThat(call.gzip()).isTrue());
        assertThat(sheets.tokenRequests()).singleElement()
                .satisfies(token -> assertThat(token.grantType()).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer"));
    }

    @Test
    void should_keep_formula_like_names_as_text_and_take_dates_in_the_configured_time_zone() {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.time-zone", "Europe/Paris"))) {
            assertThat(bridge.postSample("adversarial/sale-with-hostile-strings.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 2);
        }

        // text is a string value, which Sheets never reads as a formula: no escaping, and nothing lost
        assertThat(sheets.displayed(SHEET, "Sales").get(1)).containsExactly("2026-11-01 23:30:00",
                "990002", "o'brien+🎉@example.com", "Zoë \"Zed\" O'Brien 🎉",
                "'); DROP TABLE systeme_sales; --", "FR",
                "=HYPERLINK(\"http://evil.example\")\r\nBcc: victim@example.com", "19.99", "EUR");
        assertThat(sheets.cells(SHEET, "Sales").get(1).get(6).value())
                .isEqualTo("=HYPERLINK(\"http://evil.example\")\r\nBcc: victim@example.com");
    }

    @Test
    void should_escape_formula_like_text_when_a_flow_asks_for_user_entered_values() {
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("test.sale-flows", "user-entered-sheets"));
        try (RunningBridge bridge = bridge(settings)) {
            assertThat(bridge.postSample("adversarial/sale-with-formula-names.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Typed").size() == 2);
        }

        assertThat(sheets.rows(SHEET, "Typed").subList(1, 2)).containsExactly(List.of(
                "'=HYPERLINK(\"http://evil.example\")\r\nBcc: victim@example.com", "'+SUM(1,2)", "'-2+3", "'@me",
                "'\tTab first", "''quoted", "plain", new BigDecimal("19.99")));
        assertThat(sheets.writeCalls()).filteredOn(call -> call.method().equals("values.append")).singleElement()
                .satisfies(call -> assertThat(call.query()).containsEntry("valueInputOption", "USER_ENTERED"));
    }

    @Test
    void should_append_a_backlog_in_full_batches() {
        try (RunningBridge journalOnly = bridge(Map.of("hookbridge.delivery.enabled", "false"))) {
            for (int order = 1; order <= 600; order++) {
                assertThat(journalOnly.postJson(RunningBridge.WEBHOOK, sale(order)).statusCode()).isEqualTo(202);
            }
        }
        assertThat(sheets.writeCalls()).isEmpty();

        try (RunningBridge bridge = bridge(Map.of())) {
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 601
                    && sheets.rows(SHEET, "Events").size() == 601);
        }

        // batches of hookbridge.sheets.batch-size (500), oldest first
        assertThat(sheets.writeCalls()).filteredOn(call -> call.requests().contains("appendCells"))
                .extracting(call -> call.tabs().iterator().next(), Call::appendedRows).containsExactlyInAnyOrder(
                tuple("Sales", 500), tuple("Sales", 100), tuple("Events", 500), tuple("Events", 100));
        assertThat(orderIds(sheets.rows(SHEET, "Sales"))).isEqualTo(range(1, 600));
    }

    @Test
    void should_land_a_burst_in_order_in_few_calls_within_the_quota_and_without_a_429() {
        int sales = 1_000;
        try (RunningBridge bridge = bridge(Map.of("hookbridge.sheets.batch-wait", "2s"))) {
            for (int order = 1; order <= sales; order++) {
                assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale(order)).statusCode()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> sheets.rows(SHEET, "Sales").size() == sales + 1
                    && sheets.rows(SHEET, "Events").size() == sales + 1);
        }

        assertThat(orderIds(sheets.rows(SHEET, "Sales"))).isEqualTo(range(1, sales));
        assertThat(sheets.writeCalls()).allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
        // batches, not a call per row: even posting slowly, calls at most every 1.1 s carry many rows
        assertThat(2 * sales / sheets.writeCalls().size()).isGreaterThanOrEqualTo(25);
        assertThat(sheets.maxWritesInAnyMinute()).isLessThanOrEqualTo(55);
        assertThat(sheets.maxConcurrentWrites()).isEqualTo(1);
    }

    @Test
    void should_wait_as_long_as_a_429_asks_then_append_once_in_order() {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.delivery.retry-schedule", "500ms,500ms,500ms"))) {
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 1);
            sheets.failNext(1, 429, Map.of("Retry-After", "3"));
            for (int order = 1; order <= 5; order++) {
                assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale(order)).statusCode()).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 6
                    && sheets.rows(SHEET, "Events").size() == 6);
        }

        List<Call> calls = sheets.writeCalls().stream().filter(call -> call.requests().contains("appendCells")).toList();
        assertThat(calls.get(0).status()).isEqualTo(429);
        // the Google account waits: no append at all, to either tab, before Retry-After has passed
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(calls).filteredOn(call -> call.status() == 429).hasSize(1);
        assertThat(orderIds(sheets.rows(SHEET, "Sales"))).isEqualTo(range(1, 5));
    }

    @Test
    void should_find_the_one_row_google_refuses_in_a_few_paced_calls_and_append_the_others_in_order() {
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("test.sale-flows", "raw-to-sheets",
                "hookbridge.sheets.writes-per-minute", "60"));
        try (RunningBridge journalOnly = bridge(RunningBridge.with(settings, "hookbridge.delivery.enabled", "false"))) {
            for (int order = 1; order <= 4; order++) {
                byte[] body = order == 2 ? bigSale(order) : sale(order);
                assertThat(journalOnly.postJson(RunningBridge.WEBHOOK, body).statusCode()).isEqualTo(202);
            }
        }
        try (RunningBridge bridge = bridge(settings)) {
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("status = 'pending'") == 0);
        }

        assertThat(sheets.rows(SHEET, "Raw").subList(1, 4)).extracting(row -> ((BigDecimal) row.get(0)).intValue())
                .containsExactly(1, 3, 4);
        Map<String, Object> refused = db.rows("SELECT d.status, d.last_error FROM hookbridge_delivery d"
                + " JOIN hookbridge_attempt a ON a.delivery_id = d.id WHERE d.status = 'dead'").get(0);
        assertThat((String) refused.get("last_error")).contains("more than the maximum of 50000 characters");
        assertThat(new JournalRows(db).countWhere("status = 'dead'")).isEqualTo(1);
        // the refused batches are in the history as splits, without using the good rows' attempts
        assertThat(db.rows("SELECT outcome FROM hookbridge_attempt WHERE outcome = 'split'")).isNotEmpty();
        assertThat(new JournalRows(db).countWhere("status = 'delivered' AND attempts = 1")).isEqualTo(3);
        List<Call> calls = sheets.writeCalls().stream().filter(call -> call.requests().contains("appendCells")).toList();
        assertThat(calls).filteredOn(call -> call.status() == 400).hasSizeLessThanOrEqualTo(4);
        assertThat(calls).hasSizeLessThanOrEqualTo(8);
        // one call a second (60 a minute), as received: the first also waited for the access token
        for (int i = 2; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1).at(), calls.get(i).at())).isGreaterThan(Duration.ofMillis(700));
        }
    }

    @Test
    void should_keep_the_deliveries_of_a_flow_that_is_off_until_it_is_on_again() {
        try (RunningBridge journalOnly = bridge(Map.of("hookbridge.delivery.enabled", "false"))) {
            assertThat(journalOnly.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
        }
        JournalRows journal = new JournalRows(db);
        try (RunningBridge sheetsOff = bridge(Map.of("hookbridge.sheets.spreadsheet-id", ""))) {
            await().atMost(WAIT).until(() -> journal.countWhere("status = 'delivered'") == 2);
            // the SQL flows delivered; the Sheets deliveries wait, untouched, for as long as the flows are off
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> journal.countWhere("flow LIKE '%-to-sheets' AND status = 'pending' AND attempts = 0") == 2);
        }
        assertThat(sheets.writeCalls()).isEmpty();

        try (RunningBridge sheetsOn = bridge(Map.of())) {
            await().atMost(WAIT).until(() -> journal.countWhere("status = 'delivered'") == 4);
        }
        assertThat(sheets.rows(SHEET, "Sales")).hasSize(2);
    }

    @Test
    void should_refuse_to_start_with_a_pace_that_does_not_read_and_name_the_setting() {
        assertThatThrownBy(() -> bridge(Map.of("hookbridge.sheets.batch-wait", "1.5s")).close())
                .hasMessageContaining("batchWait must be a duration")
                .hasMessageContaining("not '1.5s' (it is {{hookbridge.sheets.batch-wait:2s}})");
    }

    @Test
    void should_keep_the_retry_time_of_an_ordered_flow_through_a_restart() {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.delivery.retry-schedule", "20s",
                "hookbridge.delivery.retry-jitter", "0"))) {
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Events").size() == 1);
            sheets.failNextWritesTo("Events", 1, 503, Map.of());
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> eventsAppends().size() == 1);
        }
        Call failed = eventsAppends().get(0);
        assertThat(failed.status()).isEqualTo(503);
        long nextAttempt = ((Number) new JournalRows(db).delivery("events-to-sheets").get("next_attempt_at_ms")).longValue();
        assertThat(nextAttempt - failed.at().toEpochMilli()).isBetween(19_000L, 21_000L);

        try (RunningBridge restarted = bridge(Map.of())) {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                    .until(() -> eventsAppends().size() == 1);
        }
    }

    /** The calls that appended (or tried to append) rows to the Events tab. */
    private List<Call> eventsAppends() {
        return sheets.writeCalls().stream()
                .filter(call -> call.tabs().contains("Events") && call.requests().contains("appendCells")).toList();
    }

    @Test
    void should_exchange_an_oauth_refresh_token_when_no_key_file_is_given() {
        sheets.acceptRefreshToken("client-1.apps.example", TestSecrets.SHEETS_CLIENT_SECRET, TestSecrets.SHEETS_REFRESH_TOKEN);
        Map<String, String> oauth = new HashMap<>(Map.of("hookbridge.sheets.client-id", "client-1.apps.example",
                "hookbridge.sheets.client-secret", TestSecrets.SHEETS_CLIENT_SECRET,
                "hookbridge.sheets.refresh-token", TestSecrets.SHEETS_REFRESH_TOKEN,
                "hookbridge.sheets.token-uri", sheets.tokenUri()));
        oauth.put("hookbridge.sheets.service-account-key", "");
        try (RunningBridge bridge = bridge(oauth)) {
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 2);
        }

        assertThat(sheets.tokenRequests()).singleElement()
                .satisfies(token -> assertThat(token.grantType()).isEqualTo("refresh_token"));
    }

    /** A sale whose order id is {@code order} (so rows can be checked for order of arrival). */
    static byte[] sale(int order) {
        return Samples.text("customer.sale.completed.json").replace("\"id\": 612661", "\"id\": " + order)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A sale whose body is over 50,000 characters (two long fields), more than one Sheets cell takes. */
    private static byte[] bigSale(int order) {
        String padding = "x".repeat(30_000);
        return new String(sale(order), StandardCharsets.UTF_8)
                .replace("\"coupon\": null", "\"coupon\": null, \"pad1\": \"" + padding + "\", \"pad2\": \"" + padding + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }


    /** The order ids of the rows of a Sales tab, below its header. */
    static List<Integer> orderIds(List<List<Object>> rows) {
        List<Integer> ids = new ArrayList<>();
        rows.stream().skip(1).forEach(row -> ids.add(((BigDecimal) row.get(1)).intValueExact()));
        return ids;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
