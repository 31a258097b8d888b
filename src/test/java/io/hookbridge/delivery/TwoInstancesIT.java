package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.LoadGenerator;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two bridge processes on one PostgreSQL, and on one MariaDB: they share the deliveries, never
 * both deliver one, and when one is killed the other finishes its work once the claims' lease
 * runs out. Both have the Google Sheets flows on: one of them at a time appends (the writer
 * lease), so the calls never overlap and every sale is one row.
 */
class TwoInstancesIT {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void should_share_the_work_without_double_delivery_and_take_over_from_a_killed_instance(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); SheetsApiServer sheets = SheetsApiServer.start()) {
            Map<String, String> common = new HashMap<>(Map.of("hookbridge.db.url", db.url(),
                    "hookbridge.db.username", db.username(), "hookbridge.db.password", db.password(),
                    "hookbridge.delivery.lease", "5s", "hookbridge.delivery.claim-limit", "20",
                    "hookbridge.delivery.poll-interval-ms", "200"));
            common.putAll(Map.of("hookbridge.sheets.spreadsheet-id", "sheet-1", "hookbridge.sheets.root-url",
                    sheets.rootUrl(), "hookbridge.sheets.service-account-key",
                    sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-two-")).toString(),
                    "hookbridge.sheets.batch-wait", "200ms", "hookbridge.sheets.timeout", "2s"));
            BridgeProcess first = BridgeProcess.start(BridgeProcess.newHome(), RunningBridge.with(common, "hookbridge.instance-name", "first"));
            BridgeProcess second = BridgeProcess.start(BridgeProcess.newHome(), RunningBridge.with(common, "hookbridge.instance-name", "second"));
            try {
                List<String> both = List.of(first.url(RunningBridge.WEBHOOK), second.url(RunningBridge.WEBHOOK));
                Set<String> acknowledged = LoadGenerator.until(600, () -> both, () -> { });
                awaitAllDelivered(db);

                assertThat(eventIds(db, "systeme_events")).containsAll(acknowledged);
                assertThat(eventIds(db, "systeme_sales")).containsAll(acknowledged);
                assertThat(db.rows("SELECT delivery_id FROM hookbridge_attempt WHERE outcome = 'delivered'"
                        + " GROUP BY delivery_id HAVING COUNT(*) > 1")).as("deliveries delivered twice").isEmpty();
                assertThat(db.rows("SELECT DISTINCT instance FROM hookbridge_attempt"))
                        .extracting(row -> row.get("instance")).containsExactlyInAnyOrder("first", "second");
                assertThat(sheetOrderIds(sheets)).containsExactlyInAnyOrderElementsOf(orderIds(db));
                assertThat(sheets.maxConcurrentWrites()).isEqualTo(1);
                assertThat(db.rows("SELECT DISTINCT a.instance FROM hookbridge_attempt a JOIN hookbridge_delivery d"
                        + " ON d.id = a.delivery_id WHERE d.flow LIKE '%-to-sheets'")).as("Sheets writers").hasSize(1);

                // the second part: load on the first only, then kill it in the middle of its work
                acknowledged = LoadGenerator.until(300, () -> List.of(first.url(RunningBridge.WEBHOOK)), first::kill);
                awaitAllDelivered(db);
                assertThat(eventIds(db, "systeme_events")).containsAll(acknowledged);
                assertThat(eventIds(db, "systeme_sales")).containsAll(acknowledged);
                long events = db.count("hookbridge_event");
                assertThat(db.count("systeme_events")).isEqualTo(events);
                assertThat(db.count("systeme_sales")).isEqualTo(events);
                // a kill between an append and its record may append that batch twice (at least once)
                assertThat(sheetOrderIds(sheets)).containsAll(orderIds(db));
                assertThat(sheets.maxConcurrentWrites()).isEqualTo(1);
            } finally {
                first.close();
                second.close();
            }
        }
    }


    private static void awaitAllDelivered(TestDatabase db) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> db.rows(
                "SELECT id FROM hookbridge_delivery WHERE status <> 'delivered' LIMIT 1").isEmpty());
    }

    private static List<Long> orderIds(TestDatabase db) {
        return db.rows("SELECT order_id FROM systeme_sales").stream()
                .map(row -> ((Number) row.get("order_id")).longValue()).toList();
    }

    private static List<Long> sheetOrderIds(SheetsApiServer sheets) {
        return sheets.rows("sheet-1", "Sales").stream().skip(1)
                .map(row -> ((BigDecimal) row.get(1)).longValueExact()).toList();
    }

    private static Set<String> eventIds(TestDatabase db, String table) {
        return db.rows("SELECT event_id FROM " + table).stream().map(row -> (String) row.get("event_id"))
                .collect(Collectors.toSet());
    }
}
