package io.hookbridge.journal;

/** Values of {@code hookbridge_delivery.status}. */
public final class DeliveryStatus {
    /** Waiting for its first or next attempt. */
    public static final String PENDING = "pending";
    /** The flow's sink accepted it. */
    public static final String DELIVERED = "delivered";
    /** Not for this flow: its type matched but its condition did not hold (last_error says why). Never sent. */
    public static final String SKIPPED = "skipped";
    /** Out of attempts: kept with its last error until replayed. */
    public static final String DEAD = "dead";

    private DeliveryStatus() {
    }
}
