package io.hookbridge.ingress.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks a presented secret against the configured one in constant time: both are hashed first,
 * so the comparison takes as long whatever the presented text's length or first differing byte.
 */
public final class SecretMatcher {

    private final byte[] expectedDigest;

    public SecretMatcher(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
        this.expectedDigest = sha256(secret);
    }

    public boolean matches(String presented) {
        return MessageDigest.isEqual(expectedDigest, sha256(presented == null ? "" : presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
