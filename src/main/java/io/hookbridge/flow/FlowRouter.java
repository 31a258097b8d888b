package io.hookbridge.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.delivery.FlowCatalog;
import io.hookbridge.journal.PayloadReader;
import io.hookbridge.payload.IncomingWebhook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-based router on the event's type: picks the flows whose {@code types} name it
 * and whose {@code when} holds for the event, as the flows will read it. Used at ingress (the
 * route-by-type step), when an event is routed again from the console, and by the preview.
 */
public final class FlowRouter implements Processor {

    /** Exchange property that carries the {@link Routing} from this step to the journal commit. */
    public static final String ROUTING_PROPERTY = "hookbridgeRouting";
    private static final String CONDITION_FAILED = "skipped: condition failed: ";
    private static final Logger LOG = LoggerFactory.getLogger(FlowRouter.class);

    private final FlowCatalog catalog;
    private final PayloadReader payloads;

    public FlowRouter(FlowCatalog catalog, PayloadReader payloads) {
        this.catalog = catalog;
        this.payloads = payloads;
    }

    @Override
    public void process(Exchange exchange) {
        IncomingWebhook webhook = exchange.getProperty(IncomingWebhook.PROPERTY, IncomingWebhook.class);
        exchange.setProperty(ROUTING_PROPERTY,
                route(webhook.source(), webhook.type(), webhook.receivedAt(), webhook.rawBody()));
    }

    /** The routing of an event with this source, type and body; the body is read only when a condition needs it. */
    public Routing route(String source, String type, Instant receivedAt, byte[] rawBody) {
        List<FlowCatalog.Taker> takers = catalog.takers(type);
        List<String> chosen = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        JsonNode payload = null;
        for (FlowCatalog.Taker taker : takers) {
            if (taker.condition() == null) {
                chosen.add(taker.flow());
                continue;
            }
            if (payload == null) {
                payload = payloads.read(source, type, receivedAt, rawBody);
            }
            String reason = evaluate(taker, payload);
            if (reason == null) {
                chosen.add(taker.flow());
            } else {
                skipped.put(taker.flow(), reason);
            }
        }
        return new Routing(chosen, skipped);
    }

    /** Null when the condition holds; otherwise why the flow skips the event. */
    private static String evaluate(FlowCatalog.Taker taker, JsonNode payload) {
        String reason = skipReason(taker.condition(), payload);
        if (reason != null && !reason.equals(Routing.CONDITION_FALSE)) {
            LOG.warn("Flow {}: its condition failed on an event, which the flow skips: {}", taker.flow(),
                    reason.substring(CONDITION_FAILED.length()));
        }
        return reason;
    }

    /**
     * Null when a flow with this condition (null: none) takes this payload; otherwise why it
     * skips it: {@value Routing#CONDITION_FALSE}, or the condition's failure.
     */
    public static String skipReason(FlowCondition condition, JsonNode payload) {
        if (condition == null) {
            return null;
        }
        try {
            return condition.holds(payload) ? null : Routing.CONDITION_FALSE;
        } catch (RuntimeException e) {
            return CONDITION_FAILED + FlowCondition.rootMessage(e);
        }
    }
}
