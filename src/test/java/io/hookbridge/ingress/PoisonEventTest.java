package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.PrometheusText;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bad webhook in a busy batch fails alone, over real HTTP against the bridge on each journal
 * database: the legitimate webhooks sent at the same moment are all answered 202 and stored, the
 * bad one gets a 4xx JSON answer that does not echo it, is not stored, and is counted with its reason.
 */
class PoisonEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong ORDER = new AtomicLong(7_000_000);
    private static final int ROUNDS = 3;
    private static final int LEGITIMATE_PER_ROUND = 40;
    /** A type the test's CHECK constraint makes the database refuse, though ingress accepts it. */
    private static final String REFUSED_TYPE = "test.refused.by.database";

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_refuse_control_characters_in_the_type_or_a_journaled_header_and_accept_the_rest_of_the_batch(
            TestDatabase.Kind kind) throws Exception {
        try (TestDatabase journal = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.delivery.enabled", "false"))) {
            List<Poison> poisons = List.of(
                    Poison.body("NUL in the type", typed("customer.sale.completed\\u0000"), "invalid_type"),
                    Poison.body("a C0 control in the type", typed("contact.tag.added\\u001b[2J"), "invalid_type"),
                    Poison.body("DEL in the type", typed("contact.tag.added\\u007f"), "invalid_type"),
                    Poison.body("a C1 control in the type", typed("contact.tag.added\\u0085"), "invalid_type"),
                    Poison.body("an unpaired surrogate in the type", typed("contact.tag.added\\ud800"), "invalid_type"),
                    Poison.body("a type longer than its column", typed("t".repeat(256)), "invalid_type"),
                    Poison.userAgent("NUL in the User-Agent", "probe\0agent", "invalid_header"),
                    Poison.userAgent("ESC in the User-Agent", "probe\u001b[31magent", "invalid_header"),
                    Poison.userAgent("a C1 control in the User-Agent", "probe\u0085agent", "invalid_header"));

            Set<String> accepted = new HashSet<>();
            for (int round = 0; round < ROUNDS; round++) {
                Round result = round(bridge, poisons);
                accepted.addAll(result.acceptedIds());
                for (int i = 0; i < poisons.size(); i++) {
                    Poison poison = poisons.get(i);
                    Answer answer = result.poisonAnswers().get(i);
                    assertThat(answer.status()).as(poison.what() + ": " + answer.body()).isEqualTo(400);
                    assertThat(answer.contentType()).as(poison.what()).startsWith("application/json");
                    JsonNode error = JSON.readTree(answer.body());
                    assertThat(error.get("error").asText()).as(poison.what()).isEqualTo(poison.code());
                    assertThat(error.get("message").asText()).as(poison.what()).isNotBlank()
                            .doesNotContain("probe").doesNotContain("contact.tag.added").doesNotContain("customer.sale");
                }
            }

            assertThat(accepted).hasSize(ROUNDS * LEGITIMATE_PER_ROUND);
            List<Map<String, Object>> stored = journal.rows("SELECT id, type, headers FROM hookbridge_event");
            assertThat(stored).extracting(row -> (String) row.get("id")).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(stored).allSatisfy(row -> {
                assertThat(row.get("type")).isEqualTo("customer.sale.completed");
                assertThat((String) row.get("headers")).doesNotContain("probe");
            });
            PrometheusText metrics = metrics(bridge);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("outcome", "accepted")))
                    .isEqualTo(ROUNDS * LEGITIMATE_PER_ROUND);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("outcome", "rejected", "reason", "invalid_type")))
                    .isEqualTo(ROUNDS * 6);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("outcome", "rejected", "reason", "invalid_header")))
                    .isEqualTo(ROUNDS * 3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_answer_422_to_the_one_event_the_database_refuses_and_202_to_the_rest_of_its_batch(
            TestDatabase.Kind kind) throws Exception {
        try (TestDatabase journal = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.delivery.enabled", "false"))) {
            // a rule of the database that ingress does not know: the event passes every check, then is refused
            journal.update(kind == TestDatabase.Kind.SQLITE
                    ? "CREATE TRIGGER hb_test_refuse BEFORE INSERT ON hookbridge_event WHEN NEW.type = '" + REFUSED_TYPE
                            + "' BEGIN SELECT RAISE(ABORT, 'refused by a rule of the database'); END"
                    : "ALTER TABLE hookbridge_event ADD CONSTRAINT hb_test_refuse CHECK (type <> '" + REFUSED_TYPE + "')");
            List<Poison> poisons = List.of(Poison.body("a type the database refuses", typed(REFUSED_TYPE), "event_refused"));

            Set<String> accepted = new HashSet<>();
            for (int round = 0; round < ROUNDS; round++) {
                Round result = round(bridge, poisons);
                accepted.addAll(result.acceptedIds());
                Answer answer = result.poisonAnswers().get(0);
                assertThat(answer.status()).as(answer.body()).isEqualTo(422);
                assertThat(answer.contentType()).startsWith("application/json");
                JsonNode error = JSON.readTree(answer.body());
                assertThat(error.get("error").asText()).isEqualTo("event_refused");
                assertThat(error.get("message").asText()).isNotBlank().doesNotContain(REFUSED_TYPE);
            }

            assertThat(accepted).hasSize(ROUNDS * LEGITIMATE_PER_ROUND);
            assertThat(journal.rows("SELECT id FROM hookbridge_event")).extracting(row -> (String) row.get("id"))
                    .containsExactlyInAnyOrderElementsOf(accepted);
            // every legitimate event kept its deliveries
            assertThat(journal.rows("SELECT DISTINCT event_id FROM hookbridge_delivery"))
                    .extracting(row -> (String) row.get("event_id")).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(metrics(bridge).value("hookbridge_webhooks_total",
                    Map.of("outcome", "rejected", "reason", "event_refused"))).isEqualTo(ROUNDS);
        }
    }

    @Test
    void should_answer_in_json_a_request_the_http_server_cannot_read_and_count_it() throws Exception {
        try (TestDatabase journal = TestDatabase.embedded();
                RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.delivery.enabled", "false"))) {
            Answer nul = post(bridge, Samples.bytes("contact.tag.added.json"), "probe\0agent");
            Answer tooLarge = post(bridge, Samples.bytes("contact.tag.added.json"), "a".repeat(10_000));

            assertThat(nul.status()).isEqualTo(400);
            assertThat(nul.contentType()).startsWith("application/json");
            assertThat(JSON.readTree(nul.body()).get("error").asText()).isEqualTo("invalid_header");
            assertThat(tooLarge.status()).isEqualTo(431);
            assertThat(tooLarge.contentType()).startsWith("application/json");
            assertThat(JSON.readTree(tooLarge.body()).get("error").asText()).isEqualTo("headers_too_large");
            assertThat(journal.count("hookbridge_event")).isZero();
            PrometheusText metrics = metrics(bridge);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("outcome", "rejected", "reason", "invalid_header")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_webhooks_total",
                    Map.of("outcome", "rejected", "reason", "headers_too_large"))).isEqualTo(1);
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).as("still serving").isEqualTo(202);
        }
    }

    /**
     * Sends the legitimate sales and the poisons at once (all threads released together), the
     * poisons in the middle, and returns the event ids of the legitimate ones after checking
     * that each was answered 202.
     */
    private static Round round(RunningBridge bridge, List<Poison> poisons) throws Exception {
        int total = LEGITIMATE_PER_ROUND + poisons.size();
        ExecutorService threads = Executors.newFixedThreadPool(total);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> legitimate = new ArrayList<>();
            List<Future<Answer>> bad = new ArrayList<>();
            String template = Samples.text("customer.sale.completed.json");
            for (int i = 0; i < LEGITIMATE_PER_ROUND; i++) {
                String body = template.replace("\"id\": 612661", "\"id\": " + ORDER.incrementAndGet());
                legitimate.add(threads.submit(released(go, () -> post(bridge, body.getBytes(StandardCharsets.UTF_8),
                        "hookbridge-test"))));
                if (i == LEGITIMATE_PER_ROUND / 2) {
                    for (Poison poison : poisons) {
                        bad.add(threads.submit(released(go, () -> post(bridge, poison.body(), poison.userAgent()))));
                    }
                }
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Answer> answer : legitimate) {
                Answer a = answer.get(60, TimeUnit.SECONDS);
                assertThat(a.status()).as("a legitimate webhook sent with the bad ones: " + a.body()).isEqualTo(202);
                ids.add(JSON.readTree(a.body()).get("event_id").asText());
            }
            List<Answer> poisonAnswers = new ArrayList<>();
            for (Future<Answer> answer : bad) {
                poisonAnswers.add(answer.get(60, TimeUnit.SECONDS));
            }
            return new Round(ids, poisonAnswers);
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> Callable<T> released(CountDownLatch go, Callable<T> call) {
        return () -> {
            go.await();
            return call.call();
        };
    }

    private static byte[] typed(String typeAsJsonText) {
        String body = Samples.text("customer.sale.completed.json")
                .replace("\"id\": 612661", "\"id\": " + ORDER.incrementAndGet())
                .replace("\"type\": \"customer.sale.completed\"", "\"type\": \"" + typeAsJsonText + "\"");
        assertThat(body).contains(typeAsJsonText);
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A POST over a plain socket: the JDK's HTTP client refuses control characters in header
     * values, while a hostile sender can put any byte there. Header bytes are sent as ISO-8859-1.
     */
    private static Answer post(RunningBridge bridge, byte[] body, String userAgent) {
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(60_000);
            String head = "POST " + RunningBridge.WEBHOOK + " HTTP/1.1\r\nHost: 127.0.0.1:" + bridge.port()
                    + "\r\nContent-Type: application/json\r\nUser-Agent: " + userAgent + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return Answer.parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrometheusText metrics(RunningBridge bridge) {
        return new PrometheusText(bridge.get(bridge.managementUri("/observe/metrics")).body());
    }

    private record Poison(String what, byte[] body, String userAgent, String code) {
        static Poison body(String what, byte[] body, String code) {
            return new Poison(what, body, "hookbridge-test", code);
        }

        static Poison userAgent(String what, String userAgent, String code) {
            String body = Samples.text("customer.sale.completed.json")
                    .replace("\"id\": 612661", "\"id\": " + ORDER.incrementAndGet());
            return new Poison(what, body.getBytes(StandardCharsets.UTF_8), userAgent, code);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private record Round(Set<String> acceptedIds, List<Answer> poisonAnswers) {
    }

    private record Answer(int status, String contentType, String body) {
        static Answer parse(InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("no complete answer: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            return new Answer(status, contentType, new String(chunked ? unchunked(rest) : rest, StandardCharsets.UTF_8));
        }

        private static byte[] unchunked(byte[] chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = 0;
            while (at < chunked.length) {
                int lineEnd = indexOfCrlf(chunked, at);
                int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1)
                        .split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(chunked, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return body.toByteArray();
        }

        private static int indexOfCrlf(byte[] bytes, int from) {
            for (int i = from; i < bytes.length - 1; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            return bytes.length;
        }
    }
}
