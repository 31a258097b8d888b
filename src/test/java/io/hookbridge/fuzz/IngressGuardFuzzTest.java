package io.hookbridge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.ingress.AutomationRuleWebhooks;
import io.hookbridge.ingress.IngressGuard;
import io.hookbridge.ingress.access.ClientAddresses;
import io.hookbridge.ingress.access.IpRanges;
import io.hookbridge.ingress.access.WebhookToken;
import io.hookbridge.payload.IncomingWebhook;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.web.RequestRejectedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Timeout;

/**
 * The ingress guard on a POST with any body, Content-Type and User-Agent: it refuses with a 4xx
 * (413 exactly when the body is over the limit) or accepts with the event's type, and in both
 * cases leaves no inbound header on the message.
 *
 * <p>Input layout ({@link FuzzedDataProvider}): the Content-Type, a backslash and one more byte,
 * the User-Agent, a backslash and one more byte, then the raw body; an empty header is left
 * unset. The inputs in {@code IngressGuardFuzzTestInputs/guard/} are the systeme.io samples laid
 * out this way, for example {@code application/json\;systeme.io\;{"type": ...}}.
 */
class IngressGuardFuzzTest {

    private static final int MAX_BODY_BYTES = 3_000;
    private static final int MAX_HEADER_LENGTH = 600;
    private static final String REMOTE_ADDRESS = "203.0.113.7";
    /** The address's token, sent right: this test is about the body (WebhookAccessTest covers the token). */
    private static final String TOKEN = "fuzz-token-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CamelContext CAMEL = started(new DefaultCamelContext());
    private static final IngressGuard GUARD = guard();

    /** The guard as the bridge builds it, with a small body limit so that the fuzzer reaches it. */
    private static IngressGuard guard() {
        WebhookToken token = WebhookToken.resolve(TOKEN, Path.of("unused"), "", line -> { });
        return new IngressGuard(new AutomationRuleWebhooks(token), new PayloadParser(),
                new ClientAddresses(IpRanges.parse("", "none"), ClientAddresses.ForwardingHeader.X_FORWARDED_FOR),
                MAX_BODY_BYTES, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void guard(FuzzedDataProvider data) {
        String contentType = data.consumeString(MAX_HEADER_LENGTH);
        String userAgent = data.consumeString(MAX_HEADER_LENGTH);
        byte[] body = data.consumeRemainingAsBytes();
        Exchange exchange = post(body, contentType, userAgent);

        try {
            GUARD.process(exchange);
        } catch (RequestRejectedException rejected) {
            assertThat(rejected.status()).isBetween(400, 499);
            assertThat(rejected.status() == 413).as("413 for a body of %d bytes", body.length)
                    .isEqualTo(body.length > MAX_BODY_BYTES);
            assertThat(rejected.code()).isNotBlank();
            assertThat(exchange.getMessage().getHeaders()).isEmpty();
            return;
        }
        assertThat(exchange.getMessage().getHeaders()).isEmpty();
        assertAccepted(exchange, body, contentType, userAgent);
    }

    private static void assertAccepted(Exchange exchange, byte[] body, String contentType, String userAgent) {
        String type = exchange.getProperty(IngressGuard.TYPE_PROPERTY, String.class);
        assertThat(type).isNotBlank().hasSizeLessThanOrEqualTo(255)
                .as("a type the journal can store").doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
        IncomingWebhook webhook = exchange.getProperty(IncomingWebhook.PROPERTY, IncomingWebhook.class);
        assertThat(webhook.source()).isEqualTo("systeme");
        assertThat(webhook.type()).isEqualTo(type);
        assertThat(webhook.rawBody()).isEqualTo(body);
        assertThat(webhook.receivedAt()).isEqualTo(NOW);
        assertThat(webhook.remoteAddress()).isEqualTo(REMOTE_ADDRESS);
        assertThat(webhook.headersJson().length()).isLessThanOrEqualTo(4000);
        JsonNode headers = readJson(webhook.headersJson());
        assertThat(headers.isObject()).isTrue();
        assertRecorded(headers.get("content-type"), contentType);
        assertRecorded(headers.get("user-agent"), userAgent);
        assertThat(headers.size()).isLessThanOrEqualTo(2);
    }

    /** A header is kept as sent, cut to its first 500 characters; one not sent is not recorded. */
    private static void assertRecorded(JsonNode recorded, String sent) {
        if (sent.isEmpty()) {
            assertThat(recorded).isNull();
        } else {
            assertThat(recorded.textValue()).isEqualTo(sent.length() > 500 ? sent.substring(0, 500) : sent);
        }
    }

    private static Exchange post(byte[] body, String contentType, String userAgent) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(IngressGuard.SOURCE_PROPERTY, "systeme");
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader("CamelVertxPlatformHttpRemoteAddress", REMOTE_ADDRESS);
        message.setHeader("token", TOKEN);
        if (!contentType.isEmpty()) {
            message.setHeader("Content-Type", contentType);
        }
        if (!userAgent.isEmpty()) {
            message.setHeader("User-Agent", userAgent);
        }
        message.setBody(body);
        return exchange;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("recorded headers are not JSON: " + text, e);
        }
    }

    private static CamelContext started(CamelContext context) {
        context.start();
        return context;
    }
}
