package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.LoadGenerator;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of a real bridge process at full speed (64 requests in flight at all times), three
 * times, each restart followed by more load; then every acknowledged event is in the journal and
 * in both SQL flows' tables exactly once. On the shipped embedded journal (whatever
 * application.properties configures, read through that same URL) and on PostgreSQL.
 */
class CrashSafetyIT {

    /** Where the journal is: the shipped default, or the machine's PostgreSQL given by URL. */
    enum Journal { EMBEDDED_DEFAULT, POSTGRESQL }

    private static final int KILLS = 3;
    private static final int CONCURRENCY = 64;
    /** Acknowledged webhooks per round before the kill (and in the last round, after the last restart). */
    private static final int MARK = 2_000;

    @ParameterizedTest
    @EnumSource(Journal.class)
    void should_lose_nothing_acknowledged_and_deliver_each_once_when_killed_at_full_speed(Journal journal)
            throws Exception {
        Path home = BridgeProcess.newHome();
        TestDatabase postgres = journal == Journal.POSTGRESQL ? TestDatabase.create(TestDatabase.Kind.POSTGRESQL) : null;
        Map<String, String> settings = new HashMap<>(Map.of("hookbridge.delivery.lease", "3s",
                "hookbridge.delivery.poll-interval-ms", "200",
                // full speed from one address: the per-address rate limit would answer most of it 429
                "hookbridge.ingress.rate-limit", "0"));
        if (postgres != null) {
            settings.putAll(Map.of("hookbridge.db.url", postgres.url(), "hookbridge.db.username", postgres.username(),
                    "hookbridge.db.password", postgres.password()));
        }
        AtomicReference<BridgeProcess> bridge = new AtomicReference<>(BridgeProcess.start(home, settings));
        Set<String> acknowledged = new HashSet<>();
        try {
            for (int kill = 0; kill < KILLS; kill++) {
                acknowledged.addAll(LoadGenerator.until(MARK, CONCURRENCY,
                        () -> List.of(bridge.get().url(RunningBridge.WEBHOOK)), () -> bridge.get().kill()));
                bridge.set(BridgeProcess.start(home, settings));
            }
            acknowledged.addAll(LoadGenerator.until(MARK, CONCURRENCY,
                    () -> List.of(bridge.get().url(RunningBridge.WEBHOOK)), () -> { }));

            TestDatabase.Reader db = postgres != null ? new TestDatabase.Reader(postgres)
                    : BridgeProcess.configuredJournal(home);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> db.countWhere("hookbridge_delivery", "status <> 'delivered'") == 0);

            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo((KILLS + 1) * MARK);
            Set<String> journaled = ids(db, "SELECT id FROM hookbridge_event");
            assertThat(db.count("hookbridge_event")).as("journaled events").isEqualTo(journaled.size());
            assertThat(journaled).containsAll(acknowledged);
            for (String table : List.of("systeme_events", "systeme_sales")) {
                assertThat(db.db().rows("SELECT event_id FROM " + table + " GROUP BY event_id HAVING COUNT(*) > 1"))
                        .as("events with more than one row in " + table).isEmpty();
                assertThat(ids(db, "SELECT event_id FROM " + table)).as(table).containsAll(acknowledged)
                        .isEqualTo(journaled);
            }
            assertThat(db.count("hookbridge_delivery")).isEqualTo(2L * journaled.size());
        } finally {
            bridge.get().close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static Set<String> ids(TestDatabase.Reader db, String sql) {
        return db.db().rows(sql).stream().map(row -> String.valueOf(row.values().iterator().next()))
                .collect(Collectors.toSet());
    }
}
