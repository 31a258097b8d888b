package io.hookbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.journal.JournalEvent;
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
 * {@code event.raw}). {@code or} gives alternatives, tried in order; a field whose sources are
 * all missing is {@code null}, never an error.
 */
public final class FieldMapping {

    private static final Pattern LINE =
            Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+?)(?:\\s+as\\s+([A-Za-z]+))?$");
    private static final Pattern OR = Pattern.compile("\\s+or\\s+");

    private final List<Field> fields;

    private FieldMapping(List<Field> fields) {
        this.fields = fields;
    }

    /** Parses a mapping; the message of a failure names the line to fix. */
    public static FieldMapping parse(String spec) {
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
                ValueType type = matcher.group(3) == null ? ValueType.TEXT : ValueType.named(matcher.group(3));
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
        return new FieldMapping(Collections.unmodifiableList(fields));
    }

    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    /** The mapped values, in mapping order; {@code null} where the payload has no value. */
    public Map<String, Object> apply(JournalEvent event) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            try {
                values.put(field.name(), field.valueOf(event));
            } catch (MappingException e) {
                throw new MappingException("field '" + field.name() + "' of " + event + ": " + e.getMessage());
            }
        }
        return values;
    }

    private record Field(String name, List<Source> sources, ValueType type) {
        Object valueOf(JournalEvent event) {
            for (Source source : sources) {
                Object value = source.read(event, type);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }

    private interface Source {
        Object read(JournalEvent event, ValueType type);

        static Source parse(String text) {
            if (text.startsWith("$")) {
                JsonPath path = JsonPath.parse(text);
                return (event, type) -> {
                    JsonNode node = path.read(event.payload());
                    return node == null ? null : type.convert(node);
                };
            }
            return switch (text) {
                case "event.id" -> (event, type) -> event.id();
                case "event.type" -> (event, type) -> event.type();
                case "event.source" -> (event, type) -> event.source();
                case "event.received_at" -> (event, type) -> event.receivedAt().atOffset(ZoneOffset.UTC);
                case "event.raw" -> (event, type) -> event.rawText();
                default -> throw new IllegalArgumentException("unknown source '" + text
                        + "': use a JSON path ($.data...) or event.id, event.type, event.source,"
                        + " event.received_at, event.raw");
            };
        }
    }
}
