package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** systeme.io's signed webhooks over real HTTP, with the captured SALE_NEW delivery signed by a test secret. */
class SignedWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/webhooks/systeme-signed";
    private static final byte[] SALE = Samples.bytes("systeme-signed/SALE_NEW.body.json");
    private static final SystemeSignature SIGNER = new SystemeSignature(TestSecrets.SIGNING_SECRET);
    private static TestDatabase journal;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() {
        journal = TestDatabase.embedded();
        bridge = RunningBridge.start(journal, Map.of());
    }

    @AfterAll
    static void stop() {
        bridge.close();
        journal.close();
    }

    @AfterEach
    void emptyJournal() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> journal.rows("SELECT id FROM hookbridge_delivery WHERE status <> 'delivered'").isEmpty());
        journal.update("DELETE FROM hookbridge_attempt");
        journal.update("DELETE FROM hookbridge_delivery");
        journal.update("DELETE FROM hookbridge_event");
        journal.update("DELETE FROM systeme_sales");
        journal.update("DELETE FROM systeme_events");
    }

    @Test
    void should_accept_a_signed_sale_keep_its_raw_bytes_and_give_the_sales_flows_the_same_columns() throws Exception {
        HttpResponse<String> response = post(SALE, SIGNER.sign(SALE), "SALE_NEW", "01a0e483-09fb-7d11-ac67-be0fb3c6a98b");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Map<String, Object> event = journal.rows("SELECT source, type, body, headers FROM hookbridge_event").get(0);
        assertThat(event.get("source")).isEqualTo("systeme-signed");
        assertThat(event.get("type")).isEqualTo("customer.sale.completed");
        assertThat((byte[]) event.get("body")).isEqualTo(SALE);
        assertThat(JSON.readTree(event.get("headers").toString()).get("x-webhook-event").asText()).isEqualTo("SALE_NEW");
        assertThat(event.get("headers").toString()).doesNotContain("x-webhook-signature");

        await().atMost(Duration.ofSeconds(10)).until(() -> journal.count("systeme_sales") == 1);
        Map<String, Object> sale = journal.rows("SELECT order_id, customer_id, email, first_name, country, offer_name,"
                + " amount_cents, currency, funnel_name FROM systeme_sales").get(0);
        assertThat(sale).containsEntry("order_id", 12768313L).containsEntry("customer_id", 12799002L)
                .containsEntry("email", "utilisateurdemo+capture@example.com").containsEntry("first_name", "Test")
                .containsEntry("country", "FR").containsEntry("offer_name", "Produit physique test PULSACITY")
                .containsEntry("amount_cents", 100L).containsEntry("currency", "eur")
                .containsEntry("funnel_name", "Tunnel test PULSACITY");
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.count("systeme_events") == 1);
        assertThat(journal.rows("SELECT contact_email, raw_json FROM systeme_events").get(0))
                .containsEntry("contact_email", "utilisateurdemo+capture@example.com")
                .containsEntry("raw_json", new String(SALE, StandardCharsets.UTF_8));
    }

    @Test
    void should_recognise_a_repeat_by_its_message_id() throws Exception {
        String id = "01a0e483-0000-7d11-ac67-be0fb3c6a98b";
        HttpResponse<String> first = post(SALE, SIGNER.sign(SALE), "SALE_NEW", id);
        HttpResponse<String> again = post(SALE, SIGNER.sign(SALE), "SALE_NEW", id);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("event_id").asText())
                .isEqualTo(JSON.readTree(first.body()).get("event_id").asText());
        assertThat(post(SALE, SIGNER.sign(SALE), "SALE_NEW", id + "-2").statusCode()).as("another message").isEqualTo(202);
        assertThat(journal.count("hookbridge_event")).isEqualTo(2);
    }

    @Test
    void should_refuse_missing_wrong_and_stale_signatures_and_store_nothing() throws Exception {
        String reserialised = JSON.readTree(SALE).toString();
        List<HttpResponse<String>> refused = List.of(
                post(SALE, null, "SALE_NEW", "m1"),
                post(SALE, "", "SALE_NEW", "m2"),
                post(SALE, new SystemeSignature("another secret").sign(SALE), "SALE_NEW", "m3"),
                post(SALE, SIGNER.sign(SALE).substring(1), "SALE_NEW", "m4"),
                // the same JSON written differently (no \/ escapes) is not the signed body
                post(reserialised.getBytes(StandardCharsets.UTF_8), SIGNER.sign(SALE), "SALE_NEW", "m5"),
                // a signature does not cover a body that is not JSON either: refused before parsing
                post("not json".getBytes(StandardCharsets.UTF_8), SIGNER.sign(SALE), "SALE_NEW", "m6"));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).get("error").asText()).isIn("missing_signature", "invalid_signature");
            assertThat(response.body()).doesNotContain(TestSecrets.SIGNING_SECRET);
        });
        assertThat(journal.count("hookbridge_event")).isZero();
    }

    @Test
    void should_map_event_name_aliases_and_keep_unknown_events_as_unrouted() throws Exception {
        assertThat(post(SALE, SIGNER.sign(SALE), "new_sale", "a1").statusCode()).isEqualTo(202);
        byte[] contact = "{\"contact\":{\"id\":7,\"email\":\"new@example.com\",\"fields\":[]}}".getBytes(StandardCharsets.UTF_8);
        assertThat(post(contact, SIGNER.sign(contact), "CONTACT_CREATED", "a2").statusCode()).isEqualTo(202);
        assertThat(post(contact, SIGNER.sign(contact), "CONTACT_SCORE_CHANGED", "a3").statusCode()).isEqualTo(202);

        assertThat(journal.rows("SELECT type FROM hookbridge_event ORDER BY received_at_ms"))
                .extracting(row -> row.get("type"))
                .containsExactly("customer.sale.completed", "contact.created", "systeme.signed.contact_score_changed");
        assertThat(journal.rows("SELECT status FROM hookbridge_event WHERE type LIKE 'systeme.signed.%'").get(0))
                .containsEntry("status", "unrouted");
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.rows("SELECT type FROM systeme_events"
                + " WHERE contact_email = 'new@example.com' AND type = 'contact.created'").size() == 1);
    }

    @Test
    void should_refuse_a_signed_body_without_an_event_name_with_400() throws Exception {
        HttpResponse<String> response = post(SALE, SIGNER.sign(SALE), null, "b1");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_event");
        assertThat(journal.count("hookbridge_event")).isZero();
    }

    @Test
    void should_be_off_with_404_when_no_signing_secret_is_set() throws Exception {
        try (TestDatabase other = TestDatabase.embedded();
                RunningBridge unsigned = RunningBridge.start(other, Map.of("hookbridge.ingress.signing-secret", ""))) {
            HttpResponse<String> response = RunningBridge.send(request(unsigned, SALE, SIGNER.sign(SALE), "SALE_NEW", "c1"));
            assertThat(response.statusCode()).isEqualTo(404);
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.get("error").asText()).isEqualTo("signed_webhooks_off");
            assertThat(error.get("message").asText()).contains("hookbridge.ingress.signing-secret");
            assertThat(other.count("hookbridge_event")).isZero();
        }
    }

    private static HttpResponse<String> post(byte[] body, String signature, String event, String messageId) {
        return RunningBridge.send(request(bridge, body, signature, event, messageId));
    }

    private static HttpRequest.Builder request(RunningBridge target, byte[] body, String signature, String event,
            String messageId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "SystemeIO-Webhook");
        headers.put("x-webhook-signature", signature);
        headers.put("x-webhook-event", event);
        headers.put("x-webhook-message-id", messageId);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri(PATH)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return request;
    }
}
