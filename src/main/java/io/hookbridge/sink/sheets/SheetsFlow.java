package io.hookbridge.sink.sheets;

import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.FieldMapping;
import io.hookbridge.mapping.FieldMappings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Google Sheets flow as its flow file declares it: the parameters of a {@code google-sheets} (or
 * {@code google-sheets-append}) templatedRoute, placeholders resolved, read once at startup. A parameter that does
 * not read stops the startup with the flow and the parameter named.
 *
 * @param name         the flow's name (its route id)
 * @param spreadsheetId the spreadsheet's id; empty while the flow is off
 * @param tab          the tab's title
 * @param firstColumn  where positional cells start (0 for column A; from a range such as {@code Sales!C:K})
 * @param mapping      the {@code columns} mapping lines
 * @param mode         append a row per event, update the rows of the event's key, or upsert
 * @param key          the column whose value finds an event's rows (update and upsert); null in append mode
 * @param byHeader     cells go under the header cell named like their column; false: in mapping order
 * @param userEntered  valueInputOption USER_ENTERED (text read as if typed; append mode only)
 * @param lists        the list columns ({@code lists} lines), kept as one cell of comma-separated items
 * @param writer       the writer whose lease lets one instance at a time write (the {@code writer} parameter)
 */
public record SheetsFlow(String name, String spreadsheetId, String tab, int firstColumn, FieldMapping mapping,
        Mode mode, String key, boolean byHeader, boolean userEntered, List<ListChange> lists, String writer) {

    /** What a flow does with an event's row. */
    public enum Mode {
        /** A new row per event. */
        APPEND,
        /** The cells of the rows whose key column holds the event's key; nothing when there is none. */
        UPDATE,
        /** As UPDATE, or a new row when no row holds the key. */
        UPSERT
    }

    /**
     * One {@code lists} line: {@code tags += $.data.tag.name when contact.tag.added} adds the value to the list in
     * the column {@code tags} for events of those types; {@code -=} removes it.
     */
    public record ListChange(String column, FieldMapping value, boolean add, Set<String> types) {

        /** The item this event adds or removes, or null when the event is not of the line's types or has none. */
        Object itemOf(JournalEvent event) {
            return types.contains(event.type()) ? value.apply(event).get(VALUE) : null;
        }
    }

    private static final String VALUE = "value";
    private static final Pattern LIST_LINE = Pattern.compile(
            "^([A-Za-z_][A-Za-z0-9_]*)\\s*(\\+=|-=)\\s*(.+?)\\s+when\\s+([A-Za-z0-9_.,\\s-]+)$");
    private static final Pattern A1_COLUMN = Pattern.compile("!\\$?([A-Za-z]{1,3})");

    /** The columns the flow writes: the mapping's, then its list columns. */
    public List<String> columns() {
        Set<String> columns = new LinkedHashSet<>(mapping.names());
        lists.forEach(list -> columns.add(list.column()));
        return List.copyOf(columns);
    }

    /** Whether the flow finds rows by a key (update, upsert). */
    public boolean keyed() {
        return mode != Mode.APPEND;
    }

    /** The list columns, each once. */
    public List<String> listColumns() {
        return lists.stream().map(ListChange::column).distinct().toList();
    }

    /**
     * Reads a flow from its template parameters as Camel holds them (template defaults included), placeholders
     * resolved.
     *
     * @throws IllegalArgumentException naming the flow and the parameter to fix
     */
    public static SheetsFlow of(String name, Map<String, String> parameters, FieldMappings mappings) {
        Parameters p = new Parameters(name, parameters);
        String tab = p.text("tab");
        int firstColumn = 0;
        if (tab.isEmpty()) {
            String range = p.text("range");
            int bang = bangOf(range);
            tab = unquoted(bang < 0 ? range : range.substring(0, bang));
            Matcher column = A1_COLUMN.matcher(range);
            if (bang >= 0 && column.find(bang)) {
                firstColumn = columnIndex(column.group(1));
            }
        }
        if (tab.isEmpty()) {
            throw p.refused("tab", "the title of a tab of the spreadsheet, such as Sales");
        }
        FieldMapping mapping;
        try {
            mapping = mappings.of(p.text("columns"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("flow '" + name + "': columns: " + e.getMessage(), e);
        }
        Mode mode = p.choice("mode", "append", Mode.class);
        String key = p.text("key");
        if (mode != Mode.APPEND && key.isEmpty()) {
            throw new IllegalArgumentException("flow '" + name + "': mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " needs a key: the column whose value finds an event's row, one of " + mapping.names());
        }
        if (!key.isEmpty() && !mapping.names().contains(key)) {
            throw new IllegalArgumentException("flow '" + name + "': key '" + key + "' is not one of its columns "
                    + mapping.names());
        }
        if (mode == Mode.APPEND && !key.isEmpty()) {
            throw new IllegalArgumentException("flow '" + name + "': a key finds rows to update: set mode to update"
                    + " or upsert, or leave the key out");
        }
        String columnsBy = p.text("columnsBy").isEmpty() ? "header" : p.text("columnsBy").toLowerCase(Locale.ROOT);
        if (!columnsBy.equals("header") && !columnsBy.equals("position")) {
            throw p.refused("columnsBy", "header or position");
        }
        String valueInputOption = p.text("valueInputOption").isEmpty() ? "RAW" : p.text("valueInputOption");
        if (!valueInputOption.equals("RAW") && !valueInputOption.equals("USER_ENTERED")) {
            throw p.refused("valueInputOption", "RAW or USER_ENTERED");
        }
        boolean userEntered = valueInputOption.equals("USER_ENTERED");
        if (userEntered && mode != Mode.APPEND) {
            throw new IllegalArgumentException("flow '" + name + "': valueInputOption USER_ENTERED only adds rows:"
                    + " use it with mode append");
        }
        List<ListChange> lists = lists(name, p.text("lists"), mapping, mappings);
        if (!lists.isEmpty() && mode == Mode.APPEND) {
            throw new IllegalArgumentException("flow '" + name + "': lists change a row's cell: set mode to update"
                    + " or upsert");
        }
        return new SheetsFlow(name, p.text("spreadsheetId"), tab, columnsBy.equals("position") ? firstColumn : 0,
                mapping, mode, key.isEmpty() ? null : key, columnsBy.equals("header"), userEntered, lists,
                p.text("writer"));
    }

    private static List<ListChange> lists(String flow, String text, FieldMapping mapping, FieldMappings mappings) {
        List<ListChange> lists = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LIST_LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("flow '" + flow + "': lists line " + (i + 1) + " '" + line
                        + "' is not of the form 'column += $.path when event.type[,other.type]' (or -=)");
            }
            String column = matcher.group(1);
            if (mapping.names().contains(column)) {
                throw new IllegalArgumentException("flow '" + flow + "': lists line " + (i + 1) + ": " + column
                        + " is also a mapped column; a list column takes its cell from its lists lines only");
            }
            FieldMapping value;
            try {
                value = mappings.of(VALUE + " = " + matcher.group(3));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("flow '" + flow + "': lists line " + (i + 1) + " '" + line + "': "
                        + e.getMessage(), e);
            }
            Set<String> types = new LinkedHashSet<>(Arrays.stream(matcher.group(4).split(","))
                    .map(String::trim).filter(type -> !type.isEmpty()).toList());
            lists.add(new ListChange(column, value, matcher.group(2).equals("+="), Set.copyOf(types)));
        }
        return List.copyOf(lists);
    }

    /** Where the tab's title ends in an A1 range: its '!' outside quotes ('Q1!Sales'!A:C), or -1 when it has none. */
    private static int bangOf(String range) {
        boolean quoted = false;
        for (int i = 0; i < range.length(); i++) {
            char c = range.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '!' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquoted(String tab) {
        String trimmed = tab.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
            return trimmed.substring(1, trimmed.length() - 1).replace("''", "'");
        }
        return trimmed;
    }

    /** The 0-based index of A1 column letters: A is 0, AA is 26. */
    static int columnIndex(String letters) {
        int number = 0;
        for (char letter : letters.toUpperCase(Locale.ROOT).toCharArray()) {
            number = number * 26 + (letter - 'A' + 1);
        }
        return number - 1;
    }

    /** A1 column letters of a 0-based column index: 0 is A, 26 is AA. */
    static String columnLetters(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }

    private record Parameters(String flow, Map<String, String> raw) {

        String text(String name) {
            String value = raw.get(name);
            return value == null ? "" : value.trim();
        }

        <E extends Enum<E>> E choice(String name, String defaultValue, Class<E> type) {
            String value = text(name).isEmpty() ? defaultValue : text(name);
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw refused(name, Arrays.stream(type.getEnumConstants())
                        .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList().toString());
            }
        }

        IllegalArgumentException refused(String name, String expected) {
            return new IllegalArgumentException("flow '" + flow + "': " + name + " must be " + expected + ", not '"
                    + text(name) + "'");
        }
    }
}
