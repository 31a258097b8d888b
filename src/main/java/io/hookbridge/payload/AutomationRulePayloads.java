package io.hookbridge.payload;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.web.RequestRejectedException;

/**
 * The payloads of systeme.io automation-rule webhooks, {@code {"type": ..., "data": {...},
 * "created_at": ...}}: the shape every flow reads (signed webhooks are rewritten into it,
 * {@link io.hookbridge.payload.signed.SignedPayloads}), typed by their {@code type}.
 */
public final class AutomationRulePayloads {

    /** The journal's type column is VARCHAR(255). */
    private static final int MAX_TYPE_LENGTH = 255;

    private AutomationRulePayloads() {
    }

    /** The event type of an automation-rule payload (a JSON object); refuses (400) a payload without a usable one. */
    public static String typeOf(JsonNode payload) {
        JsonNode type = payload.get("type");
        if (type == null) {
            throw new RequestRejectedException(400, "missing_type", "the JSON object has no \"type\" field");
        }
        if (!type.isTextual() || type.asText().isBlank() || type.asText().length() > MAX_TYPE_LENGTH
                || StorableText.hasUnstorableCharacter(type.asText())) {
            throw new RequestRejectedException(400, "invalid_type", "\"type\" must be a non-empty string of at most "
                    + MAX_TYPE_LENGTH + " characters, without control characters (U+0000-U+001F, U+007F-U+009F)");
        }
        return type.asText();
    }
}
