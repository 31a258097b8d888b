package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.LoadGenerator;
import io.hookbridge.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a real bridge process under load, twice, on the shipped embedded H2 journal:
 * after each restart every acknowledged event reaches both SQL flows, exactly once.
 */
class CrashSafetyIT {

    private static final Map<String, String> SETTINGS = Map.of("hookbridge.delivery.lease", "3s",
            "hookbridge.delivery.poll-interval-ms", "200");

    @Test
    void should_lose_nothing_acknowledged_when_killed_under_load() throws Exception {
        Path home = BridgeProcess.newHome();
        AtomicReference<BridgeProcess> bridge = new AtomicReference<>(BridgeProcess.start(home, SETTINGS));
        Set<String> acknowledged = new HashSet<>();
        try {
            for (int round = 0; round < 2; round++) {
                acknowledged.addAll(LoadGenerator.until(300, () -> List.of(bridge.get().url(RunningBridge.WEBHOOK)),
                        () -> bridge.get().kill()));
                bridge.set(BridgeProcess.start(home, SETTINGS));
            }

            TestDatabase.Reader journal = TestDatabase.embeddedJournal(home);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> journal.countWhere("hookbridge_delivery", "status <> 'delivered'") == 0);

            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(600);
            Set<String> journaled = ids(journal, "SELECT id FROM hookbridge_event");
            Set<String> events = ids(journal, "SELECT event_id FROM systeme_events");
            Set<String> sales = ids(journal, "SELECT event_id FROM systeme_sales");
            assertThat(journaled).containsAll(acknowledged);
            assertThat(events).containsAll(acknowledged).hasSameSizeAs(journaled);
            assertThat(sales).containsAll(acknowledged).hasSameSizeAs(journaled);
            assertThat(journal.count("systeme_sales")).isEqualTo(sales.size());
            assertThat(journal.count("hookbridge_delivery")).isEqualTo(2L * journaled.size());
        } finally {
            bridge.get().close();
        }
    }

    private static Set<String> ids(TestDatabase.Reader db, String sql) {
        return db.db().rows(sql).stream().map(row -> (String) row.values().iterator().next()).collect(Collectors.toSet());
    }
}
