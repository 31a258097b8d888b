package io.hookbridge.journal;

/** Values of {@code hookbridge_event.status}. */
public final class EventStatus {
    /** At least one flow was chosen for the event's type. */
    public static final String ROUTED = "routed";
    /** No flow matched the type: kept, logged, and replayable once a route exists. */
    public static final String UNROUTED = "unrouted";

    private EventStatus() {
    }
}
