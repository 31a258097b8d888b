package io.hookbridge.admin;

import io.hookbridge.flow.SampleEvents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.ingress.IngressGuard;
import io.hookbridge.journal.DedupeKeys;
import io.hookbridge.payload.AutomationRulePayloads;
import io.hookbridge.payload.IncomingWebhook;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.web.JsonContentType;
import io.hookbridge.web.RequestRejectedException;
import java.time.Clock;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The ingress guard's part for a sample the admin console sends (route admin-send-sample): the
 * sample's bytes take the place of a request body, are parsed and typed as an automation-rule
 * webhook's, and leave the same exchange properties, so the dispatch route and the journal
 * commit that follow are the webhook's own.
 *
 * <p>A request with a body sends that body instead: the sample as the console's user edited it.
 * It passes the checks of a webhook's body (JSON content type, at most
 * {@code hookbridge.ingress.max-body-bytes}, a JSON object within the parser's limits, a string
 * {@code type} without control characters); a body that fails them is refused and nothing is stored.
 *
 * <p>A sent sample is journaled with the source of automation-rule webhooks (the flows read it
 * like one), the remote address {@value #REMOTE_ADDRESS} and the header
 * {@value #SAMPLE_HEADER} naming the sample (and {@value #EDITED_HEADER} when it was edited),
 * and a dedupe key of its own: every send is a new event, never a repeat of the previous one.
 */
public final class ConsoleSampleIngress implements Processor {

    /** The source of automation-rule webhooks (routes/ingress/systeme-webhook.camel.yaml). */
    static final String SOURCE = "systeme";
    /** What the journal's remote_address says of an event the console sent. */
    public static final String REMOTE_ADDRESS = "admin-console";
    static final String SAMPLE_HEADER = "x-hookbridge-sample";
    static final String EDITED_HEADER = "x-hookbridge-sample-edited";

    private final SampleEvents samples;
    private final PayloadParser parser;
    private final int maxBodyBytes;
    private final Clock clock;

    public ConsoleSampleIngress(SampleEvents samples, PayloadParser parser, int maxBodyBytes, Clock clock) {
        this.samples = samples;
        this.parser = parser;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = message.getHeader("name", String.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        byte[] edited = message.getBody(byte[].class);
        message.removeHeaders("*");
        message.setBody(null);
        SampleEvents.Sample sample = samples.find(name).orElseThrow(() -> new RequestRejectedException(404,
                "unknown_sample", "no sample by that name: GET /admin/api/samples lists them"));
        // a form's fields would have become headers, leaving no body: refused rather than sent as shipped
        if (!JsonContentType.isJsonOrAbsent(contentType)) {
            throw new RequestRejectedException(415, "unsupported_media_type",
                    "send the edited sample as JSON with Content-Type: application/json");
        }
        boolean isEdited = edited != null && edited.length > 0;
        byte[] body = isEdited ? edited : sample.body();
        JsonNode payload = isEdited ? checked(edited) : parser.parse(body);
        String type = AutomationRulePayloads.typeOf(payload);
        ObjectNode headers = parser.mapper().createObjectNode().put(SAMPLE_HEADER, sample.name());
        if (isEdited) {
            headers.put(EDITED_HEADER, "true");
        }
        exchange.setProperty(IngressGuard.SOURCE_PROPERTY, SOURCE);
        exchange.setProperty(IngressGuard.TYPE_PROPERTY, type);
        exchange.setProperty(IncomingWebhook.PROPERTY, new IncomingWebhook(SOURCE, type, body, clock.instant(),
                REMOTE_ADDRESS, headers.toString(), DedupeKeys.ofMessageId(SOURCE, REMOTE_ADDRESS + "/" + UUID.randomUUID())));
    }

    /** An edited sample, parsed; refused as a webhook's body would be when it is not one the bridge accepts. */
    private JsonNode checked(byte[] body) {
        IngressGuard.checkSize(body, maxBodyBytes);
        return IngressGuard.parseObject(parser, body);
    }
}
