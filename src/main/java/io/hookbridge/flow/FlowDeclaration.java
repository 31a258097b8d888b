package io.hookbridge.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A flow as its file declares it: a {@code templatedRoute} of a sink template, with the
 * parameters as written (placeholders unresolved). Besides the sink's own parameters, every
 * flow may give the {@linkplain #FLOW_PARAMETERS flow parameters}: {@code types} (the event
 * types that start it, comma-separated), {@code when} (a condition on the event's fields) and
 * {@code language} (the condition's language: {@code jq}, the default, or {@code jsonpath}).
 * {@code problems} are the mistakes in how it is written (a key Camel does not know, a
 * parameter without a value), found while reading it.
 */
public record FlowDeclaration(String name, String file, String template, Map<String, String> parameters,
        List<String> problems) {

    public static final String TYPES = "types";
    public static final String WHEN = "when";
    public static final String LANGUAGE = "language";
    /** Parameters every flow takes, whatever its sink template. */
    public static final List<String> FLOW_PARAMETERS = List.of(TYPES, WHEN, LANGUAGE);

    public FlowDeclaration {
        parameters = Map.copyOf(parameters);
        problems = List.copyOf(problems);
    }

    /** The word of a {@code types} value that stands for every type systeme.io documents. */
    public static final String ALL_TYPES = "all";

    /**
     * The event types of a {@code types} value: comma- or space-separated, blanks dropped;
     * {@value #ALL_TYPES} stands for every documented type ({@link EventTypes#KNOWN}).
     */
    public static List<String> types(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).map(String::trim).filter(type -> !type.isEmpty())
                .flatMap(type -> type.equals(ALL_TYPES) ? EventTypes.KNOWN.stream() : java.util.stream.Stream.of(type))
                .distinct().toList();
    }

    /** The setting that switches a flow off without editing its file: {@code hookbridge.flow.<name>.enabled}. */
    public static String enabledSetting(String flow) {
        return "hookbridge.flow." + flow + ".enabled";
    }

    /** Whether the flow's {@link #enabledSetting} is false (resolve: fills in the settings of a placeholder). */
    public static boolean isSwitchedOff(java.util.function.UnaryOperator<String> resolve, String flow) {
        String value = resolve.apply("{{?" + enabledSetting(flow) + "}}");
        return value != null && "false".equalsIgnoreCase(value.trim());
    }

    /** Where the flow is written, for messages: {@code routes/flows/x.camel.yaml, flow x}. */
    public String where() {
        return file + ", flow " + name;
    }
}
