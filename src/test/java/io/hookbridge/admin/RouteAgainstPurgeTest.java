package io.hookbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.flow.Routing;
import io.hookbridge.journal.JournalPurge;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Routing an old, fully delivered event again, to a flow added since, while the purge deletes
 * it. Locking only the event's deliveries was not enough: the delivery the re-route inserts does
 * not exist yet, so on PostgreSQL the delete waited for the re-route's commit and then cascaded
 * over the new pending delivery, which the operator had been told was added. The purge locks
 * the events first: the re-route's delivery is then seen, and the event kept.
 */
class RouteAgainstPurgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_keep_the_delivery_a_re_route_added_while_the_purge_deleted_the_event(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.delivery.enabled", "false"));
                HikariDataSource journal = db.journalPool(3)) {
            String eventId = JSON.readTree(bridge.postSample("contact.tag.added.json").body()).get("event_id").asText();
            db.update("UPDATE hookbridge_delivery SET status = 'delivered', attempts = 1");
            db.update("UPDATE hookbridge_event SET received_at_ms = ?",
                    System.currentTimeMillis() - Duration.ofDays(8).toMillis());

            // the re-route's commit comes a moment after its insert: the purge reaches its delete meanwhile
            CountDownLatch inserted = new CountDownLatch(1);
            Replays replays = new Replays(slowCommits(journal, inserted), Clock.systemUTC());
            AtomicReference<Object> routed = new AtomicReference<>();
            // the purge's choice of the batch is made before the re-route starts
            Thread router = new Thread(() -> {
                try {
                    routed.set(replays.route(eventId, new Routing(List.of("added-since"), Map.of())));
                } catch (Exception e) {
                    routed.set(e);
                }
            });
            int purged = purgeWhile(journal, eventId, router, inserted);
            router.join(10_000);

            Object result = routed.get();
            if (result instanceof List<?> flows && flows.contains("added-since")) {
                // the re-route said it added a delivery: it must be there, pending, with its event
                assertThat(db.rows("SELECT status FROM hookbridge_delivery WHERE event_id = ? AND flow = 'added-since'",
                        eventId)).as("purged %d event(s)", purged).extracting(row -> row.get("status"))
                        .containsExactly("pending");
                assertThat(db.rows("SELECT id FROM hookbridge_event WHERE id = ?", eventId)).hasSize(1);
            } else {
                // or it failed, and the operator knows the event is gone
                assertThat(result).isInstanceOf(Exception.class);
                assertThat(db.rows("SELECT id FROM hookbridge_event WHERE id = ?", eventId)).isEmpty();
            }
        }
    }

    /** Runs the purge, starting the re-route between the purge's choice and its delete, once its insert is done. */
    private static int purgeWhile(HikariDataSource journal, String eventId, Thread router, CountDownLatch inserted)
            throws Exception {
        java.lang.reflect.Constructor<JournalPurge> hooked = JournalPurge.class.getDeclaredConstructor(DataSource.class,
                SqlDialect.class, Clock.class, Duration.class, Duration.class, java.util.function.Consumer.class);
        hooked.setAccessible(true);
        java.util.function.Consumer<List<String>> beforeDelete = ids -> {
            assertThat(ids).contains(eventId);
            router.start();
            try {
                assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        JournalPurge purge = hooked.newInstance(journal, SqlDialect.of(journal), Clock.systemUTC(), Duration.ofDays(7),
                Duration.ofMinutes(10), beforeDelete);
        return purge.purge();
    }

    /** The data source, whose connections wait a second before each commit (signalling when one begins). */
    private static DataSource slowCommits(DataSource dataSource, CountDownLatch committing) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("commit")) {
                                    committing.countDown();
                                    Thread.sleep(1000);
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
