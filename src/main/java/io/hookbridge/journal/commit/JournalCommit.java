package io.hookbridge.journal.commit;

import io.hookbridge.flow.FlowRouter;
import io.hookbridge.journal.Acceptance;
import io.hookbridge.journal.JournalRefusedException;
import io.hookbridge.journal.JournalUnavailableException;
import io.hookbridge.journal.JournalWriter;
import io.hookbridge.journal.NewEvent;
import io.hookbridge.flow.Routing;
import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.payload.IncomingWebhook;
import io.hookbridge.web.ErrorResponse;
import io.hookbridge.web.JsonResponses;
import io.hookbridge.web.RequestRejectedException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last step of an ingress route: commits the webhook with the deliveries the router chose
 * ({@link FlowRouter#ROUTING_PROPERTY}: the flows that take it, and those it skipped with why)
 * and only then answers 202, or 200 with the first event's id for
 * a body seen before. A repeat whose type is not the journaled event's (a signed body sent again
 * under another event name) is answered 409 and changes nothing. An event the database refuses ({@link JournalRefusedException}) is answered
 * 422 and one it could not store ({@link JournalUnavailableException}) 503, by {@link ErrorResponse}.
 */
public final class JournalCommit implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(JournalCommit.class);
    /** How long a webhook's request waits for its group commit before it is answered 503. */
    private static final long COMMIT_TIMEOUT_MILLIS = 10_000;

    private final JournalWriter writer;
    private final long commitTimeoutMillis;
    private final BridgeMetrics metrics;

    public JournalCommit(JournalWriter writer, long commitTimeoutMillis, BridgeMetrics metrics) {
        this.writer = writer;
        this.commitTimeoutMillis = commitTimeoutMillis;
        this.metrics = metrics;
    }

    /** Binds the commit as journalCommit, the name the ingress routes call it by. */
    public static void bind(CamelContext context, JournalWriter writer, BridgeMetrics metrics) {
        context.getRegistry().bind("journalCommit", new JournalCommit(writer, COMMIT_TIMEOUT_MILLIS, metrics));
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        IncomingWebhook webhook = exchange.getProperty(IncomingWebhook.PROPERTY, IncomingWebhook.class);
        Routing routing = exchange.getProperty(FlowRouter.ROUTING_PROPERTY, Routing.NONE, Routing.class);
        NewEvent event = new NewEvent(webhook.source(), webhook.type(), webhook.rawBody(), webhook.receivedAt(),
                webhook.remoteAddress(), webhook.headersJson(), webhook.dedupeKey(), webhook.messageKey(),
                routing.chosen(), routing.skipped());
        Acceptance acceptance = await(event);
        if (acceptance.duplicate() && !acceptance.type().equals(webhook.type())) {
            throw new RequestRejectedException(409, "event_conflict", "this body was already received as event "
                    + acceptance.eventId() + " of type '" + acceptance.type() + "', not '" + webhook.type()
                    + "': nothing was stored");
        }
        if (routing.unrouted() && !acceptance.duplicate()) {
            LOG.info("Event {} of type '{}' matched no flow that is on: kept as unrouted (name the type in a flow's"
                    + " types under routes/flows/, or turn its flows on)", acceptance.eventId(), webhook.type());
        }
        if (acceptance.duplicate()) {
            metrics.duplicate();
        } else {
            metrics.accepted(webhook.type());
            routing.skipped().keySet().forEach(metrics::skipped);
        }
        JsonResponses.accepted(exchange, acceptance.eventId(), acceptance.duplicate());
    }

    private Acceptance await(NewEvent event) throws InterruptedException {
        try {
            return writer.append(event).get(commitTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JournalUnavailableException unavailable) {
                throw unavailable;
            }
            if (e.getCause() instanceof JournalRefusedException refused) {
                throw refused;
            }
            throw new JournalUnavailableException("the journal failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new JournalUnavailableException("the journal did not commit within " + commitTimeoutMillis + " ms", e);
        }
    }
}
