package io.hookbridge.sink.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs an outgoing call the Standard Webhooks way (standardwebhooks.com), so the receiver can
 * check it with any of that project's libraries: {@code webhook-signature: v1,<base64 of
 * HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, where the key is the secret
 * {@code whsec_<base64>} decoded.
 */
public final class WebhookSignature {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    private WebhookSignature(byte[] key) {
        this.key = key;
    }

    /** Reads a {@code whsec_<base64>} secret; the message of a failure names {@code settingName}, never the secret. */
    public static WebhookSignature of(String secret, String settingName) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException(settingName + " must be a Standard Webhooks secret: whsec_ followed by"
                    + " base64 (for example: echo whsec_$(openssl rand -base64 32))");
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            if (key.length < 16) {
                throw new IllegalArgumentException(settingName + " is too short: use at least 16 random bytes");
            }
            return new WebhookSignature(key);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(settingName)) {
                throw e;
            }
            throw new IllegalArgumentException(settingName + ": the part after whsec_ is not base64");
        }
    }

    /** The {@code webhook-signature} header value for this message. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
