package io.hookbridge.delivery;

import io.hookbridge.journal.JournalEvent;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;

/**
 * Hands deliveries to their flow: the route whose id is the flow name and which consumes
 * {@code direct:<flow>}. The flow name comes from the journal row the dispatch route wrote,
 * never from the payload, and must name such a route.
 *
 * <p>The flow receives a {@code List<JournalEvent>}: one event, or up to the {@code batchSize}
 * its sink template declares (the SQL sink inserts a batch in one statement batch).
 */
public final class FlowDispatcher {

    public static final String BATCH_SIZE_PARAMETER = "batchSize";

    private final CamelContext context;
    private final ProducerTemplate producer;

    public FlowDispatcher(CamelContext context) {
        this.context = context;
        this.producer = context.createProducerTemplate();
    }

    /** Runs the flow on these events; throws what the flow failed with. */
    public void deliver(String flow, List<JournalEvent> events) throws Exception {
        String endpoint = "direct://" + flow;
        Route route = context.getRoute(flow);
        if (route == null || !endpoint.equals(route.getEndpoint().getEndpointUri())) {
            throw new UnknownFlowException("no flow route '" + flow + "' consuming direct:" + flow
                    + ": add it under routes/flows/ or fix routes/dispatch/route-by-type.camel.yaml");
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(List.copyOf(events));
        Exchange result = producer.send(endpoint, exchange);
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    /** How many events the flow takes at once: its template's batchSize parameter, or 1. */
    public int batchSize(String flow) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition definition = model == null ? null : model.getRouteDefinition(flow);
        Object value = definition == null || definition.getTemplateParameters() == null
                ? null : definition.getTemplateParameters().get(BATCH_SIZE_PARAMETER);
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value.toString().trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
