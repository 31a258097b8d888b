package io.hookbridge.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.web.RequestRejectedException;
import java.time.Instant;
import java.util.Optional;

/** Events as a flow receives them from the journal: only bodies the ingress accepts get there. */
final class JournaledEvents {

    private static final PayloadParser PARSER = new PayloadParser();
    private static final Instant RECEIVED_AT = Instant.parse("2026-11-22T10:00:00Z");

    private JournaledEvents() {
    }

    /** The journaled event of this body, or empty when the ingress would refuse the body. */
    static Optional<JournalEvent> of(byte[] body) {
        JsonNode payload;
        try {
            payload = PARSER.parse(body);
        } catch (RequestRejectedException refused) {
            return Optional.empty();
        }
        JsonNode type = payload.path("type");
        if (!payload.isObject() || !type.isTextual() || type.asText().isBlank() || type.asText().length() > 255) {
            return Optional.empty();
        }
        return Optional.of(new JournalEvent("01JFUZZ0000000000000000000", "systeme", type.asText(), RECEIVED_AT, body,
                PARSER::parseStored));
    }
}
