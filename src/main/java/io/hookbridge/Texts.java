package io.hookbridge;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Text helpers shared by the journal, ingress, the sinks and the flow checks. */
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

    /**
     * The candidate a misspelled word most likely meant: the nearest within two letters (added,
     * removed, changed; a change of case alone is nearest), the first of equally near ones; empty
     * when none is that near, or the word is one of them.
     */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        if (candidates.contains(given)) {
            return Optional.empty();
        }
        String word = given.toLowerCase(Locale.ROOT);
        String best = null;
        int nearest = 3;
        for (String candidate : candidates) {
            int distance = distance(word, candidate.toLowerCase(Locale.ROOT));
            if (!candidate.equals(given) && distance < nearest) {
                best = candidate;
                nearest = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " (did you mean x?)" for the candidate a misspelled word most likely meant, else "". */
    public static String didYouMean(String given, Collection<String> candidates) {
        return closest(given, candidates).map(name -> " (did you mean " + name + "?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
