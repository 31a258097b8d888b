package io.hookbridge.sink.sheets;

import static io.hookbridge.sink.sheets.SheetsSinkTest.orderIds;
import static io.hookbridge.sink.sheets.SheetsSinkTest.range;
import static io.hookbridge.sink.sheets.SheetsSinkTest.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An outage of the Sheets API while sales keep coming, one a second: every sale is acknowledged
 * and journaled, the flows wait in order (a failing call every five seconds per flow, not one per
 * sale), and when the API is back every row lands once, in arrival order.
 *
 * <p>It takes the outage's length plus a few seconds: {@code hookbridge.test.sheets-outage}, 15 s
 * by default, five minutes under {@code mvn verify -Plong}.
 */
class SheetsOutageTest {

    private static final Duration OUTAGE = Duration.parse(System.getProperty("hookbridge.test.sheets-outage", "PT15S"));
    /** How often each flow tries the API again while it is down. */
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final String SHEET = "sheet-1";

    @Test
    void should_lose_nothing_through_an_outage_and_append_every_row_once_in_arrival_order() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); SheetsApiServer sheets = SheetsApiServer.start()) {
            JournalRows journal = new JournalRows(db);
            String retries = String.join(",", Collections.nCopies((int) (OUTAGE.toSeconds() / RETRY.toSeconds()) + 10,
                    RETRY.toSeconds() + "s"));
            try (RunningBridge bridge = RunningBridge.start(db, Map.of(
                    "hookbridge.sheets.spreadsheet-id", SHEET,
                    "hookbridge.sheets.service-account-key",
                    sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-outage-")).toString(),
                    "hookbridge.sheets.root-url", sheets.rootUrl(),
                    "hookbridge.delivery.retry-schedule", retries, "hookbridge.delivery.retry-jitter", "0"))) {
                sheets.down(true);
                List<Integer> answers = postOneSaleASecond(bridge, OUTAGE);
                int sales = answers.size();
                assertThat(answers).containsOnly(202);
                assertThat(sheets.rows(SHEET, "Sales")).hasSizeLessThanOrEqualTo(1);
                assertThat(journal.countWhere("flow = 'sales-to-sheets' AND status = 'pending'")).isEqualTo(sales);
                // the last sale was acknowledged a moment ago: its SQL row may still be on its way
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        journal.countWhere("flow = 'sales-to-sql' AND status = 'delivered'") == sales);

                sheets.down(false);

                // below the header row of each tab
                await().atMost(Duration.ofSeconds(60)).until(() -> sheets.rows(SHEET, "Sales").size() == sales + 1
                        && sheets.rows(SHEET, "Events").size() == sales + 1);
                assertThat(orderIds(sheets.rows(SHEET, "Sales"))).isEqualTo(range(1, sales));
                // a batch's outcome is recorded just after its rows are in the sheet
                await().atMost(Duration.ofSeconds(10)).until(() -> journal.countWhere("status <> 'delivered'") == 0);
                // each flow tries once every 5 s while the API is down (each try fails at its first call, a read
                // or a write): a few calls, not one per sale; the startup check may have met the outage too
                long failedCalls = sheets.calls().stream().filter(call -> call.status() == 503).count();
                long triesPerFlow = OUTAGE.toSeconds() / RETRY.toSeconds() + 3;
                assertThat(failedCalls).isBetween(2L, 2 * triesPerFlow + 2);
                assertThat(sheets.writeCalls()).filteredOn(call -> call.status() == 200).hasSizeLessThan(10);
            }
        }
    }

    /** Posts sale 1, 2, 3... one a second for that long; returns the answers' statuses in order. */
    private static List<Integer> postOneSaleASecond(RunningBridge bridge, Duration duration) throws InterruptedException {
        List<Integer> answers = new CopyOnWriteArrayList<>();
        AtomicInteger order = new AtomicInteger();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        load.scheduleAtFixedRate(() -> answers.add(
                bridge.postJson(RunningBridge.WEBHOOK, sale(order.incrementAndGet())).statusCode()), 0, 1, TimeUnit.SECONDS);
        load.awaitTermination(duration.toMillis(), TimeUnit.MILLISECONDS);
        load.shutdown();
        assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        return List.copyOf(answers);
    }
}
