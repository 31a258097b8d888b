package io.hookbridge.payload;

/**
 * Whether a text from a request can be journaled as it is: no control characters (C0
 * U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F), which a database may refuse (PostgreSQL refuses
 * NUL in any text column) and which would reach log lines, and no half of a surrogate pair,
 * which a driver would store as a different character; nor line separators and format
 * characters (a right-to-left override), which would forge or reorder a log line.
 */
public final class StorableText {

    private StorableText() {
    }

    /** True when the text has a control character or an unpaired surrogate. */
    public static boolean hasUnstorableCharacter(String text) {
        return firstUnstorable(text, false) >= 0;
    }

    /** The same, with horizontal tab allowed: HTTP lets a header value contain it. */
    public static boolean hasUnstorableHeaderCharacter(String text) {
        return firstUnstorable(text, true) >= 0;
    }

    private static int firstUnstorable(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((isControl(c) || isInvisibleFormatting(c)) && !(tabAllowed && c == '\t')) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Line and paragraph separators (U+2028, U+2029) and format characters such as the
     * right-to-left override (U+202E): a log viewer would break the line there, or show the
     * text in another order than it has.
     */
    private static boolean isInvisibleFormatting(char c) {
        int category = Character.getType(c);
        return category == Character.LINE_SEPARATOR || category == Character.PARAGRAPH_SEPARATOR
                || (category == Character.FORMAT && c != '\u200C' && c != '\u200D');
    }

    private static boolean isControl(char c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
    }
}
