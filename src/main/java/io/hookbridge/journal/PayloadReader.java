package io.hookbridge.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Reads a journaled body into the payload the flows map: the automation-rule shape, whatever the sender's format. */
public interface PayloadReader {

    JsonNode read(String source, String type, Instant receivedAt, byte[] rawBody);

    /** Whether this source's raw body already has the automation-rule shape (so it can be sent on as it is). */
    boolean isRawShape(String source);
}
