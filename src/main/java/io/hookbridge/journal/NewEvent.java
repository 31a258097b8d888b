package io.hookbridge.journal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook that passed the ingress checks, with the flows the router chose for it and those it
 * skipped (their condition did not hold), each with why. It
 * repeats an event already journaled when its {@code dedupeKey} or its {@code messageKey} (null
 * when the sender names no message) is that event's.
 */
public record NewEvent(
        String source,
        String type,
        byte[] rawBody,
        Instant receivedAt,
        String remoteAddress,
        String headersJson,
        String dedupeKey,
        String messageKey,
        List<String> flows,
        Map<String, String> skipped) {

    public NewEvent {
        flows = List.copyOf(flows);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    public NewEvent(String source, String type, byte[] rawBody, Instant receivedAt, String remoteAddress,
            String headersJson, String dedupeKey, String messageKey, List<String> flows) {
        this(source, type, rawBody, receivedAt, remoteAddress, headersJson, dedupeKey, messageKey, flows, Map.of());
    }

    public NewEvent(String source, String type, byte[] rawBody, Instant receivedAt, String remoteAddress,
            String headersJson, String dedupeKey, List<String> flows) {
        this(source, type, rawBody, receivedAt, remoteAddress, headersJson, dedupeKey, null, flows);
    }
}
