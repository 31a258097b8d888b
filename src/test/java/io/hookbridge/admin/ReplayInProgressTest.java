package io.hookbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replay never makes the receiver get a delivery twice: a delivery a worker holds (sending it
 * now, or about to, even after its lease ran out) is not replayed but refused with 409, and
 * bulk replays leave such deliveries alone and say how many they skipped.
 */
class ReplayInProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestDatabase db;
    private RecordingHttpServer receiver;

    @BeforeEach
    void start() {
        db = TestDatabase.embedded();
        receiver = new RecordingHttpServer();
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    private RunningBridge bridge(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("hookbridge.admin.token", TestSecrets.ADMIN_TOKEN);
        settings.put("test.http.url", receiver.url("/hook"));
        settings.put("test.sale-flows", "http-probe");
        return RunningBridge.start(db, RunningBridge.withTestRoutes(settings));
    }

    @Test
    void should_refuse_with_409_to_replay_a_delivery_while_the_receiver_holds_it_and_send_it_once() throws Exception {
        receiver.answerInTurn(new RecordingHttpServer.Answer(200, Map.of(), Duration.ofSeconds(3)));
        try (RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale(1)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            long id = deliveryId(1);

            HttpResponse<String> replay = call(bridge, "/admin/api/deliveries/" + id + "/replay");

            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
            JsonNode error = JSON.readTree(replay.body());
            assertThat(error.get("error").asText()).isEqualTo("in_progress");
            assertThat(error.get("message").asText()).contains(String.valueOf(id)).contains("being delivered");
            await().atMost(WAIT).until(() -> status(1).equals("delivered"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.requests().size() == 1);
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void should_not_send_twice_a_delivery_replayed_after_its_lease_ran_out_while_the_worker_still_holds_it()
            throws Exception {
        // the first call takes longer than the lease: the second delivery of the claim waits behind it
        receiver.answerInTurn(new RecordingHttpServer.Answer(200, Map.of(), Duration.ofSeconds(3)));
        try (RunningBridge bridge = bridge(Map.of("hookbridge.delivery.enabled", "false"))) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale(1)).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale(2)).statusCode()).isEqualTo(202);
        }
        try (RunningBridge bridge = bridge(Map.of("hookbridge.delivery.lease", "1s"))) {
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            long second = deliveryId(2);
            await().atMost(WAIT).until(() -> {
                Map<String, Object> row = db.rows("SELECT claimed_by, lease_until_ms FROM hookbridge_delivery"
                        + " WHERE id = ?", second).get(0);
                return row.get("claimed_by") != null
                        && ((Number) row.get("lease_until_ms")).longValue() < System.currentTimeMillis();
            });
            assertThat(receiver.answered()).as("the first call is still held").isZero();

            HttpResponse<String> replay = call(bridge, "/admin/api/deliveries/" + second + "/replay");

            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
            await().atMost(WAIT).until(() -> status(1).equals("delivered") && status(2).equals("delivered"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.requests().size() == 2);
            assertThat(receiver.requests()).extracting(r -> r.body().contains("\"id\": 9000002")).containsOnlyOnce(true);
        }
    }

    @Test
    void should_skip_the_deliveries_in_progress_in_a_time_range_replay_and_say_how_many() throws Exception {
        receiver.answerInTurn(new RecordingHttpServer.Answer(200, Map.of(), Duration.ofSeconds(3)));
        try (RunningBridge bridge = bridge(Map.of())) {
            Instant before = Instant.now().minusSeconds(1);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale(1)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);

            HttpResponse<String> range = call(bridge, "/admin/api/replay?from=" + before + "&to="
                    + Instant.now().plusSeconds(1));

            assertThat(range.statusCode()).as(range.body()).isEqualTo(200);
            assertThat(JSON.readTree(range.body()).get("replayed").asInt()).isZero();
            assertThat(JSON.readTree(range.body()).get("skipped").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(() -> status(1).equals("delivered"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.requests().size() == 1);
        }
    }

    private static byte[] sale(int n) {
        return Samples.text("customer.sale.completed.json").replace("\"id\": 612661", "\"id\": " + (9_000_000 + n))
                .getBytes(StandardCharsets.UTF_8);
    }

    private long deliveryId(int n) {
        List<Map<String, Object>> rows = db.rows("SELECT d.id FROM hookbridge_delivery d JOIN hookbridge_event e"
                + " ON e.id = d.event_id WHERE d.flow = 'http-probe' ORDER BY e.received_at_ms, d.id");
        return ((Number) rows.get(n - 1).get("id")).longValue();
    }

    private String status(int n) {
        return (String) db.rows("SELECT status FROM hookbridge_delivery WHERE id = ?", deliveryId(n)).get(0).get("status");
    }

    private static HttpResponse<String> call(RunningBridge bridge, String path) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri(path))
                .header("Authorization", "Bearer " + TestSecrets.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }
}
