package io.hookbridge.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.PrometheusText;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conditions of flows through the real routes: read on the event as the flows read it (escaped
 * letters decoded), in jq or JSONPath; a false one is seen (the event's detail, a metric), and
 * routing an event again evaluates the conditions on its stored body.
 */
class FlowConditionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Three flows to a local HTTP server, each with a condition. */
    private static final String FLOWS = """
            - templatedRoute:
                routeTemplateRef: http-post
                routeId: accented-offer
                parameters:
                  - name: flow
                    value: accented-offer
                  - name: types
                    value: customer.sale.completed
                  - name: when
                    value: .data.offer_price_plan.name == "Comment créer un blog qui rapporte"
                  - name: url
                    value: "{{test.url}}/accented"
            - templatedRoute:
                routeTemplateRef: http-post
                routeId: wanted-tag
                parameters:
                  - name: flow
                    value: wanted-tag
                  - name: types
                    value: contact.tag.added
                  - name: when
                    value: .data.tag.name == "{{test.wanted-tag:VIP}}"
                  - name: url
                    value: "{{test.url}}/wanted"
            - templatedRoute:
                routeTemplateRef: http-post
                routeId: jsonpath-vip
                parameters:
                  - name: flow
                    value: jsonpath-vip
                  - name: types
                    value: contact.tag.added
                  - name: language
                    value: jsonpath
                  - name: when
                    value: "$.data.tag[?(@.name == 'VIP')]"
                  - name: url
                    value: "{{test.url}}/jsonpath"
            """;

    @Test
    void should_match_an_accented_value_that_systeme_io_sent_escaped() throws Exception {
        assertThat(new String(Samples.bytes("customer.sale.completed.json"))).contains("cr\\\\u00e9er");
        try (TestDatabase db = TestDatabase.embedded(); RecordingHttpServer receiver = new RecordingHttpServer();
                RunningBridge bridge = RunningBridge.start(db, settings(home(), receiver, Map.of()))) {
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);

            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            assertThat(receiver.requests().get(0).path()).isEqualTo("/accented");
            await().atMost(WAIT).until(() -> db.rows("SELECT status FROM hookbridge_delivery WHERE flow = 'accented-offer'")
                    .equals(java.util.List.of(Map.of("status", "delivered"))));
        }
    }

    @Test
    void should_show_a_false_condition_in_the_event_detail_and_count_it_and_deliver_in_jsonpath_when_true()
            throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); RecordingHttpServer receiver = new RecordingHttpServer();
                RunningBridge bridge = RunningBridge.start(db, settings(home(), receiver, Map.of()))) {
            String other = eventId(bridge.postJson(RunningBridge.WEBHOOK, tagged("Newsletter")));
            bridge.postJson(RunningBridge.WEBHOOK, tagged("VIP"));

            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            assertThat(receiver.requests()).extracting(RecordingHttpServer.Request::path)
                    .containsExactlyInAnyOrder("/wanted", "/jsonpath");
            JsonNode detail = JSON.readTree(admin(bridge, "GET", "/admin/api/events/" + other).body());
            assertThat(detail.path("deliveries")).extracting(d -> d.path("flow").asText() + ": " + d.path("status").asText()
                    + ", " + d.path("last_error").asText()).contains("wanted-tag: skipped, skipped: condition false",
                    "jsonpath-vip: skipped, skipped: condition false");
            PrometheusText metrics = new PrometheusText(bridge.get(bridge.managementUri("/observe/metrics")).body());
            assertThat(metrics.value("hookbridge_flow_skipped_total", Map.of("flow", "wanted-tag"))).isEqualTo(1);
            assertThat(metrics.value("hookbridge_flow_skipped_total", Map.of("flow", "jsonpath-vip"))).isEqualTo(1);
            // a skipped delivery is not sent by a replay: neither on its own, nor in a time range
            long skipped = ((Number) db.rows("SELECT id FROM hookbridge_delivery WHERE flow = 'wanted-tag' AND status ="
                    + " 'skipped'").get(0).get("id")).longValue();
            HttpResponse<String> replayOne = admin(bridge, "POST", "/admin/api/deliveries/" + skipped + "/replay");
            assertThat(replayOne.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(replayOne.body()).path("error").asText()).isEqualTo("skipped_by_condition");
            HttpResponse<String> replayRange = admin(bridge, "POST", "/admin/api/replay?from=2000-01-01T00:00:00Z&to="
                    + java.time.Instant.now().plusSeconds(60));
            assertThat(replayRange.statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 4
                    && db.count("hookbridge_delivery WHERE status = 'pending'") == 0);
            Thread.sleep(500);
            assertThat(receiver.requests()).extracting(RecordingHttpServer.Request::path)
                    .containsExactlyInAnyOrder("/wanted", "/jsonpath", "/wanted", "/jsonpath");
            assertThat(db.count("hookbridge_delivery WHERE status = 'skipped'")).isEqualTo(2);
        }
    }

    @Test
    void should_evaluate_the_conditions_on_the_stored_body_when_an_event_is_routed_again() throws Exception {
        Path home = home();
        try (TestDatabase db = TestDatabase.embedded(); RecordingHttpServer receiver = new RecordingHttpServer()) {
            String eventId;
            try (RunningBridge bridge = RunningBridge.start(db, settings(home, receiver, Map.of()))) {
                eventId = eventId(bridge.postJson(RunningBridge.WEBHOOK, tagged("Newsletter")));
                await().atMost(WAIT).until(() -> db.count("hookbridge_delivery WHERE status = 'pending'") == 0);
                HttpResponse<String> again = admin(bridge, "POST", "/admin/api/events/" + eventId + "/route");
                assertThat(again.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(again.body()).path("flows")).isEmpty();
                assertThat(JSON.readTree(again.body()).path("skipped").path("wanted-tag").asText())
                        .isEqualTo("skipped: condition false");
            }
            // the flow now wants that tag: routing the event again delivers it, once
            try (RunningBridge bridge = RunningBridge.start(db, settings(home, receiver,
                    Map.of("test.wanted-tag", "Newsletter")))) {
                HttpResponse<String> routed = admin(bridge, "POST", "/admin/api/events/" + eventId + "/route");
                assertThat(routed.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(routed.body()).path("flows")).extracting(JsonNode::asText)
                        .containsExactly("wanted-tag");
                await().atMost(WAIT).until(() -> receiver.requests().size() == 1
                        && db.count("hookbridge_delivery WHERE flow = 'wanted-tag' AND status = 'delivered'") == 1);
                assertThat(receiver.requests().get(0).path()).isEqualTo("/wanted");
                assertThat(JSON.readTree(admin(bridge, "POST", "/admin/api/events/" + eventId + "/route").body())
                        .path("flows")).isEmpty();
                Thread.sleep(500);
                assertThat(receiver.requests()).hasSize(1);
                assertThat(db.rows("SELECT status FROM hookbridge_delivery WHERE flow = 'wanted-tag'"))
                        .containsExactly(Map.of("status", "delivered"));
            }
        }
    }

    private static Path home() throws IOException {
        Path home = BridgeProcess.newHome();
        Files.writeString(home.resolve("routes/flows/conditions.camel.yaml"), FLOWS);
        return home;
    }

    private static Map<String, String> settings(Path home, RecordingHttpServer receiver, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/**/*.camel.yaml");
        settings.put("test.url", receiver.url(""));
        settings.put("hookbridge.admin.token", TestSecrets.ADMIN_TOKEN);
        settings.putAll(extra);
        return settings;
    }

    private static byte[] tagged(String tag) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(Samples.bytes("contact.tag.added.json"));
        ((ObjectNode) event.path("data").path("tag")).put("name", tag);
        return JSON.writeValueAsBytes(event);
    }

    private static String eventId(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(202);
        return JSON.readTree(response.body()).path("event_id").asText();
    }

    private static HttpResponse<String> admin(RunningBridge bridge, String method, String path) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri(path))
                .header("Authorization", "Bearer " + TestSecrets.ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }
}
