package io.hookbridge.flow;

import java.util.List;

/** The mistakes the flow checks found: the startup stops, and the message lists each on a line. */
public final class FlowMistakes extends IllegalArgumentException {

    private final List<String> mistakes;

    public FlowMistakes(List<String> mistakes) {
        super(text(mistakes));
        this.mistakes = List.copyOf(mistakes);
    }

    public List<String> mistakes() {
        return mistakes;
    }

    private static String text(List<String> mistakes) {
        StringBuilder text = new StringBuilder(mistakes.size() == 1 ? "a mistake in the flows:"
                : mistakes.size() + " mistakes in the flows:");
        mistakes.forEach(mistake -> text.append(System.lineSeparator()).append("  - ").append(mistake));
        return text.toString();
    }
}
