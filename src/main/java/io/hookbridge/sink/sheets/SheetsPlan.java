package io.hookbridge.sink.sheets;

import io.hookbridge.delivery.RetryLaterException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one batch of a flow writes into its tab, worked out from what the tab holds and the batch's events, without
 * calling Google: the header cells to write (the whole header of an empty tab, or columns missing from an existing
 * header, added at its end), the cells to write in place in existing rows, and the rows to append.
 *
 * <p>Columns by header: a column's cells go under the first header cell whose text equals its name, or failing
 * that equals it but for case and for spaces, dashes and underscores ({@code First name} is {@code first_name});
 * other columns of the tab are never written. Columns by position: the columns in the flow's order from its first
 * column.
 *
 * <p>Keys: in update and upsert mode an event's rows are those whose key cell holds its key (a number or text; text
 * compared without regard to case and surrounding spaces); every such row is written. Events of one key in one batch
 * go to the same rows, in order: a key that is new to the tab gets one appended row in upsert mode, which the later
 * events of the batch write into; in update mode an event whose key has no row writes nothing and is counted in
 * {@link #notFound}. A value the event does not have leaves its cell as it is in an existing row.
 *
 * <p>Lists: a list column holds items separated by commas ({@code VIP, Buyer}); an event adds its item at the end
 * (once) or removes it, starting from the cell as the tab holds it.
 */
final class SheetsPlan {

    /**
     * What the tab holds, as read.
     *
     * @param header  the cells of its first row, "" where empty; empty for a tab that is empty or does not exist
     * @param columns by column index, the values of whole columns (index 0 is the header row), as far as read
     */
    record TabContent(List<String> header, Map<Integer, List<Object>> columns) {
        static final TabContent EMPTY = new TabContent(List.of(), Map.of());
    }

    /** One event of the batch: its mapped values, and the items it adds to or removes from list columns. */
    record Row(Map<String, Object> values, List<ListItem> items) {
    }

    /** An item added to (or removed from) a list column. */
    record ListItem(String column, String item, boolean add) {
    }

    /**
     * Where a flow's columns are in a tab, and what the header lacks.
     *
     * @param positions   column name to column index
     * @param headerCells the cells of the first row to write: the whole header of an empty tab, or the added columns
     * @param added       the names added at the end of an existing header
     */
    record Layout(Map<String, Integer> positions, SortedMap<Integer, String> headerCells, List<String> added) {
    }

    /** Text that is a number as a number is written: no sign but minus, no leading zero, no exponent. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

    private final Layout layout;
    private final SortedMap<Integer, SortedMap<Integer, Object>> updates = new TreeMap<>();
    private final List<SortedMap<Integer, Object>> appends = new ArrayList<>();
    private final List<String> notFound = new ArrayList<>();
    private int withoutKey;

    private SheetsPlan(Layout layout) {
        this.layout = layout;
    }

    /** Where these columns go in a tab with this header. */
    static Layout layout(List<String> columns, boolean byHeader, int firstColumn, List<String> header) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        SortedMap<Integer, String> headerCells = new TreeMap<>();
        List<String> added = new ArrayList<>();
        boolean empty = header.stream().allMatch(cell -> cell == null || cell.isBlank());
        if (!byHeader || empty) {
            int start = byHeader ? 0 : firstColumn;
            for (int i = 0; i < columns.size(); i++) {
                positions.put(columns.get(i), start + i);
                if (empty) {
                    headerCells.put(start + i, columns.get(i));
                }
            }
            return new Layout(positions, headerCells, added);
        }
        int end = header.size();
        while (end > 0 && (header.get(end - 1) == null || header.get(end - 1).isBlank())) {
            end--;
        }
        for (String column : columns) {
            int found = find(header, column);
            if (found < 0) {
                found = end++;
                headerCells.put(found, column);
                added.add(column);
            }
            positions.put(column, found);
        }
        return new Layout(positions, headerCells, added);
    }

    /** The plan of one batch of the flow's events in a tab holding {@code content}. */
    static SheetsPlan of(SheetsFlow flow, TabContent content, List<Row> rows) {
        return of(flow, content, rows, flow.columns());
    }

    /**
     * The plan of one batch of the flow's events in a tab holding {@code content}; a header written into an empty
     * tab (by header) names {@code tabColumns}, the columns of every flow of the tab, the flow's own among them.
     */
    static SheetsPlan of(SheetsFlow flow, TabContent content, List<Row> rows, List<String> tabColumns) {
        boolean empty = content.header().stream().allMatch(cell -> cell == null || cell.isBlank());
        List<String> columns = flow.byHeader() && empty && tabColumns.containsAll(flow.columns()) ? tabColumns
                : flow.columns();
        if (flow.keyed() && flow.byHeader() && !empty && find(content.header(), flow.key()) < 0) {
            // a header without the key column (renamed, deleted, or a tab made by hand): adding it at the end
            // would find no row and make a second row for every key already in the tab
            throw new RetryLaterException("tab " + flow.tab() + " has a header without the key column " + flow.key()
                    + ": name a header cell " + flow.key() + " again (the bridge finds rows by it); the deliveries"
                    + " wait until then");
        }
        SheetsPlan plan = new SheetsPlan(layout(columns, flow.byHeader(), flow.firstColumn(), content.header()));
        if (!flow.keyed()) {
            for (Row row : rows) {
                SortedMap<Integer, Object> cells = plan.cells(row.values(), null);
                if (!cells.isEmpty()) {
                    plan.appends.add(cells);
                }
            }
            return plan;
        }
        plan.keyed(flow, content, rows);
        return plan;
    }

    private void keyed(SheetsFlow flow, TabContent content, List<Row> rows) {
        Map<String, Integer> positions = layout.positions();
        int keyColumn = positions.get(flow.key());
        Map<String, List<Integer>> rowsByKey = new HashMap<>();
        List<Object> keys = content.columns().getOrDefault(keyColumn, List.of());
        for (int row = 1; row < keys.size(); row++) {
            String key = keyText(keys.get(row));
            if (key != null) {
                rowsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
            }
        }
        Map<String, SortedMap<Integer, Object>> appended = new HashMap<>();
        Map<String, List<String>> listsOfAppended = new HashMap<>();
        Map<String, List<String>> listsOfRows = new HashMap<>();
        for (Row row : rows) {
            String key = keyText(row.values().get(flow.key()));
            if (key == null) {
                withoutKey++;
                continue;
            }
            List<Integer> existing = rowsByKey.get(key);
            if (existing != null) {
                for (int at : existing) {
                    SortedMap<Integer, Object> cells = updates.computeIfAbsent(at, r -> new TreeMap<>());
                    cells.putAll(cells(row.values(), flow.key()));
                    for (ListItem item : row.items()) {
                        int column = positions.get(item.column());
                        List<String> items = listsOfRows.computeIfAbsent(at + ":" + column, k -> items(
                                content.columns().getOrDefault(column, List.of()), at));
                        cells.put(column, changed(items, item));
                    }
                }
            } else if (appended.containsKey(key)) {
                SortedMap<Integer, Object> cells = appended.get(key);
                cells.putAll(cells(row.values(), null));
                for (ListItem item : row.items()) {
                    int column = positions.get(item.column());
                    cells.put(column, changed(listsOfAppended.computeIfAbsent(key + ":" + column,
                            k -> new ArrayList<>()), item));
                }
            } else if (flow.mode() == SheetsFlow.Mode.UPSERT) {
                SortedMap<Integer, Object> cells = cells(row.values(), null);
                for (ListItem item : row.items()) {
                    int column = positions.get(item.column());
                    cells.put(column, changed(listsOfAppended.computeIfAbsent(key + ":" + column,
                            k -> new ArrayList<>()), item));
                }
                appended.put(key, cells);
                appends.add(cells);
            } else {
                notFound.add(key);
            }
        }
    }

    /** The cells of an event's non-missing values, by column index; the key column left out when named. */
    private SortedMap<Integer, Object> cells(Map<String, Object> values, String leaveOut) {
        SortedMap<Integer, Object> cells = new TreeMap<>();
        values.forEach((name, value) -> {
            if (value != null && !name.equals(leaveOut)) {
                cells.put(layout.positions().get(name), value);
            }
        });
        return cells;
    }

    /** The header cells to write, by column index. */
    SortedMap<Integer, String> headerCells() {
        return layout.headerCells();
    }

    /** The columns added at the end of an existing header. */
    List<String> addedColumns() {
        return layout.added();
    }

    /** The column index of each of the flow's columns. */
    Map<String, Integer> positions() {
        return layout.positions();
    }

    /** Cells to write in existing rows: row index (0 is the header row) to column index to value. */
    SortedMap<Integer, SortedMap<Integer, Object>> updates() {
        return updates;
    }

    /** Rows to append, each by column index. */
    List<SortedMap<Integer, Object>> appends() {
        return appends;
    }

    /** The keys of update events that no row holds, in order. */
    List<String> notFound() {
        return notFound;
    }

    /** How many events had no value for the key. */
    int withoutKey() {
        return withoutKey;
    }

    boolean writesNothing() {
        return layout.headerCells().isEmpty() && updates.values().stream().allMatch(Map::isEmpty) && appends.isEmpty();
    }

    /** One more than the last column index written. */
    int width() {
        int last = layout.headerCells().isEmpty() ? -1 : layout.headerCells().lastKey();
        for (SortedMap<Integer, Object> cells : updates.values()) {
            last = cells.isEmpty() ? last : Math.max(last, cells.lastKey());
        }
        for (SortedMap<Integer, Object> cells : appends) {
            last = cells.isEmpty() ? last : Math.max(last, cells.lastKey());
        }
        return last + 1;
    }

    /**
     * A key as compared: a number without trailing zeros ({@code 612661.0} is {@code 612661}), also when it comes
     * as text written like a number ({@code "612661"}); other text trimmed and in lower case ({@code "007"} is not
     * {@code 7}); null for a missing or blank key.
     */
    static String keyText(Object key) {
        if (key == null) {
            return null;
        }
        if (key instanceof Number number) {
            BigDecimal decimal = number instanceof BigDecimal big ? big : new BigDecimal(number.toString());
            return decimal.stripTrailingZeros().toPlainString();
        }
        String text = key.toString().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (PLAIN_NUMBER.matcher(text).matches()) {
            // a key typed as a number in the sheet, or read back as text, is the same key; text that only parses
            // as a number (007, +33612, 1e3) is text: a zip code, a phone number, a code
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** The items of a list cell, or none when the column holds nothing at that row. */
    private static List<String> items(List<Object> column, int row) {
        List<String> items = new ArrayList<>();
        if (row < column.size() && column.get(row) != null) {
            Arrays.stream(column.get(row).toString().split(",")).map(String::trim).filter(item -> !item.isEmpty())
                    .forEach(items::add);
        }
        return items;
    }

    /**
     * The list after the item is added (at the end, once) or removed; as the cell's text. An item that holds the
     * separator ("Paris, France") is read back from the cell as its parts, so it is compared as those parts in a
     * row: added again it is found there, and removing it removes them.
     */
    private static String changed(List<String> items, ListItem item) {
        List<String> parts = Arrays.stream(item.item().split(",")).map(String::trim).filter(part -> !part.isEmpty())
                .toList();
        int at = parts.isEmpty() ? -1 : Collections.indexOfSubList(items, parts);
        if (item.add()) {
            if (at < 0) {
                items.addAll(parts);
            }
        } else if (at >= 0) {
            items.subList(at, at + parts.size()).clear();
        }
        return String.join(", ", items);
    }

    /** The header cell named like the column: the same text, or failing that the same but for case and separators. */
    private static int find(List<String> header, String column) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i) != null && header.get(i).trim().equals(column)) {
                return i;
            }
        }
        String loose = loose(column);
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i) != null && loose(header.get(i)).equals(loose)) {
                return i;
            }
        }
        return -1;
    }

    private static String loose(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
    }
}
