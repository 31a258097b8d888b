package io.hookbridge;

/** Text helpers shared by the journal, ingress and the sinks. */
public final class Texts {

    private Texts() {
    }

    /** The text cut to at most {@code max} characters, never between the two halves of a surrogate pair. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max > 0 && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
