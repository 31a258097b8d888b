package io.hookbridge.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.ingress.LiteralEscapes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adversary (issue 14): an escaped letter right before an escaped surrogate pair. The decoder
 * paired the letter with the pair's high half, left both halves escaped, and a condition on
 * "Offre spéciale été🌞" (as systeme.io escapes it twice) was false.
 */
class LiteralEscapePairsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Offre de No\\u00ebl\\ud83c\\udf84 | Offre de Noël\uD83C\uDF84",
        "Offre sp\\u00e9ciale \\u00e9t\\u00e9\\ud83c\\udf1e | Offre spéciale été\uD83C\uDF1E",
        "\\u00e9\\ud83d\\ude00 | é\uD83D\uDE00",
        "lone then pair \\ud83d\\ud83d\\ude00 | lone then pair \\ud83d\uD83D\uDE00"})
    void should_decode_a_surrogate_pair_that_follows_another_escape(String text, String decoded) {
        assertThat(LiteralEscapes.decode(text)).isEqualTo(decoded);
    }
}
