package io.hookbridge.admin;

import io.hookbridge.flow.SampleEvents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.delivery.FlowCatalog;
import io.hookbridge.flow.EventTypes;
import io.hookbridge.flow.FlowCondition;
import io.hookbridge.web.JsonContentType;
import io.hookbridge.web.JsonResponses;
import io.hookbridge.web.RequestRejectedException;
import io.hookbridge.flow.FlowRouter;
import io.hookbridge.flow.Routing;
import io.hookbridge.journal.PayloadReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The admin API's operations, called by the routes in routes/admin/ after {@link AdminAuth}:
 * list and inspect events, replay deliveries, route an event again with today's flows, the
 * overview, the flows and the samples of the admin console (a sample is sent by
 * {@link ConsoleSampleIngress}, a flow previewed by {@link FlowPreviews}).
 * Path and query parameters arrive as headers; every answer is JSON.
 */
public final class AdminApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JournalQueries queries;
    private final OverviewQueries overview;
    private final SampleEvents samples;
    private final Replays replays;
    private final FlowCatalog catalog;
    private final FlowRouter router;
    private final FlowPreviews previews;
    private final Runnable wakeDeliveries;

    /** @param alertChannels the channels of the operator's alerts that are on (email, webhook); empty: off */
    public AdminApi(DataSource journal, Clock clock, FlowCatalog catalog, FlowRouter router,
            PayloadReader payloads, SampleEvents samples, FlowPreviews previews, Runnable wakeDeliveries,
            List<String> alertChannels) {
        this.catalog = catalog;
        this.previews = previews;
        this.router = router;
        this.queries = new JournalQueries(journal, payloads);
        this.overview = new OverviewQueries(journal, clock, alertChannels);
        this.samples = samples;
        this.replays = new Replays(journal, clock);
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

    /** The samples the console can send: name, event type, and the JSON as shipped (for the console's editor). */
    public void samples(Exchange exchange) {
        ObjectNode body = JSON.objectNode();
        ArrayNode list = body.putArray("samples");
        for (SampleEvents.Sample sample : samples.all()) {
            list.addObject().put("name", sample.name()).put("type", sample.type())
                    .put("body", new String(sample.body(), StandardCharsets.UTF_8));
        }
        JsonResponses.json(exchange.getMessage(), 200, body);
    }

    /**
     * Every declared flow: its sink template, the event types that start it, its condition, and
     * whether it is on (when off, the settings that turn it on); and per event type the flows
     * that are on and take it.
     */
    public void flows(Exchange exchange) {
        ObjectNode body = JSON.objectNode();
        ArrayNode list = body.putArray("flows");
        List<String> names = new ArrayList<>(catalog.declaredOn());
        names.addAll(catalog.declaredOff());
        names.sort(null);
        for (String name : names) {
            ObjectNode flow = list.addObject().put("name", name).put("template", catalog.template(name));
            List<String> types = catalog.types(name);
            types.forEach(flow.putArray("types")::add);
            flow.put("all_types", types.containsAll(EventTypes.KNOWN));
            FlowCondition condition = catalog.condition(name);
            if (condition == null) {
                flow.putNull("condition");
            } else {
                flow.putObject("condition").put("language", condition.language()).put("text", condition.text());
            }
            boolean on = catalog.isOn(name);
            flow.put("on", on);
            if (!on) {
                Set<String> settings = catalog.settingsThatEnable(name);
                settings.forEach(flow.putArray("turned_on_by")::add);
                flow.put("why_off", settings.isEmpty() ? "its template's precondition is false"
                        : "set " + String.join(" and ", settings) + " to turn it on");
            }
        }
        ObjectNode byType = body.putObject("by_type");
        catalog.flowsByType().forEach((type, flows) -> flows.forEach(byType.putArray(type)::add));
        JsonResponses.json(exchange.getMessage(), 200, body);
    }

    /** What a flow would do with the event in the request's body, without sending or storing anything. */
    public void preview(Exchange exchange) {
        Message in = exchange.getMessage();
        String flow = in.getHeader("flow", String.class);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        byte[] body = in.getBody(byte[].class);
        in.removeHeaders("*");
        in.setBody(null);
        if (!JsonContentType.isJsonOrAbsent(contentType)) {
            throw new RequestRejectedException(415, "unsupported_media_type",
                    "send the event to preview as JSON with Content-Type: application/json");
        }
        JsonResponses.json(in, 200, previews.preview(flow, body));
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
            if (replays.isSkipped(deliveryId)) {
                throw new RequestRejectedException(409, "skipped_by_condition", "delivery " + id + " was skipped: its"
                        + " flow's condition did not hold for the event. Route the event again to evaluate the condition"
                        + " anew (POST /admin/api/events/{id}/route)");
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

    /**
     * Routes a journaled event again with today's flows: their types and their conditions,
     * evaluated on the stored body. Flows that now take it and have not had it get a delivery.
     */
    public void routeEvent(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        Replays.StoredEvent event = replays.event(id);
        if (event == null) {
            throw new RequestRejectedException(404, "not_found", "no event " + id);
        }
        Routing routing = router.route(event.source(), event.type(), event.receivedAt(), event.body());
        if (routing.unrouted()) {
            throw new RequestRejectedException(409, "still_unrouted", "no flow that is on takes type '" + event.type()
                    + "' yet: name it in the types of a flow under routes/flows/, or turn its flows on");
        }
        List<String> added = replays.route(id, routing);
        if (!added.isEmpty()) {
            wakeDeliveries.run();
        }
        ObjectNode body = JSON.objectNode().put("event_id", id);
        added.forEach(body.putArray("flows")::add);
        ObjectNode skipped = body.putObject("skipped");
        routing.skipped().forEach(skipped::put);
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
