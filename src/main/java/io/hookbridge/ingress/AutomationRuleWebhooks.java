package io.hookbridge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.ingress.access.WebhookToken;
import io.hookbridge.journal.DedupeKeys;
import io.hookbridge.web.RequestRejectedException;
import java.util.List;
import java.util.Map;

/**
 * Webhooks of systeme.io automation rules: authenticated by the token in the address
 * ({@code /webhooks/systeme/{token}}), typed by the body's {@code type}, a repeat recognised by its bytes.
 */
public final class AutomationRuleWebhooks implements WebhookFormat {

    /** The path parameter of the route's address that carries the token. */
    static final String TOKEN_PARAMETER = "token";
    /** The journal's type column is VARCHAR(255). */
    private static final int MAX_TYPE_LENGTH = 255;

    private final WebhookToken token;

    public AutomationRuleWebhooks(WebhookToken token) {
        this.token = token;
    }

    @Override
    public List<String> headerNames() {
        return List.of(TOKEN_PARAMETER);
    }

    @Override
    public List<String> journaledHeaderNames() {
        return List.of();
    }

    @Override
    public void authenticate(Map<String, String> headers, byte[] body) {
        if (!token.matches(headers.get(TOKEN_PARAMETER))) {
            throw new RequestRejectedException(401, "invalid_token",
                    "the webhook address must end with the bridge's token: /webhooks/systeme/<token>"
                            + " (see the bridge's first start, or " + WebhookToken.SETTING + ")");
        }
    }

    @Override
    public Identity identify(String source, Map<String, String> headers, JsonNode payload, byte[] body) {
        return new Identity(typeOf(payload), DedupeKeys.ofBody(source, body));
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
