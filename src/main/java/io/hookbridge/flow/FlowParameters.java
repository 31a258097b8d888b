package io.hookbridge.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.camel.CamelContext;

/** A flow's parameters as its route gets them: each value with its settings ({{...}}) filled in. */
public final class FlowParameters {

    private FlowParameters() {
    }

    /**
     * The values resolved, in order; an optional setting that is not set gives "". A value that
     * does not resolve is left out and handed, with why, to {@code unresolved}.
     */
    public static Map<String, String> resolve(CamelContext context, Map<String, String> raw,
            BiConsumer<String, RuntimeException> unresolved) {
        Map<String, String> resolved = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            try {
                String text = value == null ? null : context.resolvePropertyPlaceholders(value);
                resolved.put(name, text == null ? "" : text);
            } catch (RuntimeException e) {
                unresolved.accept(name, e);
            }
        });
        return resolved;
    }
}
