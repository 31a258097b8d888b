package io.hookbridge.sink.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RecordingHttpServer.Answer;
import io.hookbridge.testing.RecordingHttpServer.Request;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestSecrets;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default HTTP flow (routes/flows/events-to-http) against a local HTTP server: the body as
 * received, the idempotency key, a signature checked by the Standard Webhooks library, and what
 * each kind of answer does to the delivery.
 */
class HttpForwardTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabase db;
    private JournalRows journal;
    private RecordingHttpServer receiver;
    private String secret;

    @BeforeEach
    void start() {
        db = TestDatabase.embedded();
        journal = new JournalRows(db);
        receiver = new RecordingHttpServer();
        secret = TestSecrets.FORWARD_SECRET;
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    private RunningBridge bridge(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("hookbridge.forward.url", receiver.url("/hooks/systeme"),
                "hookbridge.forward.secret", secret, "hookbridge.delivery.retry-schedule", "300ms,300ms,300ms",
                "hookbridge.forward.read-timeout-ms", "1000"));
        settings.putAll(extra);
        return RunningBridge.start(db, settings);
    }

    @Test
    void should_post_every_event_as_received_with_its_delivery_id_and_a_verifiable_signature() throws Exception {
        Map<String, String> eventIds = new HashMap<>();
        try (RunningBridge bridge = bridge(Map.of())) {
            for (String sample : Samples.SYSTEME) {
                var response = bridge.postSample(sample);
                assertThat(response.statusCode()).isEqualTo(202);
                eventIds.put(JSON.readTree(response.body()).get("event_id").asText(), sample);
            }
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'events-to-http' AND status = 'delivered'")
                    == Samples.SYSTEME.size());
        }

        List<Request> requests = receiver.requests();
        assertThat(requests).hasSize(Samples.SYSTEME.size());
        Webhook verifier = new Webhook(secret);
        for (Map<String, Object> delivery : db.rows("SELECT id, event_id FROM hookbridge_delivery"
                + " WHERE flow = 'events-to-http'")) {
            String deliveryId = String.valueOf(delivery.get("id"));
            Request request = requests.stream().filter(r -> deliveryId.equals(r.header("Idempotency-Key")))
                    .findFirst().orElseThrow();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/hooks/systeme");
            assertThat(request.body()).isEqualTo(Samples.text(eventIds.get((String) delivery.get("event_id"))));
            assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=UTF-8");
            assertThat(request.header("webhook-id")).isEqualTo(deliveryId);
            assertThatCode(() -> verifier.verify(request.body(), request.headers())).doesNotThrowAnyException();
        }
    }

    @Test
    void should_send_to_the_configured_address_whatever_the_request_headers_and_payload_say() throws Exception {
        try (RecordingHttpServer elsewhere = new RecordingHttpServer(); RunningBridge bridge = bridge(Map.of())) {
            String body = Samples.text("contact.tag.added.json").replace("\"MyAwesomeTag\"",
                    "\"" + elsewhere.url("/stolen") + "\", \"url\": \"" + elsewhere.url("/stolen") + "\"");
            var response = RunningBridge.send(java.net.http.HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                    .header("Content-Type", "application/json")
                    .header("CamelHttpUri", elsewhere.url("/stolen")).header("CamelHttpPath", "/stolen")
                    .header("CamelHttpQuery", "x=1").header("httpUrl", elsewhere.url("/stolen"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
            assertThat(response.statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            assertThat(receiver.requests().get(0).path()).isEqualTo("/hooks/systeme");
            assertThat(receiver.requests().get(0).body()).isEqualTo(body);
            assertThat(elsewhere.requests()).isEmpty();
        }
    }

    @Test
    void should_send_a_signed_webhook_on_in_the_automation_rule_shape() throws Exception {
        byte[] signed = Samples.bytes("systeme-signed/SALE_NEW.body.json");
        try (RunningBridge bridge = bridge(Map.of())) {
            var response = RunningBridge.send(java.net.http.HttpRequest.newBuilder(bridge.uri("/webhooks/systeme-signed"))
                    .header("Content-Type", "application/json").header("x-webhook-event", "SALE_NEW")
                    .header("x-webhook-message-id", "forward-1")
                    .header("x-webhook-signature", new SystemeSignature(TestSecrets.SIGNING_SECRET).sign(signed))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(signed)));
            assertThat(response.statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
        }
        JsonNode sent = JSON.readTree(receiver.requests().get(0).body());
        assertThat(sent.get("type").asText()).isEqualTo("customer.sale.completed");
        assertThat(sent.at("/data/customer/email").asText()).isEqualTo("utilisateurdemo+capture@example.com");
        assertThat(sent.at("/data/offer_price_plan/direct_charge_amount").asLong()).isEqualTo(100);
        assertThatCode(() -> new Webhook(secret).verify(receiver.requests().get(0).body(), receiver.requests().get(0).headers()))
                .doesNotThrowAnyException();
    }

    @Test
    void should_fail_the_signature_check_of_a_changed_body() {
        try (RunningBridge bridge = bridge(Map.of())) {
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
        }
        Request request = receiver.requests().get(0);

        assertThatCode(() -> new Webhook(secret).verify(request.body().replace("MyAwesomeTag", "OtherTag"),
                request.headers())).isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
    }

    @Test
    void should_post_the_mapped_fields_as_json_when_the_flow_maps_them() throws Exception {
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("test.sale-flows", "mapped-http",
                "test.mapped-http.url", receiver.url("/sales")));
        try (RunningBridge bridge = bridge(settings)) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
        }

        Request request = receiver.requests().get(0);
        assertThat(request.path()).isEqualTo("/sales");
        assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("""
                {"order_id":612661,"email":"test-1922@systeme.io","amount":5.83,"currency":"EUR",
                 "coupon":null,"at":"2021-09-10T14:23:33Z"}"""));
        assertThat(request.header("webhook-signature")).isNull();
    }

    @Test
    void should_retry_a_500_and_deliver_once_the_receiver_answers_200() {
        receiver.answerInTurn(new Answer(500, Map.of()));
        try (RunningBridge bridge = bridge(Map.of())) {
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> journal.statusOf("events-to-http").equals("delivered"));
        }

        List<Request> requests = receiver.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).header("Idempotency-Key")).isEqualTo(requests.get(0).header("Idempotency-Key"));
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(journal.attempts("events-to-http")).extracting(a -> a.get("outcome"))
                .containsExactly("retry", "delivered");
    }

    @Test
    void should_send_a_delivery_to_dead_at_once_on_410() {
        receiver.answer(410, Map.of());
        try (RunningBridge bridge = bridge(Map.of())) {
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> journal.statusOf("events-to-http").equals("dead"));
        }

        assertThat(receiver.requests()).hasSize(1);
        assertThat(journal.delivery("events-to-http").get("attempts")).isEqualTo(1);
        assertThat((String) journal.delivery("events-to-http").get("last_error")).contains("410");
    }

    @Test
    void should_give_up_on_a_hanging_receiver_after_the_read_timeout_and_retry() {
        receiver.answerInTurn(new Answer(200, Map.of(), Duration.ofSeconds(4)));
        try (RunningBridge bridge = bridge(Map.of())) {
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> journal.statusOf("events-to-http").equals("delivered"));
        }

        assertThat(receiver.requests()).hasSize(2);
        List<Map<String, Object>> attempts = journal.attempts("events-to-http");
        assertThat(attempts).extracting(a -> a.get("outcome")).containsExactly("retry", "delivered");
        assertThat((String) attempts.get(0).get("error")).containsIgnoringCase("timeout");
        long firstAttemptMillis = (Long) attempts.get(0).get("finished_at_ms") - (Long) attempts.get(0).get("started_at_ms");
        assertThat(firstAttemptMillis).isBetween(900L, 3000L);
    }

    @Test
    void should_not_follow_a_redirect() {
        receiver.answer(302, Map.of("Location", receiver.url("/elsewhere")));
        try (RunningBridge bridge = bridge(Map.of())) {
            bridge.postSample("contact.tag.added.json");
            await().atMost(WAIT).until(() -> journal.statusOf("events-to-http").equals("dead"));
        }

        assertThat(receiver.requests()).extracting(Request::path).containsExactly("/hooks/systeme");
    }

    @Test
    void should_create_no_http_delivery_while_the_forward_url_is_empty() {
        try (RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> journal.countWhere("status = 'delivered'") == 1);
        }

        assertThat(db.rows("SELECT flow FROM hookbridge_delivery")).extracting(row -> row.get("flow"))
                .containsExactly("events-to-sql");
        assertThat(receiver.requests()).isEmpty();
    }
}
