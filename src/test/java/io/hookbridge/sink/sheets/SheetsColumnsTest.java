package io.hookbridge.sink.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.LogLines;
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
 * Cells go under the header cell that names their column, wherever the user moved it; columns the user added stay
 * empty; a column missing from the header is added at its end. A flow may still place its cells by position.
 */
class SheetsColumnsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHEET = "sheet-1";

    private TestDatabase db;
    private SheetsApiServer sheets;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.embedded();
        sheets = SheetsApiServer.start();
        keyFile = sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-sheets-columns-"));
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
    void should_put_each_cell_under_its_header_wherever_the_user_moved_it_and_leave_the_users_column_empty() {
        sheets.addTab(SHEET, "Sales",
                List.of("email", "My notes", "order", "amount", "date", "currency", "offer", "country", "surname",
                        "first_name", "cancelled"),
                List.of("earlier@example.com", "called back", 17, 9.99));
        try (RunningBridge bridge = bridge(Map.of("hookbridge.sheets.header-refresh", "1s"))) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(1)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 3);

            // the user swaps two columns while the bridge runs: the next sale, a refresh later, follows them
            sheets.setCell(SHEET, "Sales", 0, 0, "order");
            sheets.setCell(SHEET, "Sales", 0, 2, "email");
            await().pollDelay(Duration.ofMillis(1500)).atMost(WAIT).until(() -> true);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(2)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 4);
        }

        assertThat(sheets.displayed(SHEET, "Sales")).containsExactly(
                List.of("order", "My notes", "email", "amount", "date", "currency", "offer", "country", "surname",
                        "first_name", "cancelled"),
                List.of("earlier@example.com", "called back", "17", "9.99"),
                List.of("test-1922@systeme.io", "", "1", "5.83", "2021-09-10 14:23:33", "EUR",
                        "Comment créer un blog qui rapporte", "FR", "test-1922", "test-1922"),
                List.of("2", "", "test-1922@systeme.io", "5.83", "2021-09-10 14:23:33", "EUR",
                        "Comment créer un blog qui rapporte", "FR", "test-1922", "test-1922"));
    }

    @Test
    void should_add_a_column_missing_from_the_header_at_its_end_and_say_so_once() {
        sheets.addTab(SHEET, "Sales", List.of("Date", "Order", "Email", "First name", "Surname", "Offer", "Amount",
                "Currency"));
        try (LogLines log = LogLines.capture("io.hookbridge.sink.sheets"); RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(1)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 2);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(2)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Sales").size() == 3);

            assertThat(log.containing("country")).singleElement().asString().contains("Sales").contains("added");
        }

        // a header written by a person ("First name") matches the column first_name: case, spaces and _ aside
        assertThat(sheets.displayed(SHEET, "Sales")).containsExactly(
                List.of("Date", "Order", "Email", "First name", "Surname", "Offer", "Amount", "Currency", "country",
                        "cancelled"),
                List.of("2021-09-10 14:23:33", "1", "test-1922@systeme.io", "test-1922", "test-1922",
                        "Comment créer un blog qui rapporte", "5.83", "EUR", "FR"),
                List.of("2021-09-10 14:23:33", "2", "test-1922@systeme.io", "test-1922", "test-1922",
                        "Comment créer un blog qui rapporte", "5.83", "EUR", "FR"));
    }

    @Test
    void should_place_cells_by_position_for_a_flow_that_asks_for_it() {
        sheets.addTab(SHEET, "Positional", List.of("Order number", "Buyer", "Paid"));
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("test.sale-flows", "positional-sheets"));
        try (RunningBridge bridge = bridge(settings)) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, SystemeEvents.sale(7)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> sheets.rows(SHEET, "Positional").size() == 2);
        }

        assertThat(sheets.displayed(SHEET, "Positional")).containsExactly(List.of("Order number", "Buyer", "Paid"),
                List.of("7", "test-1922@systeme.io", "5.83"));
    }
}
