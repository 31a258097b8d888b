package io.hookbridge.sink.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.delivery.FlowDispatcher;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.FieldMappings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Prepares the call of the {@code http-post} sink (routes/sinks): the event's body exactly as
 * received, or a JSON object of the flow's mapped fields; {@code Content-Type:
 * application/json}; {@code Idempotency-Key} carrying the delivery id (the same through
 * retries and replays); and, with a secret, the Standard Webhooks headers {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature}. Every other header is removed, so
 * nothing can change the method, the address or the headers of the call.
 *
 * <p>Reads the exchange properties {@code httpUrl}, {@code httpColumns} (empty: the raw body)
 * and {@code httpSecret} (empty: unsigned) that the template sets from its parameters.
 */
public final class HttpPostSink {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The content type of every call. */
    public static final String CONTENT_TYPE = "application/json; charset=UTF-8";

    /** What a flow POSTs for one event: the address, the content type and the exact body. */
    public record Call(String url, String contentType, byte[] body) {
    }

    private final Clock clock;
    private final FieldMappings mappings;
    private final Map<String, WebhookSignature> signatures = new ConcurrentHashMap<>();

    public HttpPostSink(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.mappings = new FieldMappings(zone);
    }

    public void prepare(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        List<?> events = message.getMandatoryBody(List.class);
        if (events.size() != 1) {
            throw new IllegalArgumentException("http-post sends one event per call, not " + events.size());
        }
        JournalEvent event = (JournalEvent) events.get(0);
        List<?> deliveryIds = exchange.getProperty(FlowDispatcher.DELIVERY_IDS_PROPERTY, List.class);
        String deliveryId = String.valueOf(deliveryIds.get(0));
        Call call = call(event, exchange.getProperty("httpUrl", String.class),
                exchange.getProperty("httpColumns", "", String.class));
        byte[] body = call.body();
        String secret = exchange.getProperty("httpSecret", "", String.class);

        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, call.contentType());
        message.setHeader("User-Agent", "Hookbridge");
        message.setHeader("Idempotency-Key", deliveryId);
        if (!secret.isBlank()) {
            long timestamp = clock.instant().getEpochSecond();
            WebhookSignature signature = signatures.computeIfAbsent(secret.trim(),
                    s -> WebhookSignature.of(s, "the secret of http-post flow (hookbridge.forward.secret)"));
            message.setHeader("webhook-id", deliveryId);
            message.setHeader("webhook-timestamp", String.valueOf(timestamp));
            message.setHeader("webhook-signature", signature.sign(deliveryId, timestamp, body));
        }
        message.setBody(body);
    }

    /**
     * The call a flow with this address and columns (empty: the body as received) makes for this
     * event; an address that is not http:// or https:// fails.
     */
    public Call call(JournalEvent event, String url, String columns) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("http-post url must start with http:// or https:// (hookbridge.forward.url"
                    + " or the flow's url parameter)");
        }
        return new Call(url, CONTENT_TYPE, body(event, columns == null ? "" : columns));
    }

    /**
     * The event's body as received (a signed webhook's in the automation-rule shape, so that the
     * receiver reads one shape), or a JSON object of the mapped fields.
     */
    private byte[] body(JournalEvent event, String columns) {
        if (columns.isBlank()) {
            return event.payloadBytes();
        }
        ObjectNode json = JSON.createObjectNode();
        mappings.of(columns).apply(event).forEach((name, value) -> {
            if (value == null) {
                json.putNull(name);
            } else if (value instanceof Long number) {
                json.put(name, number);
            } else if (value instanceof BigDecimal number) {
                json.put(name, number);
            } else {
                json.put(name, value.toString());
            }
        });
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
