package io.hookbridge.alerts;

import io.hookbridge.alerts.DigestWriter.Digest;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Hands a digest to its channel's route in routes/alerts/: the mail (subject, plain text in
 * UTF-8) to {@code direct:operator-alert-email}, the JSON to {@code direct:operator-alert-webhook}.
 * The routes name the recipients and the address; nothing else sets a header.
 */
final class CamelTransport implements AlertSender.Transport {

    private final CamelContext context;
    private ProducerTemplate template;

    CamelTransport(CamelContext context) {
        this.context = context;
    }

    @Override
    public void send(Channel channel, Digest digest) throws Exception {
        if (template == null) {
            // made once the context runs, on the sender's one thread
            template = context.createProducerTemplate();
        }
        Exchange sent = template.send(channel.endpoint, exchange -> {
            Message message = exchange.getMessage();
            if (channel == Channel.EMAIL) {
                message.setHeader("Subject", digest.subject());
                message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
                exchange.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
                message.setBody(digest.text());
            } else {
                message.setHeader(Exchange.HTTP_METHOD, "POST");
                message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
                message.setHeader("User-Agent", "Hookbridge");
                message.setBody(digest.json());
            }
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
    }
}
