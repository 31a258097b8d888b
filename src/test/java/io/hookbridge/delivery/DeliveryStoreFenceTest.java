package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.hookbridge.db.SchemaMigrations;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.delivery.DeliveryStore.Outcome;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.payload.StoredPayloads;
import io.hookbridge.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The claim fence of the delivery rows, on each database: a claim increments the row's claim
 * version, and renewing, releasing and recording touch a row only under the claim that holds it
 * now, not under one that was taken over (by another instance, or by the same instance name
 * after a restart) or ended.
 */
class DeliveryStoreFenceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(10);

    private TestDatabase db;
    private HikariDataSource pool;
    private DeliveryStore store;

    private void open(TestDatabase.Kind kind) throws Exception {
        db = TestDatabase.create(kind);
        pool = db.journalPool(3);
        SqlDialect dialect = SqlDialect.of(pool);
        SchemaMigrations.migrate(pool, dialect, "journal", "hookbridge_schema_history");
        store = new DeliveryStore(pool, dialect, new StoredPayloads(new PayloadParser()));
        try (Connection connection = pool.getConnection();
                PreparedStatement event = connection.prepareStatement("INSERT INTO hookbridge_event"
                        + " (id, source, type, status, received_at_ms, dedupe_key, body) VALUES (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement delivery = connection.prepareStatement("INSERT INTO hookbridge_delivery"
                        + " (event_id, flow, status, attempts, next_attempt_at_ms, updated_at_ms)"
                        + " VALUES (?, ?, 'pending', 0, ?, ?)")) {
            event.setString(1, "event-1");
            event.setString(2, "systeme");
            event.setString(3, "contact.tag.added");
            event.setString(4, "routed");
            event.setLong(5, T0.toEpochMilli());
            event.setBytes(6, new byte[32]);
            event.setBytes(7, "{\"type\":\"contact.tag.added\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
            event.executeUpdate();
            for (String flow : List.of("flow-a", "flow-b")) {
                delivery.setString(1, "event-1");
                delivery.setString(2, flow);
                delivery.setLong(3, T0.toEpochMilli());
                delivery.setLong(4, T0.toEpochMilli());
                delivery.executeUpdate();
            }
        }
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_increment_the_claim_version_with_every_claim_and_carry_it(TestDatabase.Kind kind) throws Exception {
        open(kind);
        List<DueDelivery> first = claim("one", T0);
        assertThat(first).extracting(DueDelivery::claimVersion).containsExactly(1L, 1L);
        store.release("one", first);
        List<DueDelivery> second = claim("one", T0);
        assertThat(second).extracting(DueDelivery::claimVersion).containsExactly(2L, 2L);
        assertThat(db.rows("SELECT claim_version FROM hookbridge_delivery ORDER BY id"))
                .extracting(row -> ((Number) row.get("claim_version")).longValue()).containsExactly(2L, 2L);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_neither_renew_release_nor_record_a_claim_taken_over_by_another_instance(TestDatabase.Kind kind)
            throws Exception {
        open(kind);
        List<DueDelivery> lost = claim("first", T0);
        Instant later = T0.plus(LEASE).plusSeconds(1);
        List<DueDelivery> taken = claim("second", later);
        assertThat(taken).hasSize(2);

        assertThat(store.renew("first", lost, later.plus(LEASE))).isEmpty();
        store.release("first", lost);
        assertThat(store.record("first", List.of(Outcome.delivered(lost.get(0), later, later)))).isEqualTo(1);

        assertThat(db.rows("SELECT status, claimed_by, lease_until_ms FROM hookbridge_delivery ORDER BY id"))
                .containsOnly(Map.of("status", "pending", "claimed_by", "second",
                        "lease_until_ms", later.plus(LEASE).toEpochMilli()));
        assertThat(store.renew("second", taken, later.plus(LEASE).plusSeconds(1)))
                .containsExactlyInAnyOrder(taken.get(0).id(), taken.get(1).id());
        assertThat(store.record("second", List.of(Outcome.delivered(taken.get(0), later, later)))).isZero();
        assertThat(db.rows("SELECT status FROM hookbridge_delivery WHERE id = ?", taken.get(0).id()))
                .containsExactly(Map.of("status", "delivered"));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_tell_an_old_claim_from_a_new_one_of_the_same_instance_name(TestDatabase.Kind kind) throws Exception {
        open(kind);
        // an instance restarted under the same name takes its own expired claims over
        List<DueDelivery> before = claim("bridge-1", T0);
        Instant later = T0.plus(LEASE).plusSeconds(1);
        List<DueDelivery> after = claim("bridge-1", later);

        assertThat(store.renew("bridge-1", before, later.plus(LEASE))).isEmpty();
        assertThat(store.record("bridge-1", List.of(Outcome.dead(before.get(0), later, later, "old claim"))))
                .isEqualTo(1);
        assertThat(store.renew("bridge-1", after, later.plus(LEASE))).hasSize(2);
        assertThat(db.rows("SELECT status FROM hookbridge_delivery")).extracting(row -> row.get("status"))
                .containsOnly("pending");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_renew_only_the_rows_still_held_after_some_were_recorded(TestDatabase.Kind kind) throws Exception {
        open(kind);
        List<DueDelivery> claimed = claim("one", T0);
        assertThat(store.record("one", List.of(Outcome.delivered(claimed.get(0), T0, T0)))).isZero();

        assertThat(store.renew("one", claimed, T0.plus(LEASE).plusSeconds(5))).containsExactly(claimed.get(1).id());
        // released where the claim still holds; a claim that ended with its outcome is not recorded again
        store.release("one", claimed);
        assertThat(db.rows("SELECT claimed_by FROM hookbridge_delivery WHERE id = ?", claimed.get(1).id()))
                .extracting(row -> row.get("claimed_by")).containsExactly((Object) null);
        assertThat(store.record("one", List.of(Outcome.dead(claimed.get(0), T0, T0, "again")))).isEqualTo(1);
        assertThat(db.rows("SELECT status FROM hookbridge_delivery WHERE id = ?", claimed.get(0).id()))
                .containsExactly(Map.of("status", "delivered"));
    }

    private List<DueDelivery> claim(String instance, Instant now) throws Exception {
        return store.claim(instance, now, now.plus(LEASE), 10, List.of());
    }
}
