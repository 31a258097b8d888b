package io.hookbridge.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultExchange;

/**
 * Hands a delivery to its flow: the route whose id is the flow name and which consumes
 * {@code direct:<flow>}. The flow name comes from the journal row the dispatch route wrote,
 * never from the payload, and must name such a route.
 */
public final class FlowDispatcher {

    public static final String DELIVERY_ID_PROPERTY = "hookbridgeDeliveryId";
    public static final String ATTEMPT_PROPERTY = "hookbridgeAttempt";

    private final CamelContext context;
    private final ProducerTemplate producer;

    public FlowDispatcher(CamelContext context) {
        this.context = context;
        this.producer = context.createProducerTemplate();
    }

    /** Runs the flow; throws what the flow failed with. */
    public void deliver(DueDelivery delivery) throws Exception {
        String endpoint = "direct://" + delivery.flow();
        Route route = context.getRoute(delivery.flow());
        if (route == null || !endpoint.equals(route.getEndpoint().getEndpointUri())) {
            throw new UnknownFlowException("no flow route '" + delivery.flow() + "' consuming direct:" + delivery.flow()
                    + ": add it under routes/flows/ or fix routes/dispatch/route-by-type.camel.yaml");
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(delivery.event());
        exchange.setProperty(DELIVERY_ID_PROPERTY, delivery.id());
        exchange.setProperty(ATTEMPT_PROPERTY, delivery.attempts() + 1);
        Exchange result = producer.send(endpoint, exchange);
        if (result.getException() != null) {
            throw result.getException();
        }
    }
}
