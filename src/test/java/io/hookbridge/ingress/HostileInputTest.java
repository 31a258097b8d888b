package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile bodies of the security issue at their full size, with the default limits: each gets
 * a clear 4xx within a second, nothing is stored, and a hundred of them leave the heap as it was.
 */
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase journal;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() {
        journal = TestDatabase.embedded();
        bridge = RunningBridge.start(journal, Map.of("hookbridge.delivery.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        journal.close();
    }

    static Stream<Arguments> hostileBodies() {
        return Stream.of(
                Arguments.of("duplicate keys", "application/json", text("{\"type\":\"a\",\"data\":{},\"type\":\"b\"}"), 400,
                        "invalid_json"),
                Arguments.of("invalid UTF-8", "application/json", invalidUtf8(), 400, "invalid_json"),
                Arguments.of("a JSON body as text/plain", "text/plain", Samples.bytes("contact.tag.added.json"), 415,
                        "unsupported_media_type"),
                Arguments.of("nesting 100,000 deep", "application/json", text("{\"type\":\"x\",\"a\":" + "[".repeat(100_000)
                        + "]".repeat(100_000) + "}"), 400, "payload_too_complex"),
                Arguments.of("a number with a million digits", "application/json", text("{\"type\":\"x\",\"n\":1"
                        + "0".repeat(999_999) + "}"), 400, "payload_too_complex"),
                Arguments.of("a 10 MB body", "application/json", tenMegabytes(), 413, "body_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void should_answer_a_clear_4xx_within_a_second_and_store_nothing(String what, String contentType, byte[] body,
            int status, String code) throws Exception {
        long stored = journal.count("hookbridge_event");
        long started = System.nanoTime();
        HttpResponse<String> response = post(contentType, body);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo(code);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(journal.count("hookbridge_event")).isEqualTo(stored);
        assertThat(bridge.postSample("contact.tag.added.json").statusCode()).as("still serving").isIn(200, 202);
    }

    @Test
    void should_keep_the_heap_stable_across_a_hundred_hostile_bodies() {
        byte[][] bodies = hostileBodies().map(arguments -> (byte[]) arguments.get()[2]).toArray(byte[][]::new);
        String[] types = hostileBodies().map(arguments -> (String) arguments.get()[1]).toArray(String[]::new);
        for (int i = 0; i < bodies.length; i++) {
            post(types[i], bodies[i]);
        }
        long before = usedHeapAfterGc();
        for (int round = 0; round < 100 / bodies.length + 1; round++) {
            for (int i = 0; i < bodies.length; i++) {
                assertThat(post(types[i], bodies[i]).statusCode()).isBetween(400, 499);
            }
        }
        long after = usedHeapAfterGc();

        // the bodies themselves are 12 MB; what stays behind after they are refused must be far less
        assertThat(after - before).as("heap growth in bytes").isLessThan(8L * 1024 * 1024);
    }

    private static HttpResponse<String> post(String contentType, byte[] body) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8() {
        byte[] body = text("{\"type\":\"contact.tag.added\",\"name\":\"..\"}");
        body[body.length - 4] = (byte) 0xC3;
        body[body.length - 3] = (byte) 0x28;
        return body;
    }

    private static byte[] tenMegabytes() {
        byte[] body = new byte[10 * 1024 * 1024];
        Arrays.fill(body, (byte) 'a');
        byte[] head = text("{\"type\":\"x\",\"pad\":\"");
        System.arraycopy(head, 0, body, 0, head.length);
        return body;
    }
}
