package io.hookbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP: authentication, inspection, replays and routing an unrouted event. */
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = TestSecrets.ADMIN_TOKEN;

    private TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.embedded();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private RunningBridge bridge(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("hookbridge.admin.token", TOKEN);
        return RunningBridge.start(db, settings);
    }

    private static HttpResponse<String> call(RunningBridge bridge, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(bridge.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return RunningBridge.send(request);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void should_refuse_to_start_with_a_short_admin_token_naming_the_setting() {
        assertThatThrownBy(() -> RunningBridge.start(db, Map.of("hookbridge.admin.token", "admin123")))
                .rootCause().hasMessageContaining("hookbridge.admin.token").hasMessageNotContaining("admin123");
    }

    @Test
    void should_be_off_without_a_configured_token() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            HttpResponse<String> response = call(bridge, "GET", "/admin/api/events", "anything");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response).get("error").asText()).isEqualTo("admin_disabled");
            assertThat(json(response).get("message").asText()).contains("hookbridge.admin.token");
        }
    }

    @Test
    void should_refuse_a_missing_or_wrong_token_and_change_nothing() throws Exception {
        try (RunningBridge bridge = bridge(Map.of())) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> db.count("systeme_sales") == 1);

            for (String token : new String[] {null, "", "wrong", TOKEN + "x", TOKEN.substring(1)}) {
                HttpResponse<String> response = call(bridge, "POST", "/admin/api/flows/sales-to-sql/replay-dead", token);
                assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(json(response).get("error").asText()).isEqualTo("unauthorized");
            }
            assertThat(call(bridge, "GET", "/admin/api/events", "wrong").statusCode()).isEqualTo(401);
            assertThat(db.rows("SELECT DISTINCT status FROM hookbridge_delivery")).containsExactly(Map.of("status", "delivered"));
        }
    }

    @Test
    void should_list_events_with_filters_and_show_one_with_its_deliveries_and_attempts() throws Exception {
        try (RunningBridge bridge = bridge(Map.of())) {
            Instant before = Instant.now().minusSeconds(1);
            String saleId = json(bridge.postSample("customer.sale.completed.json")).get("event_id").asText();
            bridge.postSample("contact.tag.added.json");
            String unknownId = json(bridge.postJson(RunningBridge.WEBHOOK, Samples.bytes("adversarial/unknown-type.json")))
                    .get("event_id").asText();
            await().atMost(WAIT).until(() -> db.count("systeme_events") == 2);

            JsonNode all = json(call(bridge, "GET", "/admin/api/events", TOKEN)).get("events");
            assertThat(all).hasSize(3);
            assertThat(all.get(0).get("id").asText()).isEqualTo(unknownId);
            JsonNode tags = json(call(bridge, "GET", "/admin/api/events?type=contact.tag.added", TOKEN)).get("events");
            assertThat(tags).hasSize(1);
            assertThat(tags.get(0).get("deliveries").get("delivered").asInt()).isEqualTo(1);
            JsonNode unrouted = json(call(bridge, "GET", "/admin/api/events?status=unrouted", TOKEN)).get("events");
            assertThat(unrouted).extracting(e -> e.get("id").asText()).containsExactly(unknownId);
            assertThat(json(call(bridge, "GET", "/admin/api/events?status=delivered&limit=1", TOKEN)).get("events"))
                    .hasSize(1);
            assertThat(json(call(bridge, "GET", "/admin/api/events?from=" + Instant.now().plusSeconds(60), TOKEN))
                    .get("events")).isEmpty();
            assertThat(json(call(bridge, "GET", "/admin/api/events?from=" + before + "&to=" + Instant.now().plusSeconds(1),
                    TOKEN)).get("events")).hasSize(3);
            assertThat(call(bridge, "GET", "/admin/api/events?status=lost", TOKEN).statusCode()).isEqualTo(400);

            JsonNode sale = json(call(bridge, "GET", "/admin/api/events/" + saleId, TOKEN));
            assertThat(sale.get("type").asText()).isEqualTo("customer.sale.completed");
            assertThat(sale.get("body").asText()).isEqualTo(Samples.text("customer.sale.completed.json"));
            assertThat(sale.get("deliveries")).extracting(d -> d.get("flow").asText())
                    .containsExactlyInAnyOrder("events-to-sql", "sales-to-sql");
            JsonNode history = sale.get("deliveries").get(0).get("history");
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("outcome").asText()).isEqualTo("delivered");
            assertThat(call(bridge, "GET", "/admin/api/events/no-such-event", TOKEN).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void should_replay_dead_deliveries_of_a_flow_once_the_sink_is_fixed() throws Exception {
        try (RunningBridge bridge = bridge(Map.of())) {
            db.update("ALTER TABLE systeme_sales RENAME TO systeme_sales_away");
            String saleId = json(bridge.postSample("customer.sale.completed.json")).get("event_id").asText();
            await().atMost(WAIT).until(() -> deliveryStatus("sales-to-sql").equals("dead"));
            db.update("ALTER TABLE systeme_sales_away RENAME TO systeme_sales");

            HttpResponse<String> replay = call(bridge, "POST", "/admin/api/flows/sales-to-sql/replay-dead", TOKEN);

            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(json(replay).get("replayed").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(() -> deliveryStatus("sales-to-sql").equals("delivered"));
            assertThat(db.count("systeme_sales")).isEqualTo(1);
            JsonNode history = json(call(bridge, "GET", "/admin/api/events/" + saleId, TOKEN)).get("deliveries");
            JsonNode sales = history.get(0).get("flow").asText().equals("sales-to-sql") ? history.get(0) : history.get(1);
            assertThat(sales.get("history")).extracting(a -> a.get("outcome").asText()).containsExactly("dead", "delivered");
            assertThat(sales.get("last_error").asText()).containsIgnoringCase("systeme_sales");
        }
    }

    @Test
    void should_replay_one_delivery_and_every_delivery_in_a_time_range_without_a_second_row() throws Exception {
        try (RunningBridge bridge = bridge(Map.of())) {
            Instant before = Instant.now().minusSeconds(1);
            bridge.postSample("customer.sale.completed.json");
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> db.count("hookbridge_attempt") == 3);
            long deliveryId = ((Number) db.rows("SELECT id FROM hookbridge_delivery WHERE flow = 'sales-to-sql'")
                    .get(0).get("id")).longValue();

            assertThat(json(call(bridge, "POST", "/admin/api/deliveries/" + deliveryId + "/replay", TOKEN))
                    .get("replayed").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(() -> db.count("hookbridge_attempt") == 4);
            HttpResponse<String> range = call(bridge, "POST", "/admin/api/replay?from=" + before + "&to="
                    + Instant.now().plusSeconds(1), TOKEN);
            assertThat(json(range).get("replayed").asInt()).isEqualTo(3);
            await().atMost(WAIT).until(() -> db.count("hookbridge_attempt") == 7);

            assertThat(db.count("systeme_sales")).isEqualTo(1);
            assertThat(db.count("systeme_events")).isEqualTo(2);
            assertThat(call(bridge, "POST", "/admin/api/deliveries/999999/replay", TOKEN).statusCode()).isEqualTo(404);
            assertThat(call(bridge, "POST", "/admin/api/replay?from=" + Instant.now(), TOKEN).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void should_route_an_unrouted_event_once_a_flow_takes_its_type() throws Exception {
        String eventId;
        try (RunningBridge bridge = bridge(Map.of("hookbridge.flow.events-to-sql.enabled", "false"))) {
            eventId = json(bridge.postSample("contact.tag.added.json")).get("event_id").asText();
            HttpResponse<String> tooEarly = call(bridge, "POST", "/admin/api/events/" + eventId + "/route", TOKEN);
            assertThat(tooEarly.statusCode()).isEqualTo(409);
            assertThat(json(tooEarly).get("error").asText()).isEqualTo("still_unrouted");
        }
        try (RunningBridge bridge = bridge(Map.of())) {
            HttpResponse<String> routed = call(bridge, "POST", "/admin/api/events/" + eventId + "/route", TOKEN);

            assertThat(routed.statusCode()).isEqualTo(200);
            assertThat(json(routed).get("flows")).extracting(JsonNode::asText).containsExactly("events-to-sql");
            await().atMost(WAIT).until(() -> db.count("systeme_events") == 1);
            assertThat(db.rows("SELECT type FROM systeme_events")).containsExactly(Map.of("type", "contact.tag.added"));
            assertThat(db.rows("SELECT status FROM hookbridge_event")).containsExactly(Map.of("status", "routed"));
            HttpResponse<String> again = call(bridge, "POST", "/admin/api/events/" + eventId + "/route", TOKEN);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json(again).get("flows")).isEmpty();
            assertThat(db.count("systeme_events")).isEqualTo(1);
        }
    }

    private String deliveryStatus(String flow) {
        return (String) db.rows("SELECT status FROM hookbridge_delivery WHERE flow = ?", flow).get(0).get("status");
    }
}
