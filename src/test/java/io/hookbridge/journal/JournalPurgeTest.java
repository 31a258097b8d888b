package io.hookbridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Housekeeping removes old, fully delivered events only. */
class JournalPurgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void should_purge_old_delivered_events_and_keep_old_dead_or_unrouted_ones_and_recent_ones() throws Exception {
        try (TestDatabase db = TestDatabase.embedded();
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.journal.retention", "7d",
                        "hookbridge.journal.purge-interval", "300ms"))) {
            String oldDelivered = id(bridge.postSample("contact.tag.added.json").body());
            String oldUnrouted = id(bridge.postJson(RunningBridge.WEBHOOK, Samples.bytes("adversarial/unknown-type.json")).body());
            db.update("DROP TABLE systeme_sales");
            String oldWithDead = id(bridge.postSample("customer.sale.completed.json").body());
            String recentDelivered = id(bridge.postSample("contact.page.visited.json").body());
            await().atMost(WAIT).until(() -> db.rows("SELECT id FROM hookbridge_delivery WHERE status = 'pending'").isEmpty());
            long eightDaysAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
            db.update("UPDATE hookbridge_event SET received_at_ms = ? WHERE id IN (?, ?, ?)", eightDaysAgo,
                    oldDelivered, oldUnrouted, oldWithDead);

            await().atMost(WAIT).until(() -> db.rows("SELECT id FROM hookbridge_event WHERE id = ?", oldDelivered).isEmpty());

            assertThat(db.rows("SELECT id FROM hookbridge_event")).extracting(row -> row.get("id"))
                    .containsExactlyInAnyOrder(oldUnrouted, oldWithDead, recentDelivered);
            assertThat(db.rows("SELECT id FROM hookbridge_delivery WHERE event_id = ?", oldDelivered)).isEmpty();
            assertThat(db.rows("SELECT event_id FROM hookbridge_delivery")).extracting(row -> row.get("event_id"))
                    .containsOnly(oldWithDead, recentDelivered);
            assertThat(db.count("hookbridge_attempt")).isEqualTo(3);
            assertThat(db.rows("SELECT event_id FROM systeme_events WHERE event_id = ?", oldDelivered))
                    .as("the sink keeps its rows").hasSize(1);
        }
    }

    @Test
    void should_refuse_a_retention_shorter_than_the_dedupe_window() {
        assertThatThrownBy(() -> new JournalPurge(null, Clock.systemUTC(), Duration.ofDays(6), Duration.ofMinutes(10)))
                .hasMessageContaining("hookbridge.journal.retention must be at least 7d");
    }

    private static String id(String body) throws Exception {
        return JSON.readTree(body).get("event_id").asText();
    }
}
