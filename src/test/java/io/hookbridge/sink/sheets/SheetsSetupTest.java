package io.hookbridge.sink.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.LogLines;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.SheetsApiServer.Access;
import io.hookbridge.testing.SheetsApiServer.Cell;
import io.hookbridge.testing.TestDatabase;
import java.math.BigDecimal;
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
 * Setting a spreadsheet up is the bridge's job: a missing tab is created with its header, an empty tab gets its
 * header, and a spreadsheet that is not shared with the service account, or does not exist, is named in one clear
 * line at startup while its deliveries wait. Against the local Sheets server, with the real Google client.
 */
class SheetsSetupTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHEET = "sheet-1";
    private static final List<String> SALES_HEADER = List.of("date", "order", "email", "first_name", "surname",
            "country", "offer", "amount", "currency", "cancelled");
    private static final List<String> SALE = List.of("2021-09-10 14:23:33", "612661", "test-1922@systeme.io",
            "test-1922", "test-1922", "FR", "Comment créer un blog qui rapporte", "5.83", "EUR");

    private TestDatabase db;
    private SheetsApiServer sheets;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.embedded();
        sheets = SheetsApiServer.start();
        keyFile = sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-sheets-setup-"));
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
    void should_create_the_missing_tab_with_its_header_and_put_the_first_sale_under_it() {
        assertThat(sheets.tabs(SHEET)).containsExactly("Sheet1");
        try (RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 2);
        }

        assertThat(sheets.tabs(SHEET)).contains("Sales", "Events", "Contacts");
        assertThat(sheets.displayed(SHEET, "Sales")).containsExactly(SALES_HEADER, SALE);
        // a Sheets date (a serial number shown by its format), an order id and an amount as numbers
        Cell date = sheets.cells(SHEET, "Sales").get(1).get(0);
        assertThat(date.value()).isEqualTo(new BigDecimal("44449.5996875"));
        assertThat(date.formatType()).isEqualTo("DATE_TIME");
        assertThat(sheets.rows(SHEET, "Sales").get(1).get(1)).isEqualTo(new BigDecimal("612661"));
        assertThat(sheets.rows(SHEET, "Sales").get(1).get(7)).isEqualTo(new BigDecimal("5.83"));
        assertThat(sheets.displayed(SHEET, "Events").get(0)).containsExactly("date", "type", "contact", "summary");
    }

    @Test
    void should_write_the_header_into_an_empty_tab_at_startup() {
        sheets.addTab(SHEET, "Sales");
        try (RunningBridge bridge = bridge(Map.of())) {
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 1);
            assertThat(sheets.displayed(SHEET, "Sales")).containsExactly(SALES_HEADER);

            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 2);
        }

        assertThat(sheets.displayed(SHEET, "Sales")).containsExactly(SALES_HEADER, SALE);
    }

    @Test
    void should_name_the_account_to_share_with_and_deliver_once_the_spreadsheet_is_shared() {
        sheets.access(SHEET, Access.NONE);
        JournalRows journal = new JournalRows(db);
        try (LogLines log = LogLines.capture("io.hookbridge");
                RunningBridge bridge = bridge(Map.of("hookbridge.delivery.retry-schedule", "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                        "hookbridge.delivery.retry-jitter", "0"))) {
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> !log.containing("as Editor").isEmpty());
            assertThat(log.containing("as Editor")).singleElement().asString()
                    .contains(SheetsApiServer.SERVICE_ACCOUNT_EMAIL).contains(SHEET)
                    .contains("share the spreadsheet with it as Editor");
            // the account to share with is in the startup log whatever happens next, and not masked as personal data
            assertThat(log.containing("INFO Google Sheets")).anySatisfy(line ->
                    assertThat(line).contains(SheetsApiServer.SERVICE_ACCOUNT_EMAIL));
            // the bridge is up, the sale is journaled, its Sheets deliveries wait and retry
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'sales-to-sheets' AND attempts >= 2") == 1);
            assertThat(journal.countWhere("flow = 'sales-to-sql' AND status = 'delivered'")).isEqualTo(1);
            assertThat(sheets.tabs(SHEET)).containsExactly("Sheet1");

            sheets.access(SHEET, Access.WRITE);

            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 2
                    && sheets.rows(SHEET, "Events").size() == 2);
            await().atMost(WAIT).until(() -> journal.countWhere("status <> 'delivered'") == 0);
        }
        assertThat(sheets.displayed(SHEET, "Sales")).containsExactly(SALES_HEADER, SALE);
    }

    @Test
    void should_name_a_spreadsheet_id_that_does_not_exist_and_start_all_the_same() {
        sheets.access(SHEET, Access.MISSING);
        try (LogLines log = LogLines.capture("io.hookbridge");
                RunningBridge bridge = bridge(Map.of())) {
            await().atMost(WAIT).until(() -> !log.containing("no spreadsheet with this id").isEmpty());
            assertThat(log.containing("no spreadsheet with this id")).singleElement().asString().contains(SHEET)
                    .contains("hookbridge.sheets.spreadsheet-id");
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> new JournalRows(db).countWhere("flow = 'sales-to-sql' AND status = 'delivered'") == 1);
        }
    }

    @Test
    void should_read_the_samples_once_each_and_not_once_per_row() {
        try (RunningBridge bridge = bridge(Map.of())) {
            for (String sample : Samples.SYSTEME) {
                assertThat(bridge.postSample(sample).statusCode()).as(sample).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Events").size() == Samples.SYSTEME.size() + 1);
        }
        // one look at the spreadsheet and its headers at startup, a few more when setting up; never one per row
        assertThat(sheets.calls().stream().filter(call -> !call.write()).count()).isLessThanOrEqualTo(6);
    }
}
