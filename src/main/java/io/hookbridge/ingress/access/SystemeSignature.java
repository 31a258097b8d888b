package io.hookbridge.ingress.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code x-webhook-signature} of systeme.io's signed webhooks: the hex HMAC-SHA256 of the
 * exact raw body, keyed with the secret typed into systeme.io ({@code hookbridge.ingress.signing-secret}).
 */
public final class SystemeSignature {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_HEX_LENGTH = 64;

    private final SecretKeySpec key;

    public SystemeSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("hookbridge.ingress.signing-secret is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The signature of a body, as lower-case hex. */
    public String sign(byte[] body) {
        return HexFormat.of().formatHex(mac(body));
    }

    /** Whether the header value is this body's signature; compared in constant time. */
    public boolean verifies(byte[] body, String headerValue) {
        byte[] presented = decode(headerValue);
        // an unreadable header is still compared, against zeros, so that it takes as long
        return MessageDigest.isEqual(mac(body), presented == null ? new byte[SIGNATURE_HEX_LENGTH / 2] : presented)
                && presented != null;
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** 64 hex digits, optionally after {@code sha256=}; null for anything else. */
    private static byte[] decode(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        String hex = headerValue.trim();
        if (hex.regionMatches(true, 0, "sha256=", 0, 7)) {
            hex = hex.substring(7);
        }
        if (hex.length() != SIGNATURE_HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
