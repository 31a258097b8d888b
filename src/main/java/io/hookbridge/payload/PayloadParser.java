package io.hookbridge.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hookbridge.web.RequestRejectedException;
import java.io.IOException;

/**
 * Parses untrusted webhook bodies with limits that keep a hostile payload cheap to refuse:
 * bounded nesting, number and string lengths, no duplicate keys, nothing after the value.
 */
public final class PayloadParser {

    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 64;
    /** Longest string value; systeme.io's longest fields (descriptions) are far shorter. */
    static final int MAX_STRING_LENGTH = 50_000;

    private final ObjectMapper mapper;

    public PayloadParser() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** The parsed body; a body that is not acceptable JSON becomes a 400 that says why. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new RequestRejectedException(400, "empty_body", "the request body is empty");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new RequestRejectedException(400, "payload_too_complex",
                    "the JSON exceeds a parser limit: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            // a number the parser cannot hold, such as 1e10001000000000, is not a JSON error to Jackson
            throw new RequestRejectedException(400, "payload_too_complex",
                    "the JSON exceeds a parser limit: " + shorten(e.getMessage()));
        } catch (IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage()
                    : e.getMessage();
            throw new RequestRejectedException(400, "invalid_json", "the body is not valid JSON: " + shorten(reason));
        }
    }

    /** Parses a body that was already accepted once (from the journal). */
    public JsonNode parseStored(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("a journaled body no longer parses: " + e.getMessage(), e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static String shorten(String reason) {
        String oneLine = reason == null ? "unreadable" : reason.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
