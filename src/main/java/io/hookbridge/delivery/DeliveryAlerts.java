package io.hookbridge.delivery;

import io.hookbridge.delivery.DeliveryStore.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * What the delivery engine tells the operator's alerts (io.hookbridge.alerts), always from the
 * delivery worker's thread, never from a webhook's request. {@link #NONE} while alerts are off.
 */
public interface DeliveryAlerts {

    DeliveryAlerts NONE = new DeliveryAlerts() {
    };

    /**
     * Deliveries that went dead, written in the transaction that records them; the store runs it
     * inside a savepoint, so a failure here leaves the outcomes recorded and only the alerts lost.
     */
    default void dead(Connection connection, List<Outcome> dead) throws SQLException {
    }

    /** The flow's circuit paused it (again) after failures; must not throw. */
    default void flowPaused(String flow, Duration pause, String error) {
    }

    /** A call of the flow went through; must not throw, and must be cheap (it runs after every call). */
    default void flowDelivered(String flow) {
    }
}
