package io.hookbridge.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systeme.io's automation-rule webhooks escape some characters twice: "créer" arrives as the
 * JSON text {@code "cr\\u00e9er"}, which parses to a backslash, "u" and four hex digits, and
 * "Thank You / Download" as {@code "Thank You \\/ Download"}. The flows (mappings and
 * conditions alike) read the characters: each {@code \}{@code uXXXX} left in a string value
 * becomes its character (an escaped surrogate pair its one character) and each {@code \/} a
 * slash. A lone surrogate or a control character stays as written, so decoding makes no value
 * invalid text and brings no NUL or line break into a sink.
 */
public final class LiteralEscapes {

    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private LiteralEscapes() {
    }

    /** Decodes the escapes left in every string value of this tree, in place; returns it. */
    public static JsonNode decode(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    String text = decode(value.textValue());
                    if (!text.equals(value.textValue())) {
                        object.set(field.getKey(), TextNode.valueOf(text));
                    }
                } else {
                    decode(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(decode(value.textValue())));
                } else {
                    decode(value);
                }
            }
        }
        return node;
    }

    /** The text with its literal {@code \}{@code uXXXX} escapes decoded. */
    public static String decode(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        text = text.replace("\\/", "/");
        if (text.indexOf("\\u") < 0) {
            return text;
        }
        Matcher escape = ESCAPE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (escape.find(from)) {
            out.append(text, from, escape.start());
            char first = (char) Integer.parseInt(escape.group(1), 16);
            from = escape.end();
            if (Character.isHighSurrogate(first)) {
                // only a high surrogate pairs with the escape right after it, and only with a low one
                Matcher next = ESCAPE.matcher(text).region(from, text.length());
                if (next.lookingAt() && Character.isLowSurrogate((char) Integer.parseInt(next.group(1), 16))) {
                    out.append(first).append((char) Integer.parseInt(next.group(1), 16));
                    from = next.end();
                    continue;
                }
            }
            out.append(single(first, escape.group(1)));
        }
        out.append(text, from, text.length());
        return out.toString();
    }

    /** The character, but a lone surrogate or a control character (NUL, CR, LF, ...) stays escaped. */
    private static String single(char character, String hex) {
        return Character.isSurrogate(character) || Character.isISOControl(character) ? "\\u" + hex
                : String.valueOf(character);
    }
}
