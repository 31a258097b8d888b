package io.hookbridge.delivery;

import java.time.Duration;

/**
 * A sink's own word that its failure will pass and the delivery is worth another attempt on the flow's retry
 * schedule: access to the target not granted yet, the target changed while the sink was writing to it. Not one
 * event's fault, so a batch that fails with it is retried whole, never split. The message tells the operator what
 * to fix; it is stored as the delivery's last error.
 */
public class RetryLaterException extends RuntimeException {

    private final Duration retryAfter;

    public RetryLaterException(String message) {
        this(message, null);
    }

    /** @param retryAfter the least wait before the next attempt, or null for the flow's schedule alone */
    public RetryLaterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The least wait before the next attempt, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
