package io.hookbridge.journal;

import java.time.Instant;
import java.util.List;

/** A webhook that passed the ingress checks, with the flows the dispatch route chose for it. */
public record NewEvent(
        String source,
        String type,
        byte[] rawBody,
        Instant receivedAt,
        String remoteAddress,
        String headersJson,
        String dedupeKey,
        List<String> flows) {

    public NewEvent {
        flows = List.copyOf(flows);
    }
}
