package io.hookbridge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.ingress.access.ClientAddresses;
import io.hookbridge.ingress.access.IpLiterals;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * First step of every ingress route: records what it needs from the request, removes every
 * inbound header (no inbound {@code Camel*}, {@code To} or {@code Bcc} header may steer a sink),
 * checks that the request is authentic (before the body is parsed), then refuses anything that
 * is not a POSTed JSON object its {@link WebhookFormat} can type.
 *
 * <p>Reads the exchange property {@value #SOURCE_PROPERTY} (the sender's name, set by the
 * route) and sets {@value #TYPE_PROPERTY} for the dispatch route.
 */
public final class IngressGuard implements Processor {

    public static final String SOURCE_PROPERTY = "hookbridgeSource";
    public static final String TYPE_PROPERTY = "eventType";
    static final String REMOTE_ADDRESS_HEADER = "CamelVertxPlatformHttpRemoteAddress";
    private static final List<String> JOURNALED_HEADERS = List.of("Content-Type", "User-Agent");
    private static final int MAX_JOURNALED_HEADER_LENGTH = 500;

    private final WebhookFormat format;
    private final PayloadParser parser;
    private final ClientAddresses clients;
    private final int maxBodyBytes;
    private final Clock clock;

    public IngressGuard(WebhookFormat format, PayloadParser parser, ClientAddresses clients, int maxBodyBytes, Clock clock) {
        this.format = format;
        this.parser = parser;
        this.clients = clients;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        String remoteAddress = clientAddress(message);
        Map<String, String> formatHeaders = copy(message, format.headerNames());
        String headersJson = journaledHeaders(message);
        message.removeHeaders("*");

        if (!"POST".equals(method)) {
            throw new RequestRejectedException(405, "method_not_allowed", "only POST is accepted on this address",
                    Map.of("Allow", "POST"));
        }
        byte[] body = message.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new RequestRejectedException(400, "empty_body", "the request body is empty");
        }
        if (body.length > maxBodyBytes) {
            throw new RequestRejectedException(413, "body_too_large",
                    "the body is larger than " + maxBodyBytes + " bytes (hookbridge.ingress.max-body-bytes)");
        }
        format.authenticate(formatHeaders, body);
        JsonNode payload = parser.parse(body);
        if (!payload.isObject()) {
            throw new RequestRejectedException(400, "not_an_object", "the body must be a JSON object");
        }
        String source = exchange.getProperty(SOURCE_PROPERTY, String.class);
        WebhookFormat.Identity identity = format.identify(source, formatHeaders, payload, body);
        exchange.setProperty(TYPE_PROPERTY, identity.type());
        exchange.setProperty(IncomingWebhook.PROPERTY, new IncomingWebhook(source, identity.type(), body,
                clock.instant(), remoteAddress, headersJson, identity.dedupeKey()));
    }

    /** The client's address as the access gate saw it (through trusted proxies only). */
    private String clientAddress(Message message) {
        Object header = message.getHeader(REMOTE_ADDRESS_HEADER);
        String peerText = header instanceof SocketAddress address ? address.hostAddress()
                : header == null ? null : header.toString();
        Optional<InetAddress> client = clients.resolve(peerText, headerValues(message, clients.header().headerName()));
        // a peer that is no IP address (not seen over TCP) is kept as the server gave it
        return client.map(InetAddress::getHostAddress).orElse(IpLiterals.parse(peerText).isEmpty() ? peerText : null);
    }

    private static List<String> headerValues(Message message, String name) {
        Object value = message.getHeader(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }

    private static Map<String, String> copy(Message message, List<String> names) {
        Map<String, String> copied = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : names) {
            String value = message.getHeader(name, String.class);
            if (value != null) {
                copied.put(name, value);
            }
        }
        return copied;
    }

    private String journaledHeaders(Message message) {
        ObjectNode headers = parser.mapper().createObjectNode();
        for (List<String> names : List.of(JOURNALED_HEADERS, format.journaledHeaderNames())) {
            for (String name : names) {
                String value = message.getHeader(name, String.class);
                if (value != null) {
                    headers.put(name.toLowerCase(Locale.ROOT), value.length() > MAX_JOURNALED_HEADER_LENGTH
                            ? value.substring(0, MAX_JOURNALED_HEADER_LENGTH) : value);
                }
            }
        }
        return headers.toString();
    }
}
