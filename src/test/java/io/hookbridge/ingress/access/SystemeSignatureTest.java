package io.hookbridge.ingress.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SystemeSignatureTest {

    private final SystemeSignature signature = new SystemeSignature("key");
    private final byte[] body = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the textbook test vector
    private static final String KNOWN = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

    @Test
    void should_compute_the_hex_hmac_sha256_of_the_raw_body() {
        assertThat(signature.sign(body)).isEqualTo(KNOWN);
        assertThat(signature.verifies(body, KNOWN)).isTrue();
        assertThat(signature.verifies(body, KNOWN.toUpperCase(Locale.ROOT))).isTrue();
        assertThat(signature.verifies(body, "sha256=" + KNOWN)).isTrue();
        assertThat(signature.verifies(body, " " + KNOWN + " ")).isTrue();
    }

    @Test
    void should_refuse_another_body_another_key_and_unreadable_signatures() {
        byte[] changed = "The quick brown fox jumps over the lazy cog".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verifies(changed, KNOWN)).isFalse();
        assertThat(new SystemeSignature("other").verifies(body, KNOWN)).isFalse();
        assertThat(signature.verifies(body, null)).isFalse();
        assertThat(signature.verifies(body, "")).isFalse();
        assertThat(signature.verifies(body, KNOWN.substring(2))).isFalse();
        assertThat(signature.verifies(body, KNOWN + "00")).isFalse();
        assertThat(signature.verifies(body, "zz" + KNOWN.substring(2))).isFalse();
        assertThat(signature.verifies(body, "0".repeat(64))).isFalse();
    }
}
