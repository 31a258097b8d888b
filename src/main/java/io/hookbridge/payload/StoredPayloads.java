package io.hookbridge.payload;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.journal.PayloadReader;
import io.hookbridge.payload.signed.SignedPayloads;
import java.time.Instant;

/**
 * Journaled bodies as the flows read them: automation-rule webhooks as they are, signed webhooks
 * rewritten into the automation-rule shape (the journal keeps their raw bytes), and in both the
 * letters systeme.io escapes twice decoded ({@link LiteralEscapes}).
 */
public final class StoredPayloads implements PayloadReader {

    private final PayloadParser parser;

    public StoredPayloads(PayloadParser parser) {
        this.parser = parser;
    }

    @Override
    public JsonNode read(String source, String type, Instant receivedAt, byte[] rawBody) {
        JsonNode parsed = parser.parseStored(rawBody);
        return LiteralEscapes.decode(isRawShape(source) ? parsed : SignedPayloads.normalise(type, parsed, receivedAt));
    }

    @Override
    public boolean isRawShape(String source) {
        return !SignedPayloads.SOURCE.equals(source);
    }
}
