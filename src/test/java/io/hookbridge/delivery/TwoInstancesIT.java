package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.LoadGenerator;
import io.hookbridge.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two bridge processes on one PostgreSQL, and on one MariaDB: they share the deliveries, never
 * both deliver one, and when one is killed the other finishes its work once the claims' lease
 * runs out.
 */
class TwoInstancesIT {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void should_share_the_work_without_double_delivery_and_take_over_from_a_killed_instance(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Map<String, String> common = Map.of("hookbridge.db.url", db.url(), "hookbridge.db.username", db.username(),
                    "hookbridge.db.password", db.password(), "hookbridge.delivery.lease", "3s",
                    "hookbridge.delivery.claim-limit", "20", "hookbridge.delivery.poll-interval-ms", "200");
            BridgeProcess first = BridgeProcess.start(BridgeProcess.newHome(), with(common, "hookbridge.instance-name", "first"));
            BridgeProcess second = BridgeProcess.start(BridgeProcess.newHome(), with(common, "hookbridge.instance-name", "second"));
            try {
                List<String> both = List.of(first.url("/webhooks/systeme"), second.url("/webhooks/systeme"));
                Set<String> acknowledged = LoadGenerator.until(600, () -> both, () -> { });
                awaitAllDelivered(db);

                assertThat(eventIds(db, "systeme_events")).containsAll(acknowledged);
                assertThat(eventIds(db, "systeme_sales")).containsAll(acknowledged);
                assertThat(db.rows("SELECT delivery_id FROM hookbridge_attempt WHERE outcome = 'delivered'"
                        + " GROUP BY delivery_id HAVING COUNT(*) > 1")).as("deliveries delivered twice").isEmpty();
                assertThat(db.rows("SELECT DISTINCT instance FROM hookbridge_attempt"))
                        .extracting(row -> row.get("instance")).containsExactlyInAnyOrder("first", "second");

                // the second part: load on the first only, then kill it in the middle of its work
                acknowledged = LoadGenerator.until(300, () -> List.of(first.url("/webhooks/systeme")), first::kill);
                awaitAllDelivered(db);
                assertThat(eventIds(db, "systeme_events")).containsAll(acknowledged);
                assertThat(eventIds(db, "systeme_sales")).containsAll(acknowledged);
                long events = db.count("hookbridge_event");
                assertThat(db.count("systeme_events")).isEqualTo(events);
                assertThat(db.count("systeme_sales")).isEqualTo(events);
            } finally {
                first.close();
                second.close();
            }
        }
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(settings);
        all.put(key, value);
        return all;
    }

    private static void awaitAllDelivered(TestDatabase db) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> db.rows(
                "SELECT id FROM hookbridge_delivery WHERE status <> 'delivered' LIMIT 1").isEmpty());
    }

    private static Set<String> eventIds(TestDatabase db, String table) {
        return db.rows("SELECT event_id FROM " + table).stream().map(row -> (String) row.get("event_id"))
                .collect(Collectors.toSet());
    }
}
