package io.hookbridge.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Dedupe keys: a sender that retries sends the same bytes, so the SHA-256 of the source and
 * the raw body identifies a repeat; a sender that names its messages is recognised by the name. Kept as 32 bytes in the journal (hex in memory).
 */
public final class DedupeKeys {

    private DedupeKeys() {
    }

    /** The key of a body from a source, as 64 hex digits. */
    public static String ofBody(String source, byte[] rawBody) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(source.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(rawBody));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The key of a sender's message id (a sender that names its messages sends a repeat with the same id). */
    public static String ofMessageId(String source, String messageId) {
        return ofBody(source + "\u0000message-id", messageId.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bytes(String key) {
        return HexFormat.of().parseHex(key);
    }

    static String text(byte[] key) {
        return HexFormat.of().formatHex(key);
    }
}
