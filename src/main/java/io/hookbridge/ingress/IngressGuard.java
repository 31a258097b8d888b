package io.hookbridge.ingress;

import io.hookbridge.Texts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.ingress.access.ClientAddresses;
import io.hookbridge.ingress.access.IpLiterals;
import io.hookbridge.payload.IncomingWebhook;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.payload.StorableText;
import io.hookbridge.web.RequestRejectedException;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
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
    /** The journal's headers column is VARCHAR(4000): the JSON of the journaled headers is cut to fit. */
    static final int MAX_JOURNALED_HEADERS_JSON_LENGTH = 4000;
    /** The journal's remote_address column is VARCHAR(64). */
    static final int MAX_REMOTE_ADDRESS_LENGTH = 64;

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
        Map<String, String> journaled = journaledHeaders(message);
        message.removeHeaders("*");

        if (!"POST".equals(method)) {
            throw new RequestRejectedException(405, "method_not_allowed", "only POST is accepted on this address",
                    Map.of("Allow", "POST"));
        }
        byte[] body = message.getBody(byte[].class);
        checkSize(body, maxBodyBytes);
        format.authenticate(formatHeaders, body);
        String headersJson = headersJson(journaled);
        JsonNode payload = parseObject(parser, body);
        String source = exchange.getProperty(SOURCE_PROPERTY, String.class);
        WebhookFormat.Identity identity = format.identify(source, formatHeaders, payload, body);
        exchange.setProperty(TYPE_PROPERTY, identity.type());
        exchange.setProperty(IncomingWebhook.PROPERTY, new IncomingWebhook(source, identity.type(), body,
                clock.instant(), remoteAddress, headersJson, identity.dedupeKey(), identity.messageKey()));
    }

    /** Refuses an empty body (400) and one over {@code maxBodyBytes} (413, hookbridge.ingress.max-body-bytes). */
    public static void checkSize(byte[] body, int maxBodyBytes) {
        if (body == null || body.length == 0) {
            throw new RequestRejectedException(400, "empty_body", "the request body is empty");
        }
        if (body.length > maxBodyBytes) {
            throw new RequestRejectedException(413, "body_too_large",
                    "the body is larger than " + maxBodyBytes + " bytes (hookbridge.ingress.max-body-bytes)");
        }
    }

    /** The body parsed within the parser's limits; refuses (400) one that is not a JSON object, saying why. */
    public static JsonNode parseObject(PayloadParser parser, byte[] body) {
        JsonNode payload = parser.parse(body);
        if (!payload.isObject()) {
            throw new RequestRejectedException(400, "not_an_object", "the body must be a JSON object");
        }
        return payload;
    }

    /** The client's address as the access gate saw it (through trusted proxies only). */
    private String clientAddress(Message message) {
        Object header = message.getHeader(REMOTE_ADDRESS_HEADER);
        String peerText = header instanceof SocketAddress address ? address.hostAddress()
                : header == null ? null : header.toString();
        Optional<InetAddress> client = clients.resolve(peerText, headerValues(message, clients.header().headerName()));
        // a peer that is no IP address (not seen over TCP) is kept as the server gave it, cut to the column
        String address = client.map(InetAddress::getHostAddress)
                .orElse(IpLiterals.parse(peerText).isEmpty() ? peerText : null);
        return address == null ? null : Texts.cut(address, MAX_REMOTE_ADDRESS_LENGTH);
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

    /** The values of the headers kept with the event, by lower-case name, as they came. */
    private Map<String, String> journaledHeaders(Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (List<String> names : List.of(JOURNALED_HEADERS, format.journaledHeaderNames())) {
            for (String name : names) {
                String value = message.getHeader(name, String.class);
                if (value != null) {
                    headers.put(name.toLowerCase(Locale.ROOT), value);
                }
            }
        }
        return headers;
    }

    /**
     * The journaled headers as JSON: a value with a control character (tab aside) is refused,
     * each value is cut to {@value #MAX_JOURNALED_HEADER_LENGTH} characters, and all of them
     * shorter still when their JSON would not fit the journal's column.
     */
    private String headersJson(Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (StorableText.hasUnstorableHeaderCharacter(value)) {
                throw new RequestRejectedException(400, "invalid_header", "the " + name
                        + " header must not contain control characters (U+0000-U+001F but tab, U+007F-U+009F)");
            }
        });
        for (int limit = MAX_JOURNALED_HEADER_LENGTH; ; limit /= 2) {
            ObjectNode json = parser.mapper().createObjectNode();
            for (Map.Entry<String, String> header : headers.entrySet()) {
                json.put(header.getKey(), Texts.cut(header.getValue(), limit));
            }
            String text = json.toString();
            if (text.length() <= MAX_JOURNALED_HEADERS_JSON_LENGTH || limit == 0) {
                return text;
            }
        }
    }
}
