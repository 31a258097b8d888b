package io.hookbridge.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one event goes: the flows that take it, and those whose type matched but whose
 * condition did not hold, each with why ({@value #CONDITION_FALSE}, or the condition's failure).
 */
public record Routing(List<String> chosen, Map<String, String> skipped) {

    public static final String CONDITION_FALSE = "skipped: condition false";
    public static final Routing NONE = new Routing(List.of(), Map.of());

    public Routing {
        chosen = List.copyOf(chosen);
        skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** Whether no flow at all takes this event's type (it is kept as unrouted). */
    public boolean unrouted() {
        return chosen.isEmpty() && skipped.isEmpty();
    }
}
