package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.db.SchemaMigrations;
import io.hookbridge.db.SqlDialect;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.journal.DedupeKeys;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
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
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
    }

    @Test
    void should_answer_a_replayed_body_with_a_new_message_id_as_a_duplicate_and_keep_one_sale() throws Exception {
        HttpResponse<String> first = post(SALE, SIGNER.sign(SALE), "SALE_NEW", "01a0e483-1111-7d11-ac67-be0fb3c6a98b");
        HttpResponse<String> replayed = post(SALE, SIGNER.sign(SALE), "SALE_NEW", "replayed-1");
        HttpResponse<String> withoutId = post(SALE, SIGNER.sign(SALE), "SALE_NEW", null);

        assertThat(first.statusCode()).isEqualTo(202);
        String eventId = JSON.readTree(first.body()).get("event_id").asText();
        for (HttpResponse<String> again : List.of(replayed, withoutId)) {
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).get("event_id").asText()).isEqualTo(eventId);
        }
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.count("systeme_sales") == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> journal.count("systeme_sales") == 1);
    }

    @Test
    void should_refuse_a_journaled_sale_sent_again_as_a_cancellation_with_409() throws Exception {
        HttpResponse<String> sale = post(SALE, SIGNER.sign(SALE), "SALE_NEW", "01a0e483-2222-7d11-ac67-be0fb3c6a98b");
        HttpResponse<String> relabelled = post(SALE, SIGNER.sign(SALE), "SALE_CANCELED", "relabelled-1");
        HttpResponse<String> relabelledSameId = post(SALE, SIGNER.sign(SALE), "SALE_CANCELED",
                "01a0e483-2222-7d11-ac67-be0fb3c6a98b");

        assertThat(sale.statusCode()).isEqualTo(202);
        for (HttpResponse<String> refused : List.of(relabelled, relabelledSameId)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            JsonNode error = JSON.readTree(refused.body());
            assertThat(error.get("error").asText()).isEqualTo("event_conflict");
            assertThat(error.get("message").asText()).contains("customer.sale.completed");
        }
        assertThat(journal.rows("SELECT type FROM hookbridge_event")).extracting(row -> row.get("type"))
                .containsExactly("customer.sale.completed");
    }

    @Test
    void should_refuse_an_event_name_that_does_not_fit_the_shape_of_the_body_with_400() throws Exception {
        byte[] contact = "{\"contact\":{\"id\":8,\"email\":\"tagged@example.com\",\"fields\":[]},\"tag\":{\"id\":3,\"name\":\"VIP\"}}"
                .getBytes(StandardCharsets.UTF_8);
        List<HttpResponse<String>> refused = List.of(
                post(SALE, SIGNER.sign(SALE), "CONTACT_TAG_ADDED", "s1"),
                post(SALE, SIGNER.sign(SALE), "CONTACT_CREATED", "s2"),
                post(contact, SIGNER.sign(contact), "SALE_CANCELED", "s3"),
                post(contact, SIGNER.sign(contact), "SALE_NEW", "s4"),
                // a name the bridge does not know would keep a sale body away from the sales flows
                post(SALE, SIGNER.sign(SALE), "SALE_REFUNDED", "s5"));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("event_mismatch");
        });
        assertThat(journal.count("hookbridge_event")).isZero();
    }

    @Test
    void should_take_nothing_from_the_unsigned_event_timestamp() throws Exception {
        HttpResponse<String> past = post(SALE, SIGNER.sign(SALE), "SALE_NEW", "t1", "1970-01-01T00:00:00+00:00");
        HttpResponse<String> future = post(SALE, SIGNER.sign(SALE), "SALE_NEW", "t2", "2999-12-31T23:59:59+00:00");

        assertThat(past.statusCode()).isEqualTo(202);
        assertThat(future.statusCode()).as("the same body, whatever the timestamp").isEqualTo(200);
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.count("systeme_sales") == 1);
        // the sale's time is the order's, from the signed body
        assertThat(journal.rows("SELECT created_at FROM systeme_sales").get(0).get("created_at").toString())
                .startsWith("2026-09-27T20:16:26");
    }

    @Test
    void should_still_recognise_a_retry_of_a_signed_webhook_journaled_before_the_body_was_a_key() throws Exception {
        String id = "01a0e483-5555-7d11-ac67-be0fb3c6a98b";
        try (TestDatabase earlier = TestDatabase.embedded()) {
            // the journal as version 4 left it: a signed webhook's dedupe key was the key of its message id
            Flyway.configure(SchemaMigrations.class.getClassLoader()).dataSource(earlier.url(), "", "")
                    .locations("classpath:db/journal-sqlite").placeholders(SqlDialect.SQLITE.columnTypes())
                    .table("hookbridge_schema_history").target("4").load().migrate();
            earlier.update("INSERT INTO hookbridge_event (id, source, type, status, received_at_ms, headers, dedupe_key,"
                    + " body) VALUES ('01a0e483-0000-7000-8000-000000000001', 'systeme-signed', 'customer.sale.completed',"
                    + " 'routed', 0, '{}', ?, ?)", HexFormat.of().parseHex(DedupeKeys.ofMessageId("systeme-signed", id)), SALE);
            try (RunningBridge upgraded = RunningBridge.start(earlier, Map.of("hookbridge.delivery.enabled", "false"))) {
                HttpResponse<String> retry = RunningBridge.send(request(upgraded, SALE, SIGNER.sign(SALE), "SALE_NEW", id));

                assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
                assertThat(JSON.readTree(retry.body()).get("event_id").asText()).isEqualTo("01a0e483-0000-7000-8000-000000000001");
                // a capture of it replayed under a new message id is a repeat too: the upgrade gave it its body's key
                HttpResponse<String> replay = RunningBridge.send(request(upgraded, SALE, SIGNER.sign(SALE), "SALE_NEW",
                        "01a0e483-6666-7d11-ac67-be0fb3c6a98b"));
                assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
                assertThat(JSON.readTree(replay.body()).get("event_id").asText()).isEqualTo("01a0e483-0000-7000-8000-000000000001");
                assertThat(earlier.count("hookbridge_event")).isEqualTo(1);
            }
        }
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
        byte[] scored = "{\"contact\":{\"id\":7,\"email\":\"new@example.com\",\"fields\":[]},\"score\":5}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(post(scored, SIGNER.sign(scored), "CONTACT_SCORE_CHANGED", "a3").statusCode()).isEqualTo(202);

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

    private static HttpResponse<String> post(byte[] body, String signature, String event, String messageId,
            String eventTimestamp) {
        return RunningBridge.send(request(bridge, body, signature, event, messageId)
                .header("x-webhook-event-timestamp", eventTimestamp));
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
