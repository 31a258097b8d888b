package io.hookbridge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.web.RequestRejectedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes given to the webhook body parser either parse within its limits, or are refused with
 * a 4xx that says why; nothing else escapes, and no body takes long (the {@code @Timeout} is also
 * the fuzzer's limit for one input).
 *
 * <p>Inputs: the raw bytes of a body, such as the systeme.io samples in
 * {@code PayloadParserFuzzTestInputs/parse/}.
 */
class PayloadParserFuzzTest {

    /** The parser's limits: nesting depth and length of one string. */
    private static final int MAX_DEPTH = 64;
    private static final int MAX_STRING_LENGTH = 50_000;

    private static final PayloadParser PARSER = new PayloadParser();

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parse(byte[] body) {
        JsonNode node;
        try {
            node = PARSER.parse(body);
        } catch (RequestRejectedException rejected) {
            assertThat(rejected.status()).isBetween(400, 499);
            assertThat(rejected.code()).isNotBlank();
            assertThat(rejected.getMessage()).isNotBlank();
            return;
        }
        assertThat(node).isNotNull();
        assertThat(node.isMissingNode()).isFalse();
        assertWithinLimits(node);
    }

    /** Walks the tree without recursion, so that a deep tree fails the assertion, not the stack. */
    private static void assertWithinLimits(JsonNode root) {
        Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(root, 1));
        while (!pending.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = pending.pop();
            JsonNode node = next.getKey();
            int depth = next.getValue();
            if (node.isContainerNode()) {
                assertThat(depth).as("nesting depth").isLessThanOrEqualTo(MAX_DEPTH);
                node.forEach(child -> pending.push(Map.entry(child, depth + 1)));
            } else if (node.isTextual()) {
                assertThat(node.textValue().length()).as("string length").isLessThanOrEqualTo(MAX_STRING_LENGTH);
            }
        }
    }
}
