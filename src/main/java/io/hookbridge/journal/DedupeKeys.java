package io.hookbridge.journal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Dedupe keys: a sender that retries sends the same bytes, so the hash of the raw body identifies a repeat. */
public final class DedupeKeys {

    private DedupeKeys() {
    }

    public static String ofBody(String source, byte[] rawBody) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawBody);
            return source + ":sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
