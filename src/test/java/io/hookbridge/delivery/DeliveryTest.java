package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.CuttableTcpProxy;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery engine with real sinks: deliveries run off the request thread, survive a
 * restart, retry on their own by the class of their failure, and end dead with their error.
 */
class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestDatabase db;
    private JournalRows journal;
    private RecordingHttpServer http;

    @BeforeEach
    void start() {
        db = TestDatabase.embedded();
        journal = new JournalRows(db);
        http = new RecordingHttpServer();
    }

    @AfterEach
    void stop() {
        http.close();
        db.close();
    }

    @Test
    void should_deliver_rows_left_pending_at_stop_exactly_once_after_the_next_start() {
        try (RunningBridge ingestOnly = RunningBridge.start(db, Map.of("hookbridge.delivery.enabled", "false"))) {
            assertThat(ingestOnly.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            assertThat(ingestOnly.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
            assertThat(ingestOnly.postSample("contact.webinar.registered.json").statusCode()).isEqualTo(202);
        }
        assertThat(journal.statuses()).containsOnly("pending").hasSize(4);
        assertThat(db.count("systeme_events")).isZero();

        try (RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            await().atMost(WAIT).until(() -> journal.statuses().equals(List.of("delivered", "delivered", "delivered", "delivered")));
        }

        assertThat(db.count("systeme_events")).isEqualTo(3);
        assertThat(db.count("systeme_sales")).isEqualTo(1);
        assertThat(db.rows("SELECT DISTINCT attempts FROM hookbridge_delivery")).containsExactly(Map.of("attempts", 1));
        assertThat(db.count("hookbridge_attempt")).isEqualTo(4);
    }

    @Test
    void should_send_a_delivery_the_database_refuses_to_dead_at_once_while_the_other_flow_delivers() {
        try (RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            db.update("DROP TABLE systeme_sales");

            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);

            await().atMost(WAIT).until(() -> journal.statusOf("sales-to-sql").equals("dead"));
            Map<String, Object> sales = journal.delivery("sales-to-sql");
            assertThat(sales.get("attempts")).isEqualTo(1);
            assertThat((String) sales.get("last_error")).containsIgnoringCase("systeme_sales").contains("no such table");
            assertThat(journal.attempts("sales-to-sql")).extracting(a -> a.get("outcome")).containsExactly("dead");
            await().atMost(WAIT).until(() -> journal.statusOf("events-to-sql").equals("delivered"));
            assertThat(journal.delivery("events-to-sql").get("attempts")).isEqualTo(1);
            assertThat(db.count("systeme_events")).isEqualTo(1);
        }
    }

    @Test
    void should_retry_while_the_sink_database_is_down_and_deliver_once_it_is_back() throws Exception {
        Path folder = Files.createTempDirectory("hookbridge-sink-");
        int port = RunningBridge.freePort();
        String[] serverArgs = {"-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", folder.toString()};
        Server sinkServer = Server.createTcpServer(serverArgs).start();
        String sinkUrl = "jdbc:h2:tcp://127.0.0.1:" + port + "/sink";
        try (RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.sql.url", sinkUrl,
                "hookbridge.sql.username", "sa", "hookbridge.delivery.retry-schedule", "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
                "hookbridge.delivery.circuit-failures", "100"))) {
            sinkServer.stop();

            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> ((Integer) journal.delivery("sales-to-sql").get("attempts")) >= 2);
            assertThat(journal.statusOf("sales-to-sql")).isEqualTo("pending");
            assertThat((String) journal.delivery("sales-to-sql").get("last_error")).isNotBlank();

            sinkServer = Server.createTcpServer(serverArgs).start();

            await().atMost(WAIT).until(() -> journal.statusOf("sales-to-sql").equals("delivered")
                    && journal.statusOf("events-to-sql").equals("delivered"));
            assertThat(journal.attempts("sales-to-sql")).extracting(a -> a.get("outcome")).last().isEqualTo("delivered");
            assertThat(journal.attempts("sales-to-sql")).extracting(a -> a.get("outcome")).filteredOn("retry"::equals)
                    .isNotEmpty();
        } finally {
            sinkServer.stop();
        }
        Server reader = Server.createTcpServer(serverArgs).start();
        try (TestDatabase.Reader sink = TestDatabase.reader(sinkUrl, "sa", "")) {
            assertThat(sink.count("systeme_sales")).isEqualTo(1);
            assertThat(sink.count("systeme_events")).isEqualTo(1);
        } finally {
            reader.stop();
        }
    }

    @Test
    void should_make_a_delivery_dead_with_every_attempt_kept_when_its_retries_run_out() {
        http.answer(500, Map.of());
        try (RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(Map.of(
                "test.http.url", http.url("/hook"), "hookbridge.delivery.retry-schedule", "100ms,100ms")))) {
            bridge.postSample("customer.sale.completed.json");

            await().atMost(WAIT).until(() -> journal.statusOf("http-probe").equals("dead"));
            assertThat(journal.delivery("http-probe").get("attempts")).isEqualTo(3);
            assertThat(journal.attempts("http-probe")).extracting(a -> a.get("outcome")).containsExactly("retry", "retry", "dead");
            assertThat(journal.attempts("http-probe")).extracting(a -> (String) a.get("error"))
                    .allMatch(error -> error.contains("500"));
            assertThat(http.requests()).hasSize(3)
                    .allMatch(r -> r.body().equals(Samples.text("customer.sale.completed.json")));
            assertThat(journal.statusOf("sales-to-sql")).isEqualTo("delivered");
        }
    }

    @Test
    void should_not_retry_an_http_400_and_should_retry_a_408() {
        http.answer(400, Map.of());
        try (RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(Map.of(
                "test.http.url", http.url("/hook"), "hookbridge.delivery.retry-schedule", "100ms,100ms,100ms")))) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> journal.statusOf("http-probe").equals("dead"));
            assertThat(journal.delivery("http-probe").get("attempts")).isEqualTo(1);
            assertThat(http.requests()).hasSize(1);

            http.answer(408, Map.of());
            db.update("UPDATE hookbridge_delivery SET status = 'pending', attempts = 0 WHERE flow = 'http-probe'");
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> journal.statusOf("http-probe").equals("dead"));
            assertThat(journal.delivery("http-probe").get("attempts")).isEqualTo(4);
        }
    }

    @Test
    void should_wait_as_long_as_retry_after_asks_before_the_next_attempt() {
        http.answer(429, Map.of("Retry-After", "2"));
        try (RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(Map.of(
                "test.http.url", http.url("/hook"), "hookbridge.delivery.retry-schedule", "100ms,100ms,100ms")))) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> http.requests().size() == 1);
            await().atMost(WAIT).until(() -> ((Integer) journal.delivery("http-probe").get("attempts")) == 1);
            http.answer(200, Map.of());

            await().atMost(WAIT).until(() -> journal.statusOf("http-probe").equals("delivered"));

            List<RecordingHttpServer.Request> requests = http.requests();
            assertThat(requests).hasSize(2);
            assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void should_keep_a_scheduled_retry_across_a_restart() {
        http.answer(500, Map.of());
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("test.http.url", http.url("/hook"),
                "hookbridge.delivery.retry-schedule", "4s"));
        try (RunningBridge bridge = RunningBridge.start(db, settings)) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> ((Integer) journal.delivery("http-probe").get("attempts")) == 1);
        }
        Map<String, Object> waiting = journal.delivery("http-probe");
        Instant next = Instant.ofEpochMilli(((Number) waiting.get("next_attempt_at_ms")).longValue());
        assertThat(waiting.get("status")).isEqualTo("pending");
        assertThat(Duration.between(http.requests().get(0).at(), next)).isBetween(Duration.ofMillis(3000),
                Duration.ofMillis(5000));
        http.answer(200, Map.of());

        try (RunningBridge bridge = RunningBridge.start(db, settings)) {
            await().atMost(WAIT).until(() -> journal.statusOf("http-probe").equals("delivered"));
        }
        assertThat(http.requests()).hasSize(2);
        assertThat(http.requests().get(1).at()).isAfterOrEqualTo(next);
    }

    @Test
    void should_use_a_flows_own_retry_schedule() {
        http.answer(503, Map.of());
        try (RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(Map.of(
                "test.http.url", http.url("/hook"), "hookbridge.flow.http-probe.retry-schedule", "50ms")))) {
            bridge.postSample("customer.sale.completed.json");

            await().atMost(WAIT).until(() -> journal.statusOf("http-probe").equals("dead"));
            assertThat(journal.delivery("http-probe").get("attempts")).isEqualTo(2);
        }
    }

    @Test
    void should_pause_a_failing_flow_without_using_the_attempts_of_its_waiting_deliveries() {
        http.answer(500, Map.of());
        Map<String, String> settings = new HashMap<>(Map.of("test.http.url", http.url("/hook"),
                "hookbridge.delivery.retry-schedule", "100ms,100ms,100ms,100ms,100ms",
                "hookbridge.delivery.circuit-failures", "3", "hookbridge.delivery.circuit-pause", "3s"));
        try (RunningBridge ingestOnly = RunningBridge.start(db, RunningBridge.withTestRoutes(
                Map.of("hookbridge.delivery.enabled", "false", "test.http.url", http.url("/hook"))))) {
            for (int i = 0; i < 10; i++) {
                byte[] sale = Samples.text("customer.sale.completed.json")
                        .replace("\"id\": 612661", "\"id\": " + (700 + i)).getBytes(StandardCharsets.UTF_8);
                assertThat(ingestOnly.postJson(RunningBridge.WEBHOOK, sale).statusCode()).isEqualTo(202);
            }
        }
        try (RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(settings))) {
            await().atMost(WAIT).until(() -> http.requests().size() >= 3);
            // paused: for most of the 3 s pause no request reaches the sink, and no attempt is used
            await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(3))
                    .until(() -> http.requests().size() == 3);
            assertThat(journal.countWhere("flow = 'http-probe' AND status = 'pending' AND attempts = 0")).isEqualTo(7);
            assertThat(journal.countWhere("flow = 'sales-to-sql' AND status = 'delivered'")).isEqualTo(10);

            http.answer(200, Map.of());
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'http-probe' AND status = 'delivered'") == 10);
            assertThat(((Number) db.rows("SELECT MAX(attempts) AS m FROM hookbridge_delivery").get(0).get("m")).intValue()).isIn(1, 2, 3);
        }
    }

    @Test
    void should_isolate_the_one_bad_event_of_a_batch_and_deliver_the_others() {
        // a sink database that enforces column lengths (SQLite, the journal's, does not)
        TestDatabase sink = TestDatabase.h2();
        Map<String, String> sinkSettings = Map.of("hookbridge.sql.url", sink.url(), "hookbridge.sql.username",
                sink.username(), "hookbridge.sql.password", sink.password());
        try (RunningBridge ingestOnly = RunningBridge.start(db, RunningBridge.with(sinkSettings,
                "hookbridge.delivery.enabled", "false"))) {
            for (int i = 0; i < 5; i++) {
                String country = i == 2 ? "X".repeat(100) : "FR";
                byte[] sale = Samples.text("customer.sale.completed.json")
                        .replace("\"id\": 612661", "\"id\": " + (800 + i))
                        .replace("\"country\": \"FR\"", "\"country\": \"" + country + "\"")
                        .getBytes(StandardCharsets.UTF_8);
                assertThat(ingestOnly.postJson(RunningBridge.WEBHOOK, sale).statusCode()).isEqualTo(202);
            }
        }
        try (RunningBridge bridge = RunningBridge.start(db, sinkSettings)) {
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'sales-to-sql' AND status <> 'pending'") == 5);

            assertThat(journal.countWhere("flow = 'sales-to-sql' AND status = 'delivered'")).isEqualTo(4);
            assertThat(journal.countWhere("flow = 'sales-to-sql' AND status = 'dead' AND last_error LIKE '%too long%'"))
                    .isEqualTo(1);
            assertThat(sink.rows("SELECT order_id FROM systeme_sales ORDER BY order_id"))
                    .extracting(row -> ((Number) row.get("order_id")).longValue()).containsExactly(800L, 801L, 803L, 804L);
        }
    }

    @Test
    void should_record_a_delivery_made_while_the_journal_was_away_once_it_is_back_without_sending_it_again()
            throws Exception {
        http.answerInTurn(new RecordingHttpServer.Answer(200, Map.of(), Duration.ofSeconds(2)));
        try (TestDatabase journal = TestDatabase.postgres(); CuttableTcpProxy proxy = new CuttableTcpProxy(journal.port())) {
            Map<String, String> settings = new HashMap<>(RunningBridge.withTestRoutes(Map.of("test.http.url",
                    http.url("/hook"), "test.sale-flows", "http-probe", "hookbridge.delivery.lease", "40s")));
            settings.putAll(Map.of("hookbridge.db.url", journal.urlOnPort(proxy.port()),
                    "hookbridge.db.username", journal.username(), "hookbridge.db.password", journal.password(),
                    "hookbridge.delivery.poll-interval-ms", "200"));
            try (RunningBridge bridge = RunningBridge.startWith(settings)) {
                assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
                await().atMost(WAIT).until(() -> http.requests().size() == 1);
                proxy.cut(); // the receiver answers two seconds later, while the journal is away
                await().atMost(WAIT).until(() -> http.answered() == 1);
                // longer than the connection pool waits (2 s): recording the outcome fails, and is tried again
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> http.requests().size() == 1);

                proxy.restore();
                // recorded within the claim's lease (40 s), not redelivered after it
                await().atMost(Duration.ofSeconds(8)).until(() -> ((Number) journal.rows("SELECT COUNT(*) AS n FROM"
                        + " hookbridge_delivery WHERE flow = 'http-probe' AND status = 'delivered' AND attempts = 1")
                        .get(0).get("n")).longValue() == 1);
                assertThat(http.requests()).hasSize(1);
            }
        }
    }
}
