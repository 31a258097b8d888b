package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.ingress.access.ClientAddresses;
import io.hookbridge.ingress.access.IpRanges;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.payload.IncomingWebhook;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.payload.signed.SignedPayloads;
import io.hookbridge.testing.Samples;
import io.hookbridge.web.RequestRejectedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the ingress guard hands the journal fits the journal's columns, whatever the request
 * carried: the headers' JSON within VARCHAR(4000), the remote address within VARCHAR(64); a
 * control character in a journaled header is refused, a tab is not.
 */
class JournaledFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SystemeSignature SIGNER = new SystemeSignature("journaled-fields-secret");
    private static final byte[] SALE = Samples.bytes("systeme-signed/SALE_NEW.body.json");
    private static CamelContext camel;

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    @Test
    void should_cut_the_journaled_headers_so_that_their_json_fits_the_column() throws Exception {
        // six journaled headers of 500 characters that JSON escapes to two each: 6,000+ characters as sent
        String escaped = "\\\"".repeat(250);
        Exchange exchange = signedPost(escaped);
        exchange.getMessage().setHeader(SignedWebhooks.MESSAGE_ID, "m-" + "x".repeat(100));

        guard().process(exchange);

        String headers = webhook(exchange).headersJson();
        assertThat(headers.length()).isLessThanOrEqualTo(IngressGuard.MAX_JOURNALED_HEADERS_JSON_LENGTH);
        JsonNode json = JSON.readTree(headers);
        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("content-type", "user-agent",
                "x-webhook-event", "x-webhook-message-id", "x-webhook-event-timestamp", "x-webhook-delivery-attempt-id");
        assertThat(json.get("x-webhook-event").asText()).isEqualTo("SALE_NEW");
        assertThat(json.get("user-agent").asText()).isNotEmpty();
        assertThat(escaped).startsWith(json.get("user-agent").asText());
    }

    @Test
    void should_keep_a_tab_in_a_header_and_refuse_other_control_characters() {
        Exchange tab = signedPost("a\tb");
        guard().process(tab);
        assertThat(webhook(tab).headersJson()).contains("a\\tb");

        for (String value : new String[] {"a\u0001b", "a\u007fb", "a\u009bb", "a\rb"}) {
            assertThatThrownBy(() -> guard().process(signedPost(value)))
                    .isInstanceOfSatisfying(RequestRejectedException.class, rejected -> {
                        assertThat(rejected.status()).isEqualTo(400);
                        assertThat(rejected.code()).isEqualTo("invalid_header");
                    });
        }
    }

    @Test
    void should_cut_a_remote_address_to_the_column() {
        Exchange exchange = signedPost("agent");
        // a peer that is no IP address (not seen over TCP) is kept as the server gave it
        exchange.getMessage().setHeader(IngressGuard.REMOTE_ADDRESS_HEADER, "/run/hookbridge/" + "s".repeat(100) + ".sock");

        guard().process(exchange);

        assertThat(webhook(exchange).remoteAddress()).hasSize(IngressGuard.MAX_REMOTE_ADDRESS_LENGTH)
                .startsWith("/run/hookbridge/");
    }

    private static IngressGuard guard() {
        return new IngressGuard(new SignedWebhooks(SIGNER), new PayloadParser(),
                new ClientAddresses(IpRanges.parse("", "none"), ClientAddresses.ForwardingHeader.X_FORWARDED_FOR),
                1_048_576, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    /** A signed sale whose journaled headers, but the event name, all have this value. */
    private static Exchange signedPost(String value) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(IngressGuard.SOURCE_PROPERTY, SignedPayloads.SOURCE);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(IngressGuard.REMOTE_ADDRESS_HEADER, "203.0.113.7");
        message.setHeader(SignedWebhooks.SIGNATURE, SIGNER.sign(SALE));
        message.setHeader(SignedWebhooks.EVENT, "SALE_NEW");
        message.setHeader("Content-Type", "application/json; x=" + value);
        message.setHeader("User-Agent", value);
        message.setHeader("x-webhook-event-timestamp", value);
        message.setHeader("x-webhook-delivery-attempt-id", value);
        message.setBody(SALE);
        return exchange;
    }

    private static IncomingWebhook webhook(Exchange exchange) {
        return exchange.getProperty(IncomingWebhook.PROPERTY, IncomingWebhook.class);
    }
}
