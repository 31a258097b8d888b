package io.hookbridge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.ingress.access.WebhookToken;
import io.hookbridge.journal.DedupeKeys;
import io.hookbridge.payload.AutomationRulePayloads;
import io.hookbridge.web.RequestRejectedException;
import java.util.List;
import java.util.Map;

/**
 * Webhooks of systeme.io automation rules: authenticated by the token in the address
 * ({@code /webhooks/systeme/{token}}), typed by the body's {@code type} ({@link AutomationRulePayloads}),
 * a repeat recognised by its bytes.
 */
public final class AutomationRuleWebhooks implements WebhookFormat {

    /** The path parameter of the route's address that carries the token. */
    static final String TOKEN_PARAMETER = "token";

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
        return new Identity(AutomationRulePayloads.typeOf(payload), DedupeKeys.ofBody(source, body));
    }
}
