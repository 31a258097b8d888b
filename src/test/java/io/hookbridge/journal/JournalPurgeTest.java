package io.hookbridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hookbridge.testing.TestSecrets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import io.hookbridge.db.SqlDialect;
import org.junit.jupiter.api.Test;

/** Housekeeping removes old, fully delivered events only. */
class JournalPurgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void should_purge_old_delivered_or_skipped_events_and_keep_old_dead_or_unrouted_ones_and_recent_ones() throws Exception {
        try (TestDatabase db = TestDatabase.embedded();
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.journal.retention", "7d",
                        "hookbridge.journal.purge-interval", "300ms"))) {
            String oldDelivered = id(bridge.postSample("contact.tag.added.json").body());
            String oldUnrouted = id(bridge.postJson(RunningBridge.WEBHOOK, Samples.bytes("adversarial/unknown-type.json")).body());
            db.update("DROP TABLE systeme_sales");
            String oldWithDead = id(bridge.postSample("customer.sale.completed.json").body());
            String recentDelivered = id(bridge.postSample("contact.page.visited.json").body());
            await().atMost(WAIT).until(() -> db.rows("SELECT id FROM hookbridge_delivery WHERE status = 'pending'").isEmpty());
            // a flow whose condition was false for it: done too, nothing to keep the event for
            db.update("INSERT INTO hookbridge_delivery (event_id, flow, status, attempts, next_attempt_at_ms, updated_at_ms,"
                    + " last_error) VALUES (?, 'vip-only', 'skipped', 0, 0, 0, 'skipped: condition false')", oldDelivered);
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
    void should_purge_alerts_for_the_operator_older_than_the_retention_sent_or_not() throws Exception {
        try (TestDatabase db = TestDatabase.embedded();
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.journal.retention", "7d",
                        "hookbridge.journal.purge-interval", "300ms"))) {
            long now = System.currentTimeMillis();
            long nineDaysAgo = now - Duration.ofDays(9).toMillis();
            String insert = "INSERT INTO hookbridge_alert (kind, alert_key, details, created_at_ms, mailed_at_ms,"
                    + " posted_at_ms) VALUES (?, ?, '{}', ?, ?, ?)";
            db.update(insert, "dead-delivery", "old-and-sent", nineDaysAgo, nineDaysAgo, 0L);
            db.update(insert, "quiet", "old-never-sent", nineDaysAgo, null, null);
            db.update(insert, "dead-delivery", "recent", now, null, 0L);

            await().atMost(WAIT).until(() -> db.count("hookbridge_alert") == 1);

            assertThat(db.rows("SELECT alert_key FROM hookbridge_alert")).extracting(row -> row.get("alert_key"))
                    .containsExactly("recent");
        }
    }

    /**
     * A replay that lands between the purge's choice of a batch and its deletion puts a delivery
     * back to pending: its event, deliveries and attempts stay, and the rest of the batch goes.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_keep_an_event_whose_delivery_is_replayed_while_the_purge_deletes_its_batch(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.delivery.enabled", "false",
                        "hookbridge.admin.token", TestSecrets.ADMIN_TOKEN));
                HikariDataSource journal = db.journalPool(2)) {
            String replayed = id(bridge.postSample("contact.tag.added.json").body());
            String purged = id(bridge.postSample("contact.page.visited.json").body());
            long eightDaysAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
            db.update("UPDATE hookbridge_delivery SET status = 'delivered', attempts = 1");
            db.update("UPDATE hookbridge_event SET received_at_ms = ?", eightDaysAgo);
            db.update("INSERT INTO hookbridge_attempt (delivery_id, attempt, started_at_ms, finished_at_ms, outcome,"
                    + " instance) SELECT id, 1, ?, ?, 'delivered', 'earlier' FROM hookbridge_delivery", eightDaysAgo,
                    eightDaysAgo);
            long delivery = ((Number) db.rows("SELECT id FROM hookbridge_delivery WHERE event_id = ?", replayed)
                    .get(0).get("id")).longValue();
            List<String> chosen = new ArrayList<>();
            JournalPurge purge = new JournalPurge(journal, SqlDialect.of(journal), Clock.systemUTC(), Duration.ofDays(7),
                    Duration.ofMinutes(10),
                    ids -> {
                        chosen.addAll(ids);
                        HttpResponse<String> replay = RunningBridge.send(HttpRequest.newBuilder(
                                bridge.uri("/admin/api/deliveries/" + delivery + "/replay"))
                                .header("Authorization", "Bearer " + TestSecrets.ADMIN_TOKEN)
                                .POST(HttpRequest.BodyPublishers.noBody()));
                        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
                    });

            assertThat(purge.purge()).isEqualTo(1);

            assertThat(chosen).containsExactlyInAnyOrder(replayed, purged);
            assertThat(db.rows("SELECT id FROM hookbridge_event")).extracting(row -> row.get("id"))
                    .containsExactly(replayed);
            assertThat(db.rows("SELECT status FROM hookbridge_delivery WHERE id = ?", delivery))
                    .extracting(row -> row.get("status")).containsExactly("pending");
            assertThat(db.rows("SELECT event_id FROM hookbridge_delivery")).extracting(row -> row.get("event_id"))
                    .containsOnly(replayed);
            assertThat(db.rows("SELECT delivery_id FROM hookbridge_attempt"))
                    .extracting(row -> ((Number) row.get("delivery_id")).longValue()).containsExactly(delivery);
        }
    }

    /**
     * The same race with the replay's transaction still open while the purge deletes (its commit
     * comes a moment later): on PostgreSQL the delete alone read the state before that commit, and
     * its cascade removed the delivery the replay had made pending.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_keep_an_event_whose_replay_commits_while_the_purge_deletes_it(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.delivery.enabled", "false"));
                HikariDataSource journal = db.journalPool(2)) {
            String replayed = id(bridge.postSample("contact.tag.added.json").body());
            db.update("UPDATE hookbridge_delivery SET status = 'delivered', attempts = 1");
            db.update("UPDATE hookbridge_event SET received_at_ms = ?",
                    System.currentTimeMillis() - Duration.ofDays(8).toMillis());
            AtomicReference<Throwable> replayFailure = new AtomicReference<>();
            Thread[] committer = new Thread[1];
            int[] replayedDeliveries = new int[1];
            JournalPurge purge = new JournalPurge(journal, SqlDialect.of(journal), Clock.systemUTC(), Duration.ofDays(7),
                    Duration.ofMinutes(10), ids -> {
                        try {
                            Connection replay = db.connect();
                            replay.setAutoCommit(false);
                            try (PreparedStatement update = replay.prepareStatement("UPDATE hookbridge_delivery"
                                    + " SET status = 'pending', attempts = 0, claim_version = claim_version + 1"
                                    + " WHERE event_id = ?")) {
                                update.setString(1, replayed);
                                replayedDeliveries[0] = update.executeUpdate();
                            }
                            committer[0] = new Thread(() -> {
                                try (replay) {
                                    Thread.sleep(1000); // the purge reaches its delete meanwhile
                                    replay.commit();
                                } catch (Exception e) {
                                    replayFailure.set(e);
                                }
                            });
                            committer[0].start();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });

            assertThat(purge.purge()).isZero();
            committer[0].join(10_000);

            assertThat(replayFailure.get()).isNull();
            assertThat(replayedDeliveries[0]).isPositive();
            assertThat(db.rows("SELECT id FROM hookbridge_event")).extracting(row -> row.get("id")).containsExactly(replayed);
            assertThat(db.rows("SELECT status FROM hookbridge_delivery WHERE event_id = ?", replayed))
                    .extracting(row -> row.get("status")).containsOnly("pending").hasSize(replayedDeliveries[0]);
        }
    }

    @Test
    void should_refuse_a_retention_shorter_than_the_dedupe_window() {
        assertThatThrownBy(() -> new JournalPurge(null, SqlDialect.SQLITE, Clock.systemUTC(), Duration.ofDays(6),
                Duration.ofMinutes(10)))
                .hasMessageContaining("hookbridge.journal.retention must be at least 7d");
    }

    private static String id(String body) throws Exception {
        return JSON.readTree(body).get("event_id").asText();
    }
}
