package io.hookbridge.admin;

import io.hookbridge.ingress.access.SecretMatcher;
import io.hookbridge.web.RequestRejectedException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of every admin route: the request must carry {@code Authorization: Bearer <token>}
 * with the token of {@code hookbridge.admin.token}, compared in constant time. Without a
 * configured token the admin API is off and answers 404.
 */
public final class AdminAuth implements Processor {

    private final SecretMatcher token;

    /** Shortest admin token accepted: the admin API can replay and read every event. */
    static final int MIN_TOKEN_LENGTH = 16;

    public AdminAuth(String token) {
        if (token != null && !token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("hookbridge.admin.token must be at least " + MIN_TOKEN_LENGTH
                    + " characters (for example: openssl rand -base64 32)");
        }
        this.token = token == null || token.isEmpty() ? null : new SecretMatcher(token);
    }

    public boolean enabled() {
        return token != null;
    }

    @Override
    public void process(Exchange exchange) {
        if (token == null) {
            throw new RequestRejectedException(404, "admin_disabled",
                    "the admin API is off: set hookbridge.admin.token to turn it on");
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeader("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (!token.matches(presented)) {
            throw new RequestRejectedException(401, "unauthorized",
                    "send the admin token as Authorization: Bearer <token>", Map.of("WWW-Authenticate", "Bearer"));
        }
    }
}
