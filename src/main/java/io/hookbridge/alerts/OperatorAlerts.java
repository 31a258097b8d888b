package io.hookbridge.alerts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.Texts;
import io.hookbridge.db.SqlFailures;
import io.hookbridge.delivery.DeliveryAlerts;
import io.hookbridge.delivery.DeliveryStore.Outcome;
import io.hookbridge.delivery.DueDelivery;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.ContactEmail;
import io.hookbridge.mapping.EventSummary;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the delivery engine sees into alert rows, on the delivery worker's thread: a
 * delivery that went dead (in the transaction that records it), a flow its circuit paused, and
 * the first call that goes through after that. A paused flow is a condition in the journal, so
 * the operator hears once that it paused and once that it delivers again, whichever instance
 * and run sees it; the flows paused are also kept here, so a call that goes through costs no
 * query. Nothing here throws into the worker: a failure is logged and only the alert is lost.
 */
final class OperatorAlerts implements DeliveryAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAlerts.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String FLOW_PAUSED_PREFIX = "flow-paused:";
    private static final int MAX_ERROR_LENGTH = 1000;

    private final AlertStore store;
    private final Clock clock;
    private final Set<String> pausedFlows = ConcurrentHashMap.newKeySet();

    OperatorAlerts(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void dead(Connection connection, List<Outcome> dead) throws SQLException {
        for (Outcome outcome : dead) {
            DueDelivery delivery = outcome.delivery();
            JournalEvent event = delivery.event();
            ObjectNode details = JSON.objectNode()
                    .put("delivery_id", delivery.id())
                    .put("event_id", event.id())
                    .put("flow", delivery.flow())
                    .put("type", event.type())
                    .put("received_at", event.receivedAt().toString())
                    .put("attempts", delivery.attempts() + 1)
                    .put("error", Texts.cut(outcome.error(), MAX_ERROR_LENGTH));
            try {
                details.put("contact", ContactEmail.of(event.payload())).put("summary", EventSummary.of(event));
            } catch (RuntimeException unreadable) {
                // a payload the flows could not read either: the alert goes without contact and summary
            }
            AlertStore.add(connection, AlertKind.DEAD_DELIVERY, "delivery:" + delivery.id(), details,
                    outcome.finishedAt());
        }
    }

    @Override
    public void flowPaused(String flow, Duration pause, String error) {
        if (pausedFlows.contains(flow)) {
            return;
        }
        Instant now = clock.instant();
        ObjectNode details = JSON.objectNode().put("flow", flow).put("pause_seconds", Math.max(1, Math.round(pause.toMillis() / 1000.0)))
                .put("error", Texts.cut(error, MAX_ERROR_LENGTH));
        try {
            store.raise(FLOW_PAUSED_PREFIX + flow, now, null, AlertKind.FLOW_PAUSED, flow, details);
            pausedFlows.add(flow);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not write the operator's alert that flow '{}' is paused: {}", flow,
                    SqlFailures.describeAny(e));
        }
    }

    @Override
    public void flowDelivered(String flow) {
        if (!pausedFlows.contains(flow)) {
            return;
        }
        try {
            store.clear(FLOW_PAUSED_PREFIX + flow, clock.instant(), AlertKind.FLOW_RESUMED, flow,
                    JSON.objectNode().put("flow", flow));
            pausedFlows.remove(flow);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not write the operator's alert that flow '{}' delivers again (tried again at its next"
                    + " call): {}", flow, SqlFailures.describeAny(e));
        }
    }

    /** Reads again which flows are paused in the journal (another instance may have raised or cleared one). */
    void refresh() throws SQLException {
        Set<String> paused = ConcurrentHashMap.newKeySet();
        for (String name : store.names(FLOW_PAUSED_PREFIX)) {
            paused.add(name.substring(FLOW_PAUSED_PREFIX.length()));
        }
        pausedFlows.retainAll(paused);
        pausedFlows.addAll(paused);
    }
}
