package io.hookbridge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.web.RequestRejectedException;
import java.util.List;
import java.util.Map;

/**
 * What sets one kind of webhook apart for the {@link IngressGuard}: how a request proves it comes
 * from the sender, and how its event type and repeat key are found.
 */
public interface WebhookFormat {

    /**
     * The event's type and the keys that recognise a repeat of it: {@code dedupeKey} always,
     * {@code messageKey} (the sender's name for the message) when the sender gives one, else null.
     */
    record Identity(String type, String dedupeKey, String messageKey) {

        public Identity(String type, String dedupeKey) {
            this(type, dedupeKey, null);
        }
    }

    /** Request headers (or path parameters) this format reads; the guard copies them before removing every header. */
    List<String> headerNames();

    /** Of those, the ones worth keeping in the journal with the event (never a secret). */
    List<String> journaledHeaderNames();

    /** Refuses the request unless it is authentic (a {@link RequestRejectedException}); runs before the body is parsed. */
    void authenticate(Map<String, String> headers, byte[] body);

    /** The event's identity; refuses (400) a payload it cannot type. {@code payload} is a JSON object. */
    Identity identify(String source, Map<String, String> headers, JsonNode payload, byte[] body);
}
