package io.hookbridge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * First step of every ingress route: records what it needs from the request, removes every
 * inbound header (no inbound {@code Camel*}, {@code To} or {@code Bcc} header may steer a sink),
 * then refuses anything that is not a POSTed JSON object with a string {@code type}.
 *
 * <p>Reads the exchange property {@value #SOURCE_PROPERTY} (the sender's name, set by the
 * route) and sets {@value #TYPE_PROPERTY} for the dispatch route.
 */
public final class IngressGuard implements Processor {

    public static final String SOURCE_PROPERTY = "hookbridgeSource";
    public static final String TYPE_PROPERTY = "eventType";
    static final String REMOTE_ADDRESS_HEADER = "CamelVertxPlatformHttpRemoteAddress";
    private static final int MAX_TYPE_LENGTH = 255;

    private final PayloadParser parser;
    private final int maxBodyBytes;
    private final Clock clock;

    public IngressGuard(PayloadParser parser, int maxBodyBytes, Clock clock) {
        this.parser = parser;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        String remoteAddress = remoteAddress(message.getHeader(REMOTE_ADDRESS_HEADER));
        String headersJson = selectedHeaders(message);
        message.removeHeaders("*");

        if (!"POST".equals(method)) {
            throw new RequestRejectedException(405, "method_not_allowed", "only POST is accepted on this address",
                    java.util.Map.of("Allow", "POST"));
        }
        byte[] body = message.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new RequestRejectedException(400, "empty_body", "the request body is empty");
        }
        if (body.length > maxBodyBytes) {
            throw new RequestRejectedException(413, "body_too_large",
                    "the body is larger than " + maxBodyBytes + " bytes (hookbridge.ingress.max-body-bytes)");
        }
        JsonNode payload = parser.parse(body);
        if (!payload.isObject()) {
            throw new RequestRejectedException(400, "not_an_object", "the body must be a JSON object");
        }
        JsonNode type = payload.get("type");
        if (type == null) {
            throw new RequestRejectedException(400, "missing_type", "the JSON object has no \"type\" field");
        }
        if (!type.isTextual() || type.asText().isBlank() || type.asText().length() > MAX_TYPE_LENGTH) {
            throw new RequestRejectedException(400, "invalid_type",
                    "\"type\" must be a non-empty string of at most " + MAX_TYPE_LENGTH + " characters");
        }
        String source = exchange.getProperty(SOURCE_PROPERTY, String.class);
        exchange.setProperty(TYPE_PROPERTY, type.asText());
        exchange.setProperty(IncomingWebhook.PROPERTY,
                new IncomingWebhook(source, type.asText(), body, clock.instant(), remoteAddress, headersJson));
    }

    private static String remoteAddress(Object header) {
        if (header instanceof SocketAddress address) {
            return address.hostAddress();
        }
        return header == null ? null : header.toString();
    }

    private String selectedHeaders(Message message) {
        ObjectNode headers = parser.mapper().createObjectNode();
        for (String name : new String[] {"Content-Type", "User-Agent"}) {
            String value = message.getHeader(name, String.class);
            if (value != null) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), value.length() > 500 ? value.substring(0, 500) : value);
            }
        }
        return headers.toString();
    }
}
