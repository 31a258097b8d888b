package io.hookbridge.payload;

import java.time.Instant;

/** What the ingress guard learned of a request before it removed every inbound header. */
public record IncomingWebhook(String source, String type, byte[] rawBody, Instant receivedAt, String remoteAddress,
        String headersJson, String dedupeKey, String messageKey) {

    public IncomingWebhook(String source, String type, byte[] rawBody, Instant receivedAt, String remoteAddress,
            String headersJson, String dedupeKey) {
        this(source, type, rawBody, receivedAt, remoteAddress, headersJson, dedupeKey, null);
    }

    /** Exchange property that carries this record from the guard to the journal commit. */
    public static final String PROPERTY = "hookbridgeWebhook";
}
