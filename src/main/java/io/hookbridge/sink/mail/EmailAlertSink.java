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
 * Writes the email of the {@code email-alert} and {@code email-digest} sinks (routes/sinks),
 * for one event or, in a digest, for every event of the batch. Recipients and sender come
 * from the endpoint's configuration only: every header is removed, and the subject is made
 * one line, so a CRLF or a {@code Bcc:} in a contact's name changes neither recipients nor
 * headers.
 *
 * <p>With a template ({@code <template>.txt.ftl}, and when they exist
 * {@code <template>.subject.ftl} and {@code <template>.html.ftlh}), each file gets
 * {@code events} (the events, each a map of the flow's fields plus {@code event_id},
 * {@code type}, {@code summary}, {@code received_at}), {@code event} (the first) and
 * {@code count}. Without one, the text lists the fields of each event. The subject is the
 * subject file, else the flow's {@code subject} (a one-line template with the same model),
 * else the event's summary. Reads the exchange properties {@code mailTemplate},
 * {@code mailSubject} and {@code mailFields} that the sink template sets from its parameters.
 */
public final class EmailAlertSink {

    /** camel-mail's default header for the plain-text part of a multipart/alternative message. */
    static final String ALTERNATIVE_BODY = "CamelMailAlternativeBody";
    private static final int MAX_SUBJECT = 200;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> EVENT_KEYS = List.of("event_id", "type", "received_at", "summary");

    /** One email as written: subject, plain text, and HTML (null for a text-only mail). */
    public record Mail(String subject, String text, String html) {
    }

    private final MailTemplates templates;
    private final ZoneId zone;
    private final FieldMappings mappings;

    public EmailAlertSink(MailTemplates templates, ZoneId zone) {
        this.templates = templates;
        this.zone = zone;
        this.mappings = new FieldMappings(zone);
    }

    public void compose(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        List<JournalEvent> events = new ArrayList<>();
        for (Object event : message.getMandatoryBody(List.class)) {
            events.add((JournalEvent) event);
        }
        Mail mail = write(events, exchange.getProperty("mailTemplate", "", String.class),
                exchange.getProperty("mailSubject", "", String.class), exchange.getProperty("mailFields", String.class));
        message.removeHeaders("*");
        message.setHeader("Subject", mail.subject());
        exchange.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
        if (mail.html() == null) {
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
            message.setBody(mail.text());
        } else {
            message.setHeader(ALTERNATIVE_BODY, mail.text());
            message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
            message.setBody(mail.html());
        }
    }

    /**
     * The email for these events, with a flow's template (blank: built-in), subject (blank: the
     * subject file or the summary) and fields; a template that is missing or fails throws,
     * naming its file.
     */
    public Mail write(List<JournalEvent> events, String template, String subject, String fields) {
        FieldMapping mapping = mappings.of(fields);
        List<Map<String, Object>> models = new ArrayList<>();
        for (JournalEvent event : events) {
            models.add(model(event, mapping));
        }
        Map<String, Object> model = Map.of("events", models, "event", models.get(0), "count", models.size());
        boolean custom = template != null && !template.isBlank();
        String subjectLine;
        if (custom && templates.exists(template + ".subject.ftl")) {
            subjectLine = templates.render(template + ".subject.ftl", model);
        } else if (subject != null && !subject.isBlank()) {
            subjectLine = templates.renderText("subject", subject, model);
        } else {
            subjectLine = models.size() == 1 ? EventSummary.of(events.get(0)) : models.size() + " events: "
                    + EventSummary.of(events.get(0)) + ", ...";
        }
        String text = custom ? templates.render(template + ".txt.ftl", model) : builtInText(models);
        String html = custom && templates.exists(template + ".html.ftlh") ? templates.render(template + ".html.ftlh", model)
                : null;
        return new Mail(oneLine(subjectLine), text, html);
    }

    /** The names a template finds in each event: the flow's fields, then event_id, type, received_at and summary. */
    public List<String> fieldNames(String fields) {
        List<String> names = new ArrayList<>(mappings.of(fields).names());
        names.addAll(EVENT_KEYS.stream().filter(key -> !names.contains(key)).toList());
        return names;
    }

    /** The built-in text: each event's summary and time, then its fields, one per line. */
    private static String builtInText(List<Map<String, Object>> events) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> event : events) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(event.get("summary")).append(" (").append(event.get("type")).append(", received ")
                    .append(event.get("received_at")).append(")\n\n");
            event.forEach((name, value) -> {
                if (!EVENT_KEYS.contains(name)) {
                    text.append(name).append(": ").append(value).append('\n');
                }
            });
        }
        return text.toString();
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
