package io.hookbridge.delivery;

import io.hookbridge.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * How the delivery worker hands events to one flow. A sink template declares it with these
 * parameters (each optional):
 *
 * <ul>
 *   <li>{@code batchSize}: most events in one call of the flow (default 1);
 *   <li>{@code batchWait}: how long the first waiting event may wait for others to share its
 *       call, unless a full batch is there sooner (default 0s);
 *   <li>{@code every}: at most one call per this time, carrying every event since the last
 *       one, up to {@code batchSize} (a digest; default 0s: no pace);
 *   <li>{@code writer}: flows naming the same writer are delivered by one bridge instance at a
 *       time, one call at a time (a database lease), sharing {@code callsPerMinute};
 *   <li>{@code callsPerMinute}: most calls of the writer's flows in any 60 s (0: no limit);
 *   <li>{@code ordered}: {@code true} keeps the flow's events in arrival order through
 *       failures: a failed batch keeps its place and the whole flow waits for its retry.
 * </ul>
 */
public record FlowPolicy(int batchSize, Duration batchWait, Duration every, String writer, int callsPerMinute,
        boolean ordered) {

    /** The template parameter that names the flow; every sink template has it. */
    public static final String FLOW = "flow";
    public static final FlowPolicy DEFAULT = new FlowPolicy(1, Duration.ZERO, Duration.ZERO, null, 0, false);

    /** Whether the worker has to pace this flow beyond handing it batches. */
    public boolean paced() {
        return writer != null || !every.isZero() || !batchWait.isZero();
    }

    /** Reads the policy from a flow's template parameters (placeholders resolved); errors name the flow and parameter. */
    public static FlowPolicy of(String flow, Map<String, String> parameters) {
        String writer = text(parameters, "writer");
        return new FlowPolicy(
                Math.max(1, number(flow, parameters, "batchSize", 1)),
                duration(flow, parameters, "batchWait"),
                duration(flow, parameters, "every"),
                writer,
                number(flow, parameters, "callsPerMinute", 0),
                "true".equalsIgnoreCase(text(parameters, "ordered")));
    }

    private static String text(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int number(String flow, Map<String, String> parameters, String name, int defaultValue) {
        String value = text(parameters, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flow '" + flow + "': " + name + " must be a whole number of 0 or more, not '"
                    + value + "'");
        }
    }

    private static Duration duration(String flow, Map<String, String> parameters, String name) {
        String value = text(parameters, name);
        return value == null ? Duration.ZERO : Durations.parse(value, "flow '" + flow + "' " + name);
    }
}
