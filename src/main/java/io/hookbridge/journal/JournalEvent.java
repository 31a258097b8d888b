package io.hookbridge.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

/**
 * One event as committed to the journal: the raw body exactly as received, plus what the
 * bridge recorded about it. This is what a flow receives as its message body.
 */
public final class JournalEvent {

    private final String id;
    private final String source;
    private final String type;
    private final Instant receivedAt;
    private final byte[] rawBody;
    private final Function<byte[], JsonNode> parser;
    private final boolean rawIsPayloadShape;
    private JsonNode payload;

    public JournalEvent(String id, String source, String type, Instant receivedAt, byte[] rawBody,
            Function<byte[], JsonNode> parser) {
        this(id, source, type, receivedAt, rawBody, parser, true);
    }

    /**
     * @param parser reads the raw body into the payload the flows map
     * @param rawIsPayloadShape whether the raw body already has that shape (otherwise the parser rewrites it)
     */
    public JournalEvent(String id, String source, String type, Instant receivedAt, byte[] rawBody,
            Function<byte[], JsonNode> parser, boolean rawIsPayloadShape) {
        this.id = id;
        this.source = source;
        this.type = type;
        this.receivedAt = receivedAt;
        this.rawBody = rawBody;
        this.parser = parser;
        this.rawIsPayloadShape = rawIsPayloadShape;
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    public String type() {
        return type;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public byte[] rawBody() {
        return rawBody.clone();
    }

    /** The raw body as text (systeme.io sends UTF-8 JSON). */
    public String rawText() {
        return new String(rawBody, StandardCharsets.UTF_8);
    }

    /** The body to send on whole: the raw bytes, or the rewritten payload when the raw body has another shape. */
    public byte[] payloadBytes() {
        return rawIsPayloadShape ? rawBody() : payload().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The parsed payload, parsed once on first use. */
    public synchronized JsonNode payload() {
        if (payload == null) {
            payload = parser.apply(rawBody);
        }
        return payload;
    }

    @Override
    public String toString() {
        return "event " + id + " (" + type + ")";
    }
}
