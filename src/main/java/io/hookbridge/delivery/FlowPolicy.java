package io.hookbridge.delivery;

import io.hookbridge.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

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
 *   <li>{@code ordered}: {@code true} keeps the flow's events in journal order through
 *       failures: nothing passes a delivery that waits for its retry.
 * </ul>
 */
public record FlowPolicy(int batchSize, Duration batchWait, Duration every, String writer, int callsPerMinute,
        boolean ordered) {

    /** The template parameter that names the flow; every sink template has it. */
    public static final String FLOW = "flow";
    public static final FlowPolicy DEFAULT = new FlowPolicy(1, Duration.ZERO, Duration.ZERO, null, 0, false);

    /** Whether the worker has to pace this flow beyond handing it batches. */
    public boolean paced() {
        return writer != null || !every.isZero() || !batchWait.isZero() || ordered;
    }

    /** The same policy with another limit of calls per minute (the strictest of the writer's flows). */
    FlowPolicy withCallsPerMinute(int limit) {
        return new FlowPolicy(batchSize, batchWait, every, writer, limit, ordered);
    }

    /**
     * Reads the policy from a flow's template parameters as written ({@code raw}, placeholders
     * resolved by {@code resolve}); an error names the flow, the parameter and what sets it.
     */
    public static FlowPolicy of(String flow, Map<String, String> raw, UnaryOperator<String> resolve) {
        Parameters parameters = new Parameters(flow, raw, resolve);
        return new FlowPolicy(
                Math.max(1, parameters.number("batchSize", 1)),
                parameters.duration("batchWait"),
                parameters.duration("every"),
                parameters.text("writer"),
                parameters.number("callsPerMinute", 0),
                parameters.flag("ordered"));
    }

    private record Parameters(String flow, Map<String, String> raw, UnaryOperator<String> resolve) {

        String text(String name) {
            String value = raw.get(name);
            value = value == null ? null : resolve.apply(value);
            return value == null || value.isBlank() ? null : value.trim();
        }

        int number(String name, int defaultValue) {
            String value = text(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw refused(name, value, "a whole number of 0 or more");
        }

        Duration duration(String name) {
            String value = text(name);
            if (value == null) {
                return Duration.ZERO;
            }
            try {
                return Durations.parse(value, name);
            } catch (IllegalArgumentException e) {
                throw refused(name, value, "a duration such as 250ms, 2s or 15m");
            }
        }

        boolean flag(String name) {
            String value = text(name);
            if (value == null || value.equalsIgnoreCase("false")) {
                return false;
            }
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            throw refused(name, value, "true or false");
        }

        private IllegalArgumentException refused(String name, String value, String expected) {
            String source = raw.get(name).trim().equals(value) ? "" : " (it is " + raw.get(name).trim() + ")";
            return new IllegalArgumentException("flow '" + flow + "': " + name + " must be " + expected + ", not '"
                    + value + "'" + source);
        }
    }
}
