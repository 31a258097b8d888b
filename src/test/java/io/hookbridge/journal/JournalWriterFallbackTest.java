package io.hookbridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.hookbridge.db.SchemaMigrations;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The journal writer on each real database, with events that passed ingress but that the
 * database refuses: one bad event fails alone and the rest of its group commit is stored, while a
 * database that is down fails the whole batch as unavailable without trying each event.
 */
class JournalWriterFallbackTest {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String FLOW = "events-to-sql";
    private static final int GOOD = 20;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_store_the_rest_of_a_batch_and_fail_only_the_events_the_database_refuses(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); HikariDataSource pool = migratedPool(db)) {
            GatedDataSource gate = new GatedDataSource(pool, Integer.MAX_VALUE);
            AtomicInteger afterCommits = new AtomicInteger();
            JournalWriter writer = new JournalWriter(gate, new EventIds(Clock.systemUTC()), 256, 1000,
                    afterCommits::incrementAndGet);
            writer.start();
            try {
                CompletableFuture<Acceptance> plug = writer.append(event("contact.tag.added", "127.0.0.1"));
                gate.awaitHeld();

                List<NewEvent> bad = new ArrayList<>(List.of(
                        event("t".repeat(256), "127.0.0.1"),
                        event("contact.tag.added", "a".repeat(65))));
                if (kind == TestDatabase.Kind.POSTGRESQL) {
                    bad.add(event("contact.tag.added\u0000", "127.0.0.1"));
                }
                List<NewEvent> good = new ArrayList<>();
                List<CompletableFuture<Acceptance>> goodResults = new ArrayList<>();
                List<CompletableFuture<Acceptance>> badResults = new ArrayList<>();
                for (int i = 0; i < GOOD; i++) {
                    // the bad events first, in the middle and last of the batch
                    if (i == 0 || i == GOOD / 2 || i == GOOD - 1) {
                        if (badResults.size() < bad.size()) {
                            badResults.add(writer.append(bad.get(badResults.size())));
                        }
                    }
                    NewEvent event = event("contact.tag.added", "127.0.0.1");
                    good.add(event);
                    goodResults.add(writer.append(event));
                }
                assertThat(badResults).hasSize(bad.size());
                gate.release();

                assertThat(plug.get(10, TimeUnit.SECONDS).duplicate()).isFalse();
                List<String> ids = new ArrayList<>();
                for (CompletableFuture<Acceptance> result : goodResults) {
                    Acceptance acceptance = result.get(10, TimeUnit.SECONDS);
                    assertThat(acceptance.duplicate()).isFalse();
                    ids.add(acceptance.eventId());
                }
                for (CompletableFuture<Acceptance> result : badResults) {
                    assertThat(result).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                            .havingCause().isInstanceOf(JournalRefusedException.class)
                            .satisfies(e -> assertThat(((JournalRefusedException) e).sqlState())
                                    .startsWith(kind == TestDatabase.Kind.SQLITE ? "23" : "22"))
                            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("contact.tag.added")
                                    .doesNotContain("ttt").doesNotContain("aaa"));
                }

                ids.add(plug.get().eventId());
                assertThat(db.rows("SELECT id FROM hookbridge_event")).extracting(row -> (String) row.get("id"))
                        .containsExactlyInAnyOrderElementsOf(ids);
                assertThat(db.rows("SELECT event_id FROM hookbridge_delivery WHERE flow = ?", FLOW))
                        .extracting(row -> (String) row.get("event_id")).containsExactlyInAnyOrderElementsOf(ids);
                // the plug, one group commit of the batch, then each of its events on its own connection
                assertThat(gate.connections()).isEqualTo(1 + 1 + GOOD + bad.size());
                // the plug's commit and the one-by-one pass each wake the delivery workers once
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(afterCommits.get()).isEqualTo(2));
            } finally {
                writer.stop();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_fail_the_whole_batch_as_unavailable_when_the_database_is_down(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            String unreachable = unreachableUrl(db);
            GatedDataSource gate = new GatedDataSource(new DriverManagerDataSource(unreachable, db), Integer.MAX_VALUE);
            JournalWriter writer = new JournalWriter(gate, new EventIds(Clock.systemUTC()), 256, 1000, () -> { });
            writer.start();
            try {
                CompletableFuture<Acceptance> plug = writer.append(event("contact.tag.added", "127.0.0.1"));
                gate.awaitHeld();
                List<CompletableFuture<Acceptance>> results = appendWithOneRefusedInTheMiddle(writer);
                gate.release();

                assertUnavailable(plug);
                results.forEach(JournalWriterFallbackTest::assertUnavailable);
                // one try for the plug and one for the batch: no event-by-event pass against a dead database
                assertThat(gate.connections()).isEqualTo(2);
            } finally {
                writer.stop();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_stop_the_one_by_one_pass_at_the_first_lost_connection(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); HikariDataSource pool = migratedPool(db)) {
            // the plug and the group commit reach the database; from then on it is gone
            GatedDataSource gate = new GatedDataSource(pool, 3);
            JournalWriter writer = new JournalWriter(gate, new EventIds(Clock.systemUTC()), 256, 1000, () -> { });
            writer.start();
            try {
                CompletableFuture<Acceptance> plug = writer.append(event("contact.tag.added", "127.0.0.1"));
                gate.awaitHeld();
                List<CompletableFuture<Acceptance>> results = appendWithOneRefusedInTheMiddle(writer);
                gate.release();

                assertThat(plug.get(10, TimeUnit.SECONDS).duplicate()).isFalse();
                results.forEach(JournalWriterFallbackTest::assertUnavailable);
                assertThat(gate.connections()).isEqualTo(3);
                assertThat(db.count("hookbridge_event")).isEqualTo(1);
            } finally {
                writer.stop();
            }
        }
    }

    /** Queues GOOD events, the middle one with a type longer than its column. */
    private static List<CompletableFuture<Acceptance>> appendWithOneRefusedInTheMiddle(JournalWriter writer) {
        List<CompletableFuture<Acceptance>> results = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            results.add(writer.append(event(i == GOOD / 2 ? "t".repeat(256) : "contact.tag.added", "127.0.0.1")));
        }
        return results;
    }

    private static void assertUnavailable(CompletableFuture<Acceptance> result) {
        assertThat(result).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(JournalUnavailableException.class);
    }

    private static NewEvent event(String type, String remoteAddress) {
        byte[] body = ("{\"type\":\"contact.tag.added\",\"n\":" + SEQUENCE.incrementAndGet() + "}")
                .getBytes(StandardCharsets.UTF_8);
        return new NewEvent("systeme", type, body, Instant.now(), remoteAddress, "{\"user-agent\":\"test\"}",
                DedupeKeys.ofBody("systeme", body), List.of(FLOW));
    }

    private static HikariDataSource migratedPool(TestDatabase db) {
        HikariDataSource pool = db.journalPool(4);
        try {
            SchemaMigrations.migrate(pool, SqlDialect.of(pool), "journal", "hookbridge_schema_history");
            if (db.kind() == TestDatabase.Kind.SQLITE) {
                // SQLite does not enforce a column's length: a trigger refuses what the others do
                db.update("CREATE TRIGGER test_column_lengths BEFORE INSERT ON hookbridge_event WHEN"
                        + " length(NEW.type) > 255 OR length(NEW.remote_address) > 64"
                        + " BEGIN SELECT RAISE(ABORT, 'value too long for its column'); END");
            }
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException(e);
        }
        return pool;
    }

    /** The test database's address with a port nothing listens on. */
    private static String unreachableUrl(TestDatabase db) {
        int port = RunningBridge.freePort();
        return switch (db.kind()) {
            case H2 -> "jdbc:h2:tcp://127.0.0.1:" + port + "/journal";
            case SQLITE -> "jdbc:sqlite:/nonexistent-" + port + "/journal.db";
            default -> db.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
        };
    }

    /**
     * Counts the connections asked for, holds the first one until released (so that what is
     * appended meanwhile queues up as one batch), and from the {@code lostFrom}-th on fails as a
     * lost connection does.
     */
    private static final class GatedDataSource extends DelegatingDataSource {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger connections = new AtomicInteger();
        private final int lostFrom;

        GatedDataSource(DataSource delegate, int lostFrom) {
            super(delegate);
            this.lostFrom = lostFrom;
        }

        @Override
        public Connection getConnection() throws SQLException {
            int n = connections.incrementAndGet();
            if (n == 1) {
                held.countDown();
                try {
                    assertThat(released.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException(e);
                }
            }
            if (n >= lostFrom) {
                throw new SQLNonTransientConnectionException("connection lost (test)", "08006");
            }
            return super.getConnection();
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void release() {
            released.countDown();
        }

        int connections() {
            return connections.get();
        }
    }

    private static final class DriverManagerDataSource extends DelegatingDataSource {
        private final String url;
        private final TestDatabase db;

        DriverManagerDataSource(String url, TestDatabase db) {
            super(null);
            this.url = url;
            this.db = db;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, db.username(), db.password());
        }
    }

    private static class DelegatingDataSource implements DataSource {
        private final DataSource delegate;

        DelegatingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
