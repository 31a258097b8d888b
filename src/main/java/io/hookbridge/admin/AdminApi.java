package io.hookbridge.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.delivery.FlowCatalog;
import io.hookbridge.ingress.JsonResponses;
import io.hookbridge.ingress.RequestRejectedException;
import io.hookbridge.ingress.IngressGuard;
import io.hookbridge.ingress.JournalCommit;
import io.hookbridge.journal.PayloadReader;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * The admin API's operations, called by the routes in routes/admin/ after {@link AdminAuth}:
 * list and inspect events, replay deliveries, route an unrouted event with today's routes, the
 * overview and the samples of the admin console (a sample is sent by {@link ConsoleSampleIngress}).
 * Path and query parameters arrive as headers; every answer is JSON.
 */
public final class AdminApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JournalQueries queries;
    private final OverviewQueries overview;
    private final ConsoleSamples samples;
    private final Replays replays;
    private final CamelContext context;
    private final ProducerTemplate producer;
    private final FlowCatalog catalog;
    private final Runnable wakeDeliveries;

    public AdminApi(DataSource journal, Clock clock, CamelContext context, FlowCatalog catalog, PayloadReader payloads,
            ConsoleSamples samples, Runnable wakeDeliveries) {
        this.catalog = catalog;
        this.queries = new JournalQueries(journal, payloads);
        this.overview = new OverviewQueries(journal, clock);
        this.samples = samples;
        this.replays = new Replays(journal, clock);
        this.context = context;
        this.producer = context.createProducerTemplate();
        this.wakeDeliveries = wakeDeliveries;
    }

    public void listEvents(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        EventFilter filter = EventFilter.of(in.getHeader("type", String.class), in.getHeader("status", String.class),
                in.getHeader("from", String.class), in.getHeader("to", String.class), in.getHeader("limit", String.class));
        ObjectNode body = JSON.objectNode();
        body.set("events", queries.events(filter));
        JsonResponses.json(in, 200, body);
    }

    public void event(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        ObjectNode event = queries.event(id);
        if (event == null) {
            throw new RequestRejectedException(404, "not_found", "no event " + id);
        }
        JsonResponses.json(exchange.getMessage(), 200, event);
    }

    /** Events per type per hour over the last day, and each flow's deliveries by state. */
    public void overview(Exchange exchange) throws SQLException {
        JsonResponses.json(exchange.getMessage(), 200, overview.overview(catalog.declaredOn(), catalog.declaredOff()));
    }

    /** The samples the console can send: name and event type. */
    public void samples(Exchange exchange) {
        ObjectNode body = JSON.objectNode();
        ArrayNode list = body.putArray("samples");
        for (ConsoleSamples.Sample sample : samples.all()) {
            list.addObject().put("name", sample.name()).put("type", sample.type());
        }
        JsonResponses.json(exchange.getMessage(), 200, body);
    }

    public void replayDelivery(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        long deliveryId;
        try {
            deliveryId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new RequestRejectedException(400, "bad_parameter", "a delivery id is a number");
        }
        int replayed = replays.delivery(deliveryId);
        if (replayed == 0) {
            Replays.Claim claim = replays.claimOf(deliveryId);
            if (claim != null) {
                throw new RequestRejectedException(409, "in_progress", "delivery " + deliveryId + " is being delivered"
                        + " by " + claim.instance() + (claim.leaseUntil() == null ? "" : " (claimed until "
                        + claim.leaseUntil() + ")") + ": it is not replayed, so that it is not sent twice; replay it"
                        + " once this attempt is recorded");
            }
            throw new RequestRejectedException(404, "not_found", "no delivery " + id);
        }
        answerReplayed(exchange, replayed);
    }

    /** Replays the dead deliveries of a flow; those in progress meanwhile are skipped and counted. */
    public void replayDeadOfFlow(Exchange exchange) throws SQLException {
        answerReplayed(exchange, replays.deadOfFlow(exchange.getMessage().getHeader("flow", String.class)));
    }

    /** Replays the deliveries of the events received in a time range; those in progress are skipped and counted. */
    public void replayReceivedBetween(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        Instant from = EventFilter.instant("from", in.getHeader("from", String.class));
        Instant to = EventFilter.instant("to", in.getHeader("to", String.class));
        if (from == null || to == null || !from.isBefore(to)) {
            throw new RequestRejectedException(400, "bad_parameter", "give from and to, with from before to");
        }
        String flow = in.getHeader("flow", String.class);
        answerReplayed(exchange, replays.receivedBetween(from, to, flow == null || flow.isBlank() ? null : flow));
    }

    /** Runs an unrouted event's type through today's dispatch route and creates the deliveries it chooses. */
    public void routeEvent(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        String type = replays.unroutedType(id);
        if (type == null) {
            throw new RequestRejectedException(404, "not_found", "no unrouted event " + id);
        }
        Exchange dispatch = new DefaultExchange(context);
        dispatch.setProperty(IngressGuard.TYPE_PROPERTY, type);
        Exchange routed = producer.send("direct:route-by-type", dispatch);
        if (routed.getException() != null) {
            throw new IllegalStateException("the dispatch route failed: " + routed.getException().getMessage(),
                    routed.getException());
        }
        List<String> flows = catalog.on(JournalCommit.flows(routed.getProperty(JournalCommit.FLOWS_PROPERTY, String.class)));
        if (flows.isEmpty()) {
            throw new RequestRejectedException(409, "still_unrouted", "no flow that is on is routed for type '" + type
                    + "' yet: add it to routes/dispatch/route-by-type.camel.yaml, or turn its flows on");
        }
        replays.route(id, flows);
        wakeDeliveries.run();
        ObjectNode body = JSON.objectNode().put("event_id", id);
        flows.forEach(body.putArray("flows")::add);
        JsonResponses.json(exchange.getMessage(), 200, body);
    }

    private void answerReplayed(Exchange exchange, int replayed) {
        if (replayed > 0) {
            wakeDeliveries.run();
        }
        JsonResponses.json(exchange.getMessage(), 200, JSON.objectNode().put("replayed", replayed));
    }

    private void answerReplayed(Exchange exchange, Replays.Result result) {
        if (result.replayed() > 0) {
            wakeDeliveries.run();
        }
        JsonResponses.json(exchange.getMessage(), 200, JSON.objectNode().put("replayed", result.replayed())
                .put("skipped", result.skipped()));
    }
}
