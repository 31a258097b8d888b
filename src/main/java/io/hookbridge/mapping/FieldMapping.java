package io.hookbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookbridge.journal.JournalEvent;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an event to named values, as written by an operator in a flow file, one line a field:
 *
 * <pre>
 * event_id      = event.id
 * occurred_at   = $.created_at as timestamp
 * contact_email = $.data.contact.email or $.data.customer.email
 * </pre>
 *
 * <p>A source is a JSON path into the payload ({@code $...}) or one of the event's own
 * fields ({@code event.id}, {@code event.type}, {@code event.source}, {@code event.received_at},
 * {@code event.raw}, {@code event.summary}: a one-line description, see {@link EventSummary}).
 * {@code or} gives alternatives, tried in order; a field whose sources are all missing is
 * {@code null}, never an error. Dates and wall-clock times ({@code as date}, {@code as datetime})
 * are taken in the mapping's time zone.
 */
public final class FieldMapping {

    private static final Pattern LINE =
            Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+?)(?:\\s+as\\s+([A-Za-z]+))?$");
    private static final Pattern OR = Pattern.compile("\\s+or\\s+");

    private final List<Field> fields;
    private final ZoneId zone;

    private FieldMapping(List<Field> fields, ZoneId zone) {
        this.fields = fields;
        this.zone = zone;
    }

    /** Parses a mapping whose dates are taken in UTC; the message of a failure names the line to fix. */
    public static FieldMapping parse(String spec) {
        return parse(spec, ZoneOffset.UTC);
    }

    /** Parses a mapping whose dates and wall-clock times are taken in {@code zone}. */
    public static FieldMapping parse(String spec, ZoneId zone) {
        List<Field> fields = new ArrayList<>();
        String[] lines = spec.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("mapping line " + (i + 1) + " '" + line
                        + "' is not of the form 'name = $.path [or $.other.path] [as type]'");
            }
            try {
                List<Source> sources = Arrays.stream(OR.split(matcher.group(2).trim())).map(Source::parse).toList();
                ValueType type = matcher.group(3) == null ? null : ValueType.named(matcher.group(3));
                fields.add(new Field(matcher.group(1), sources, type));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mapping line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("the mapping has no fields");
        }
        long distinct = fields.stream().map(Field::name).distinct().count();
        if (distinct != fields.size()) {
            throw new IllegalArgumentException("the mapping names a field twice");
        }
        return new FieldMapping(Collections.unmodifiableList(fields), zone);
    }

    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    /** The mapped values, in mapping order; {@code null} where the payload has no value. */
    public Map<String, Object> apply(JournalEvent event) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            try {
                values.put(field.name(), field.valueOf(event, zone));
            } catch (MappingException e) {
                throw new MappingException("field '" + field.name() + "' of " + event + ": " + e.getMessage());
            }
        }
        return values;
    }

    /** A mapped field; {@code type} is null when the line gives none (each source's own type then). */
    private record Field(String name, List<Source> sources, ValueType type) {
        Object valueOf(JournalEvent event, ZoneId zone) {
            for (Source source : sources) {
                JsonNode node = source.read(event);
                if (node != null) {
                    return (type != null ? type : source.ownType()).convert(node, zone);
                }
            }
            return null;
        }
    }

    /** Where a value comes from: null when the payload has no value there. */
    private interface Source {
        JsonNode read(JournalEvent event);

        /** The type of the value when the line gives none: text, but a timestamp for event.received_at. */
        default ValueType ownType() {
            return ValueType.TEXT;
        }

        static Source parse(String text) {
            if (text.startsWith("$")) {
                JsonPath path = JsonPath.parse(text);
                return event -> path.read(event.payload());
            }
            return switch (text) {
                case "event.id" -> event -> TextNode.valueOf(event.id());
                case "event.type" -> event -> TextNode.valueOf(event.type());
                case "event.source" -> event -> TextNode.valueOf(event.source());
                case "event.received_at" -> new Source() {
                    @Override
                    public JsonNode read(JournalEvent event) {
                        return TextNode.valueOf(event.receivedAt().atOffset(ZoneOffset.UTC).toString());
                    }

                    @Override
                    public ValueType ownType() {
                        return ValueType.TIMESTAMP;
                    }
                };
                case "event.raw" -> event -> TextNode.valueOf(event.rawText());
                case "event.summary" -> event -> TextNode.valueOf(EventSummary.of(event));
                default -> throw new IllegalArgumentException("unknown source '" + text
                        + "': use a JSON path ($.data...) or event.id, event.type, event.source,"
                        + " event.received_at, event.raw, event.summary");
            };
        }
    }
}
