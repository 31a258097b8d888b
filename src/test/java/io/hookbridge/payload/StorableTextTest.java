package io.hookbridge.payload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What may be journaled, and written into a log line, as it came. */
class StorableTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"contact.tag.added\u2028FAKE LOG LINE", "contact.tag.added\u2029x", "contact.\u202etag.added",
        "contact\u200b.tag", "a\u0000b", "a\u001bb", "a\u0085b", "a\ud800b"})
    void should_refuse_what_would_break_or_forge_a_log_line(String text) {
        assertThat(StorableText.hasUnstorableCharacter(text)).isTrue();
        assertThat(StorableText.hasUnstorableHeaderCharacter(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer.sale.completed", "Créer un compte", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "نام\u200cخانوادگی"})
    void should_take_ordinary_text_in_any_script(String text) {
        assertThat(StorableText.hasUnstorableCharacter(text)).isFalse();
    }
}
