package io.hookbridge.sink.mail;

import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.EventSummary;
import io.hookbridge.mapping.FieldMapping;
import io.hookbridge.mapping.FieldMappings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Writes the email of the {@code email-alert} and {@code email-digest} sinks (routes/sinks):
 * subject, plain text and HTML from the flow's templates, for one event or, in a digest, for
 * every event of the batch. Recipients and sender come from the endpoint's configuration only:
 * every header is removed, and the subject is made one line, so a CRLF or a {@code Bcc:} in a
 * contact's name changes neither recipients nor headers.
 *
 * <p>Each template gets {@code events} (the events, each a map of the flow's fields plus
 * {@code event_id}, {@code type}, {@code summary}, {@code received_at}), {@code event} (the
 * first) and {@code count}. Reads the exchange properties {@code mailTemplate} (file name stem)
 * and {@code mailFields} (mapping lines) that the template sets from its parameters.
 */
public final class EmailAlertSink {

    /** camel-mail's default header for the plain-text part of a multipart/alternative message. */
    static final String ALTERNATIVE_BODY = "CamelMailAlternativeBody";
    private static final int MAX_SUBJECT = 200;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final MailTemplates templates;
    private final ZoneId zone;
    private final FieldMappings mappings;

    public EmailAlertSink(MailTemplates templates, ZoneId zone) {
        this.templates = templates;
        this.zone = zone;
        this.mappings = new FieldMappings(zone);
    }

    public void compose(Exchange exchange) throws InvalidPayloadException {
        String template = exchange.getProperty("mailTemplate", String.class);
        FieldMapping mapping = mappings.of(exchange.getProperty("mailFields", String.class));
        Message message = exchange.getMessage();
        List<Map<String, Object>> events = new ArrayList<>();
        for (Object event : message.getMandatoryBody(List.class)) {
            events.add(model((JournalEvent) event, mapping));
        }
        Map<String, Object> model = Map.of("events", events, "event", events.get(0), "count", events.size());

        String subject = oneLine(templates.render(template + ".subject.ftl", model));
        String text = templates.render(template + ".txt.ftl", model);
        String html = templates.render(template + ".html.ftlh", model);

        message.removeHeaders("*");
        message.setHeader("Subject", subject);
        message.setHeader(ALTERNATIVE_BODY, text);
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        exchange.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
        message.setBody(html);
    }

    private Map<String, Object> model(JournalEvent event, FieldMapping mapping) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_id", event.id());
        fields.put("type", event.type());
        fields.put("received_at", DATE_TIME.format(LocalDateTime.ofInstant(event.receivedAt(), zone)));
        fields.put("summary", EventSummary.of(event));
        mapping.apply(event).forEach((name, value) -> fields.put(name, display(value)));
        return fields;
    }

    /** A mapped value as a template prints it: a missing value is empty text, numbers are never grouped. */
    private static String display(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof LocalDateTime time) {
            return DATE_TIME.format(time);
        }
        return value.toString();
    }

    /** The subject on one line: line breaks and other control characters become spaces. */
    static String oneLine(String subject) {
        String line = subject.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replaceAll(" {2,}", " ").strip();
        return line.length() > MAX_SUBJECT ? line.substring(0, MAX_SUBJECT - 1) + "…" : line;
    }
}
