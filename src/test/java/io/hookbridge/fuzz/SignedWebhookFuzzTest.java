package io.hookbridge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.ingress.IngressGuard;
import io.hookbridge.ingress.SignedWebhooks;
import io.hookbridge.ingress.access.ClientAddresses;
import io.hookbridge.ingress.access.IpRanges;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.payload.IncomingWebhook;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.payload.StoredPayloads;
import io.hookbridge.payload.signed.SignedEventNames;
import io.hookbridge.payload.signed.SignedPayloads;
import io.hookbridge.web.RequestRejectedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Timeout;

/**
 * The signed-webhook guard and the rewrite of an accepted body into the automation-rule shape,
 * on any event name, message id, signature and body: a request not signed with the secret is
 * always a 401; a signed one is refused with a 4xx or accepted with the type its event name maps
 * to, and its body then rewrites into {@code {"type": ..., "data": {...}}} without failing.
 *
 * <p>Input layout ({@link FuzzedDataProvider}): the event name, the message id and a signature,
 * each ended by a backslash and one more byte, then the raw body; the last byte of the input says
 * whether the request is signed with the right secret (odd) or carries that signature instead.
 */
class SignedWebhookFuzzTest {

    private static final String SECRET = "fuzz-signing-secret";
    private static final SystemeSignature SIGNER = new SystemeSignature(SECRET);
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final int MAX_BODY_BYTES = 3_000;
    private static final CamelContext CAMEL = started(new DefaultCamelContext());
    private static final PayloadParser PARSER = new PayloadParser();
    private static final IngressGuard GUARD = new IngressGuard(new SignedWebhooks(SIGNER), PARSER,
            new ClientAddresses(IpRanges.parse("", "none"), ClientAddresses.ForwardingHeader.X_FORWARDED_FOR),
            MAX_BODY_BYTES, Clock.fixed(NOW, ZoneOffset.UTC));
    private static final StoredPayloads STORED = new StoredPayloads(PARSER);

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void signed(FuzzedDataProvider data) {
        boolean signedRight = data.remainingBytes() > 0 && data.consumeBoolean();
        String event = data.consumeString(200);
        String messageId = data.consumeString(300);
        String otherSignature = data.consumeString(200);
        byte[] body = data.consumeRemainingAsBytes();
        boolean authentic = signedRight || SIGNER.verifies(body, otherSignature);
        Exchange exchange = post(body, event, messageId, signedRight ? SIGNER.sign(body) : otherSignature);

        try {
            GUARD.process(exchange);
        } catch (RequestRejectedException rejected) {
            assertThat(exchange.getMessage().getHeaders()).isEmpty();
            if (!authentic && body.length > 0 && body.length <= MAX_BODY_BYTES) {
                assertThat(rejected.status()).isEqualTo(401);
            } else {
                assertThat(rejected.status()).isBetween(400, 499);
            }
            return;
        }
        assertThat(authentic).as("accepted without the right signature").isTrue();
        assertThat(exchange.getMessage().getHeaders()).isEmpty();
        String type = exchange.getProperty(IngressGuard.TYPE_PROPERTY, String.class);
        assertThat(type).isEqualTo(SignedEventNames.eventType(event).orElseThrow());
        IncomingWebhook webhook = exchange.getProperty(IncomingWebhook.PROPERTY, IncomingWebhook.class);
        assertThat(webhook.rawBody()).isEqualTo(body);
        assertThat(webhook.dedupeKey()).matches("[0-9a-f]{64}");

        JsonNode payload = STORED.read(SignedPayloads.SOURCE, type, NOW, body);
        assertThat(payload.get("type").asText()).isEqualTo(type);
        assertThat(payload.get("data").isObject()).isTrue();
        assertThat(payload.get("created_at").isTextual()).isTrue();
    }

    private static Exchange post(byte[] body, String event, String messageId, String signature) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(IngressGuard.SOURCE_PROPERTY, SignedPayloads.SOURCE);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader("CamelVertxPlatformHttpRemoteAddress", "185.236.142.1");
        message.setHeader("Content-Type", "application/json");
        setIfNotEmpty(message, "x-webhook-event", event);
        setIfNotEmpty(message, "x-webhook-message-id", messageId);
        setIfNotEmpty(message, "x-webhook-signature", signature);
        message.setBody(body);
        return exchange;
    }

    private static void setIfNotEmpty(Message message, String name, String value) {
        if (!value.isEmpty()) {
            message.setHeader(name, value);
        }
    }

    private static CamelContext started(CamelContext context) {
        context.start();
        return context;
    }
}
