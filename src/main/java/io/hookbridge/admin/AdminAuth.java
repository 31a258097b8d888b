package io.hookbridge.admin;

import io.hookbridge.ingress.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of every admin route: the request must carry {@code Authorization: Bearer <token>}
 * with the token of {@code hookbridge.admin.token}, compared in constant time. Without a
 * configured token the admin API is off and answers 404.
 */
public final class AdminAuth implements Processor {

    private final byte[] tokenDigest;

    public AdminAuth(String token) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
    }

    public boolean enabled() {
        return tokenDigest != null;
    }

    @Override
    public void process(Exchange exchange) {
        if (tokenDigest == null) {
            throw new RequestRejectedException(404, "admin_disabled",
                    "the admin API is off: set hookbridge.admin.token to turn it on");
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeader("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        // digests have the same length whatever was sent, so the comparison leaks nothing
        if (!MessageDigest.isEqual(tokenDigest, sha256(presented))) {
            throw new RequestRejectedException(401, "unauthorized",
                    "send the admin token as Authorization: Bearer <token>", Map.of("WWW-Authenticate", "Bearer"));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
