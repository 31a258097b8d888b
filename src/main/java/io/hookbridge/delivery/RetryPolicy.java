package io.hookbridge.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * When a failed delivery is tried again: the flow's retry schedule (or the default one),
 * spread by jitter so that deliveries that failed together do not all come back together,
 * and never sooner than a {@code Retry-After} the receiver sent.
 */
public final class RetryPolicy {

    private final RetrySchedule defaultSchedule;
    private final Function<String, RetrySchedule> flowSchedules;
    private final Map<String, RetrySchedule> resolved = new ConcurrentHashMap<>();
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * @param flowSchedules the schedule set for a flow, or null to use the default
     * @param jitter        0 to 1: a delay d becomes a time drawn from d*(1-jitter) to d*(1+jitter)
     * @param random        a source of numbers in [0, 1)
     */
    public RetryPolicy(RetrySchedule defaultSchedule, Function<String, RetrySchedule> flowSchedules, double jitter,
            DoubleSupplier random) {
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("hookbridge.delivery.retry-jitter must be between 0 and 1, not " + jitter);
        }
        this.defaultSchedule = defaultSchedule;
        this.flowSchedules = flowSchedules;
        this.jitter = jitter;
        this.random = random;
    }

    /** The time of the next attempt after {@code failedAttempts} failures, or null when the delivery is dead. */
    public Instant nextAttempt(String flow, int failedAttempts, Duration retryAfter, Instant now) {
        Duration delay = schedule(flow).delayAfter(failedAttempts);
        if (delay == null) {
            return null;
        }
        long millis = Math.round(delay.toMillis() * (1 + jitter * (2 * random.getAsDouble() - 1)));
        if (retryAfter != null) {
            millis = Math.max(millis, retryAfter.toMillis());
        }
        return now.plusMillis(millis);
    }

    public int maxAttempts(String flow) {
        return schedule(flow).maxAttempts();
    }

    private RetrySchedule schedule(String flow) {
        return resolved.computeIfAbsent(flow, name -> {
            RetrySchedule own = flowSchedules.apply(name);
            return own == null ? defaultSchedule : own;
        });
    }
}
