package io.hookbridge.journal;

/** Values of {@code hookbridge_delivery.status}. */
public final class DeliveryStatus {
    /** Waiting for its first or next attempt. */
    public static final String PENDING = "pending";
    /** The flow's sink accepted it. */
    public static final String DELIVERED = "delivered";
    /** Out of attempts: kept with its last error until replayed. */
    public static final String DEAD = "dead";

    private DeliveryStatus() {
    }
}
