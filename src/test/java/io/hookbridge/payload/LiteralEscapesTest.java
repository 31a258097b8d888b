package io.hookbridge.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LiteralEscapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Comment cr\\u00e9er un blog | Comment créer un blog",
        "Thank You \\/ Download Page | Thank You / Download Page",
        "smile \\ud83d\\ude00 | smile \uD83D\uDE00",
        "half \\ud83d alone | half \\ud83d alone",
        "low \\ude00 first \\ud83d | low \\ude00 first \\ud83d",
        "C:\\temp\\new | C:\\temp\\new",
        "\\u0041\\u00e9 | Aé",
        "not hex \\u00zz | not hex \\u00zz",
        "nul \\u0000 and crlf \\u000d\\u000a and c1 \\u0085 | nul \\u0000 and crlf \\u000d\\u000a and c1 \\u0085"})
    void should_decode_what_systeme_io_escaped_twice_and_leave_the_rest(String text, String decoded) {
        assertThat(LiteralEscapes.decode(text)).isEqualTo(decoded);
    }

    /** An escaped letter right before an escaped surrogate pair: the pair is still one character. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Offre de No\\u00ebl\\ud83c\\udf84 | Offre de Noël\uD83C\uDF84",
        "Offre sp\\u00e9ciale \\u00e9t\\u00e9\\ud83c\\udf1e | Offre spéciale été\uD83C\uDF1E",
        "\\u00e9\\ud83d\\ude00 | é\uD83D\uDE00",
        "lone then pair \\ud83d\\ud83d\\ude00 | lone then pair \\ud83d\uD83D\uDE00"})
    void should_decode_a_surrogate_pair_that_follows_another_escape(String text, String decoded) {
        assertThat(LiteralEscapes.decode(text)).isEqualTo(decoded);
    }

    @Test
    void should_decode_every_string_value_of_a_tree_but_not_its_keys() throws Exception {
        JsonNode tree = JSON.readTree("""
                {"a\\\\u00e9": "cr\\\\u00e9er", "list": ["x\\\\/y", 1, {"n": "\\\\u00e9"}], "n": 5}""");

        LiteralEscapes.decode(tree);

        assertThat(tree.toString()).isEqualTo("{\"a\\\\u00e9\":\"créer\",\"list\":[\"x/y\",1,{\"n\":\"é\"}],\"n\":5}");
    }
}
