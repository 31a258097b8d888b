package io.hookbridge.journal;

import java.time.Instant;
import java.util.List;

/**
 * A webhook that passed the ingress checks, with the flows the dispatch route chose for it. It
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
        List<String> flows) {

    public NewEvent {
        flows = List.copyOf(flows);
    }

    public NewEvent(String source, String type, byte[] rawBody, Instant receivedAt, String remoteAddress,
            String headersJson, String dedupeKey, List<String> flows) {
        this(source, type, rawBody, receivedAt, remoteAddress, headersJson, dedupeKey, null, flows);
    }
}
