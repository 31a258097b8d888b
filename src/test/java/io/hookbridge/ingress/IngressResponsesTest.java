package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer the webhook endpoint gives, over real HTTP, and what each leaves in the journal. */
class IngressResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;
    private static TestDatabase journal;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() {
        journal = TestDatabase.embedded();
        bridge = RunningBridge.start(journal, Map.of("hookbridge.ingress.max-body-bytes", String.valueOf(MAX_BODY)));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        journal.close();
    }

    @AfterEach
    void emptyJournal() {
        journal.update("DELETE FROM hookbridge_delivery");
        journal.update("DELETE FROM hookbridge_event");
    }

    @ParameterizedTest
    @MethodSource("io.hookbridge.testing.Samples#systemeSamples")
    void should_accept_every_systeme_sample_with_202_and_journal_its_raw_bytes(String sample) throws Exception {
        byte[] body = Samples.bytes(sample);

        HttpResponse<String> response = bridge.postJson(RunningBridge.WEBHOOK, body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("accepted");
        String eventId = answer.get("event_id").asText();
        List<Map<String, Object>> events = journal.rows("SELECT * FROM hookbridge_event");
        assertThat(events).hasSize(1);
        Map<String, Object> event = events.get(0);
        assertThat(event.get("id")).isEqualTo(eventId);
        assertThat((byte[]) event.get("body")).isEqualTo(body);
        assertThat(event.get("type")).isEqualTo(JSON.readTree(body).get("type").asText());
        assertThat(event.get("source")).isEqualTo("systeme");
        assertThat(event.get("remote_address")).isEqualTo("127.0.0.1");
        assertThat((byte[]) event.get("dedupe_key")).isEqualTo(sha256("systeme\0".getBytes(StandardCharsets.UTF_8), body));
        assertThat(((Number) event.get("received_at_ms")).longValue())
                .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
    }

    @Test
    void should_answer_200_with_the_first_event_id_when_the_same_body_comes_again() throws Exception {
        String first = JSON.readTree(bridge.postSample("customer.sale.completed.json").body()).get("event_id").asText();

        HttpResponse<String> again = bridge.postSample("customer.sale.completed.json");

        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(again.body());
        assertThat(answer.get("status").asText()).isEqualTo("duplicate");
        assertThat(answer.get("event_id").asText()).isEqualTo(first);
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
        assertThat(journal.count("hookbridge_delivery")).isEqualTo(2);
    }

    @Test
    void should_treat_a_body_that_differs_by_one_byte_as_a_new_event() {
        String sample = Samples.text("contact.tag.added.json");

        assertThat(bridge.postJson(RunningBridge.WEBHOOK, sample.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        assertThat(bridge.postJson(RunningBridge.WEBHOOK, (sample + " ").getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(202);

        assertThat(journal.count("hookbridge_event")).isEqualTo(2);
    }

    @Test
    void should_keep_an_unknown_type_as_unrouted_without_deliveries() {
        HttpResponse<String> response = bridge.postJson(RunningBridge.WEBHOOK,
                Samples.bytes("adversarial/unknown-type.json"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(journal.rows("SELECT type, status FROM hookbridge_event"))
                .containsExactly(Map.of("type", "subscription.payment.failed", "status", "unrouted"));
        assertThat(journal.count("hookbridge_delivery")).isZero();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{\"type\": ", "invalid_json"),
                Arguments.of("plain text", "hello", "invalid_json"),
                Arguments.of("an array", "[{\"type\":\"contact.tag.added\"}]", "not_an_object"),
                Arguments.of("a string", "\"contact.tag.added\"", "not_an_object"),
                Arguments.of("no type", "{\"data\":{}}", "missing_type"),
                Arguments.of("numeric type", "{\"type\":42}", "invalid_type"),
                Arguments.of("null type", "{\"type\":null}", "invalid_type"),
                Arguments.of("object type", "{\"type\":{\"a\":1}}", "invalid_type"),
                Arguments.of("blank type", "{\"type\":\"  \"}", "invalid_type"),
                Arguments.of("two values", "{\"type\":\"a\"}{\"type\":\"b\"}", "invalid_json"),
                Arguments.of("duplicate keys", "{\"type\":\"contact.tag.added\",\"type\":\"customer.sale.completed\"}",
                        "invalid_json"),
                Arguments.of("deep nesting", "{\"type\":\"x\",\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                        "payload_too_complex"),
                Arguments.of("a number with 5,000 digits", "{\"type\":\"x\",\"n\":" + "9".repeat(5000) + "}",
                        "payload_too_complex"),
                Arguments.of("a 60,000-character string",
                        "{\"type\":\"x\",\"s\":\"" + "a".repeat(60_000) + "\"}", "payload_too_complex"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void should_answer_400_with_a_json_error_and_store_nothing(String what, String body, String code) throws Exception {
        HttpResponse<String> response = bridge.postJson(RunningBridge.WEBHOOK, body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertNothingStoredAndStillServing();
    }

    @Test
    void should_answer_400_for_an_empty_body() throws Exception {
        HttpResponse<String> response = bridge.postJson(RunningBridge.WEBHOOK, new byte[0]);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("empty_body");
        assertNothingStoredAndStillServing();
    }

    @Test
    void should_answer_400_for_invalid_utf8() throws Exception {
        byte[] body = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        HttpResponse<String> response = bridge.postJson(RunningBridge.WEBHOOK, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_json");
        assertNothingStoredAndStillServing();
    }

    @Test
    void should_answer_413_for_a_body_over_the_limit() throws Exception {
        byte[] body = oversizedJson();

        HttpResponse<String> response = bridge.postJson(RunningBridge.WEBHOOK, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("body_too_large");
        assertNothingStoredAndStillServing();
    }

    @Test
    void should_answer_413_for_a_chunked_body_over_the_limit() throws Exception {
        byte[] body = oversizedJson();
        // an input-stream publisher has no length, so the client sends the body chunked
        HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("body_too_large");
        assertNothingStoredAndStillServing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void should_answer_405_to_other_methods(String method) throws Exception {
        HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("contact.tag.added.json"))));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("method_not_allowed");
        assertNothingStoredAndStillServing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "text/html; charset=utf-8", "multipart/form-data; boundary=x"})
    void should_answer_415_to_a_json_body_sent_as_another_content_type(String contentType) throws Exception {
        HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("contact.tag.added.json"))));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unsupported_media_type");
        assertNothingStoredAndStillServing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "APPLICATION/JSON",
            "application/vnd.systeme+json"})
    void should_accept_json_content_types(String contentType) {
        HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("contact.tag.added.json"))));

        assertThat(response.statusCode()).isIn(200, 202);
    }

    @Test
    void should_answer_415_to_a_form_encoded_body() throws Exception {
        HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("type=contact.tag.added&bad%20header%0D%0A=1")));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unsupported_media_type");
        assertNothingStoredAndStillServing();
    }

    @Test
    void should_answer_404_in_json_for_an_unknown_address() throws Exception {
        HttpResponse<String> response = bridge.postJson("/webhooks/unknown", Samples.bytes("contact.tag.added.json"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not_found");
        assertNothingStoredAndStillServing();
    }

    @Test
    void should_not_echo_request_headers_into_the_answer() {
        HttpResponse<String> response = RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", "application/json")
                .header("X-Secret-Probe", "probe")
                .header("CamelHttpResponseCode", "299")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("contact.tag.removed.json"))));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("X-Secret-Probe"));
    }

    private static byte[] sha256(byte[] prefix, byte[] body) throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update(prefix);
        return digest.digest(body);
    }

    private static byte[] oversizedJson() {
        char[] padding = new char[MAX_BODY + 1];
        Arrays.fill(padding, 'a');
        return ("{\"type\":\"contact.tag.added\",\"pad\":\"" + new String(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertNothingStoredAndStillServing() {
        assertThat(journal.count("hookbridge_event")).isZero();
        assertThat(journal.count("hookbridge_delivery")).isZero();
        assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
    }
}
