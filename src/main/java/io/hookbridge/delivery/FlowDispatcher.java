package io.hookbridge.delivery;

import io.hookbridge.journal.JournalEvent;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultExchange;

/**
 * Hands deliveries to their flow: the route whose id is the flow name and which consumes
 * {@code direct:<flow>}. The flow name comes from the journal row the router chose,
 * never from the payload, and must name such a route.
 *
 * <p>The flow receives a {@code List<JournalEvent>}: one event, or up to the {@code batchSize}
 * its sink template declares, and in the exchange property {@value #DELIVERY_IDS_PROPERTY} the
 * ids of their deliveries in the same order (stable through retries and replays: an
 * idempotency key for the receiver).
 *
 * <p>A flow whose sink may make more than one call of its target for a batch (or none) says how
 * many it made in the exchange property {@value #CALLS_PROPERTY}, so that the worker counts them
 * all against the flow's writer's calls per minute; without it a batch is one call.
 */
public final class FlowDispatcher {

    public static final String DELIVERY_IDS_PROPERTY = "hookbridgeDeliveryIds";
    /** How many calls of its target the flow made for the batch (an Integer; absent: one). */
    public static final String CALLS_PROPERTY = "hookbridgeCalls";

    private final CamelContext context;
    private final ProducerTemplate producer;

    public FlowDispatcher(CamelContext context) {
        this.context = context;
        this.producer = context.createProducerTemplate();
    }

    /**
     * Runs the flow on these deliveries' events; throws what the flow failed with.
     *
     * @return how many calls of its target the flow made (1 unless it said otherwise)
     */
    public int deliver(String flow, List<DueDelivery> deliveries) throws Exception {
        String endpoint = "direct://" + flow;
        Route route = context.getRoute(flow);
        if (route == null || !endpoint.equals(route.getEndpoint().getEndpointUri())) {
            throw new UnknownFlowException("no flow route '" + flow + "' consuming direct:" + flow
                    + ": add its flow file under routes/flows/ (its deliveries wait until then)");
        }
        Exchange exchange = new DefaultExchange(context);
        List<JournalEvent> events = deliveries.stream().map(DueDelivery::event).toList();
        exchange.getMessage().setBody(events);
        exchange.setProperty(DELIVERY_IDS_PROPERTY, deliveries.stream().map(DueDelivery::id).toList());
        Exchange result = producer.send(endpoint, exchange);
        if (result.getException() != null) {
            throw result.getException();
        }
        Integer calls = result.getProperty(CALLS_PROPERTY, Integer.class);
        return calls == null ? 1 : calls;
    }
}
