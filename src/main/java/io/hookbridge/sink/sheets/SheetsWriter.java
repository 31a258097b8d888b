package io.hookbridge.sink.sheets;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.Sheet;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.Spreadsheet;
import com.google.api.services.sheets.v4.model.UpdateSheetPropertiesRequest;
import com.google.api.services.sheets.v4.model.ValueRange;
import io.hookbridge.delivery.RetryLaterException;
import io.hookbridge.journal.JournalEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the batches of the Sheets flows into their tabs, and sets spreadsheets up at startup.
 *
 * <p>A batch costs at most one read and one write: the read (values.batchGet of the header row and, for a keyed
 * flow, its key and list columns) only when what the writer knows of the tab is older than
 * {@code hookbridge.sheets.header-refresh} (the header) or {@code hookbridge.sheets.key-refresh} (the key and list
 * columns); the write is one spreadsheets.batchUpdate, which Google applies whole or not at all, and which makes a
 * missing tab, writes its header, writes cells in place and appends rows together (see {@link SheetsRequests}). A
 * flow with valueInputOption USER_ENTERED appends with values.append instead (a second write when its tab needed
 * setting up). The tabs of each spreadsheet (ids and grid sizes, from spreadsheets.get) are known for as long as
 * the header.
 *
 * <p>Whatever a failed call may have left, the writer forgets what it knew of the tab, so the next attempt reads it
 * again: a batch that was written but whose answer was lost finds its rows by their keys instead of adding them
 * again. Google's 403 (not shared) and 404 (no such spreadsheet) and a tab that changed shape under the write (a
 * tab deleted, a grid smaller than thought) fail the batch with a {@link RetryLaterException}: it is retried whole
 * on the flow's schedule.
 *
 * <p>One call at a time per spreadsheet: the startup check and the delivery worker take turns.
 */
final class SheetsWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SheetsWriter.class);

    /** A tab as spreadsheets.get describes it. */
    record Tab(int sheetId, String title, int columns) {
    }

    /** What the writer knows of one spreadsheet. */
    private static final class Known {
        final Object lock = new Object();
        /** By title; null when not known. */
        Map<String, Tab> tabs;
        Instant tabsAt;
        final Map<String, TabCopy> copies = new HashMap<>();
    }

    /** What the writer knows of one tab: its header row, and some of its columns, each with when it was read. */
    private static final class TabCopy {
        List<String> header;
        Instant headerAt;
        Map<Integer, List<Object>> columns = new HashMap<>();
        Instant columnsAt;
    }

    private final SheetsApi api;
    private final Clock clock;
    private final Duration headerRefresh;
    private final Duration keyRefresh;
    private final ZoneId zone;
    private final String account;
    private final BiFunction<String, String, List<String>> tabColumns;
    private final Map<String, Known> spreadsheets = new ConcurrentHashMap<>();

    /**
     * @param account    who the bridge writes as, for the operator: "the service account x@y.iam.gserviceaccount.com"
     * @param tabColumns the columns of a tab's header (spreadsheet id, title): those of all its flows
     */
    SheetsWriter(SheetsApi api, Clock clock, Duration headerRefresh, Duration keyRefresh, ZoneId zone, String account,
            BiFunction<String, String, List<String>> tabColumns) {
        this.tabColumns = tabColumns;
        this.api = api;
        this.clock = clock;
        this.headerRefresh = headerRefresh;
        this.keyRefresh = keyRefresh;
        this.zone = zone;
        this.account = account;
    }

    /**
     * Writes one batch of the flow's events.
     *
     * @return how many write calls it made (0 when the batch had nothing to write)
     */
    int write(SheetsFlow flow, List<JournalEvent> events) throws IOException {
        List<SheetsPlan.Row> rows = rows(flow, events);
        Known known = known(flow.spreadsheetId());
        synchronized (known.lock) {
            try {
                return write(flow, rows, known);
            } catch (GoogleJsonResponseException e) {
                forget(known, flow.tab());
                RetryLaterException later = understood(e, flow.spreadsheetId(), flow.tab());
                if (later != null) {
                    throw later;
                }
                throw e;
            } catch (IOException | RuntimeException e) {
                forget(known, flow.tab());
                throw e;
            }
        }
    }

    private int write(SheetsFlow flow, List<SheetsPlan.Row> rows, Known known) throws IOException {
        Instant now = clock.instant();
        Map<String, Tab> tabs = tabs(flow.spreadsheetId(), known, now);
        Tab tab = tabs.get(flow.tab());
        TabCopy copy = known.copies.computeIfAbsent(flow.tab(), title -> new TabCopy());
        SheetsPlan.TabContent content = tab == null ? SheetsPlan.TabContent.EMPTY : content(flow, copy, now);
        SheetsPlan plan = SheetsPlan.of(flow, content, rows, tabColumns.apply(flow.spreadsheetId(), flow.tab()));
        int calls = 0;
        if (!plan.writesNothing()) {
            int sheetId = tab == null ? newSheetId(tabs.values()) : tab.sheetId();
            int gridColumns = tab == null ? 0 : tab.columns();
            if (flow.userEntered()) {
                calls = appendTyped(flow, plan, sheetId, tab == null, gridColumns);
            } else {
                api.update(flow.spreadsheetId(), SheetsRequests.of(plan, flow.tab(), sheetId, tab == null,
                        gridColumns, zone));
                calls = 1;
            }
            remember(known, copy, flow.tab(), tab, sheetId, plan, now);
        }
        report(flow, plan);
        return calls;
    }

    /** valueInputOption USER_ENTERED: the tab set up if needed, then the rows as typed text through values.append. */
    private int appendTyped(SheetsFlow flow, SheetsPlan plan, int sheetId, boolean make, int gridColumns)
            throws IOException {
        int calls = 0;
        List<Request> setUp = SheetsRequests.setUp(plan.headerCells(), flow.tab(), sheetId, make, gridColumns,
                plan.width());
        if (!setUp.isEmpty()) {
            api.update(flow.spreadsheetId(), setUp);
            calls++;
        }
        if (!plan.appends().isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            for (SortedMap<Integer, Object> cells : plan.appends()) {
                List<Object> row = new ArrayList<>();
                for (int column = 0; column <= cells.lastKey(); column++) {
                    row.add(CellValues.typed(cells.get(column), zone));
                }
                rows.add(row);
            }
            api.append(flow.spreadsheetId(), quoted(flow.tab()), rows, "USER_ENTERED");
            calls++;
        }
        return calls;
    }

    /**
     * Opens a spreadsheet (spreadsheets.get) to learn its tabs; when it cannot be opened, says so in one line of the
     * log naming what to fix: the account to share it with (403), an id that names no spreadsheet (404). Never
     * throws: a failure stops nothing, its flows' deliveries wait and retry.
     *
     * @return whether it could be opened
     */
    boolean open(String spreadsheetId, List<SheetsFlow> flows) {
        Known known = known(spreadsheetId);
        synchronized (known.lock) {
            try {
                known.tabs = null;
                tabs(spreadsheetId, known, clock.instant());
                return true;
            } catch (IOException | RuntimeException e) {
                known.tabs = null;
                LOG.warn(cannotUse(spreadsheetId, flows, e));
                return false;
            }
        }
    }

    /**
     * Sets a spreadsheet up for its flows that are on, and says in the log what it did: tabs made, headers
     * written, columns added; or one line naming what to fix when the spreadsheet cannot be written (the account to
     * share it with). Always one write, which is also the check that the bridge may write: the setting up, or a
     * change of nothing (a tab's title set to itself) when all is set. Never throws.
     */
    void setUp(String spreadsheetId, List<SheetsFlow> flows) {
        Known known = known(spreadsheetId);
        synchronized (known.lock) {
            try {
                setUp(spreadsheetId, flows, known);
            } catch (IOException | RuntimeException e) {
                known.tabs = null;
                known.copies.clear();
                LOG.warn(cannotUse(spreadsheetId, flows, e));
            }
        }
    }

    private void setUp(String spreadsheetId, List<SheetsFlow> flows, Known known) throws IOException {
        Instant now = clock.instant();
        Map<String, Tab> tabs = tabs(spreadsheetId, known, now);
        Map<String, List<SheetsFlow>> byTab = new LinkedHashMap<>();
        SheetsFlows.inSetUpOrder(flows)
                .forEach(flow -> byTab.computeIfAbsent(flow.tab(), tab -> new ArrayList<>()).add(flow));
        List<String> existing = byTab.keySet().stream().filter(tabs::containsKey).toList();
        Map<String, List<String>> headers = new HashMap<>();
        if (!existing.isEmpty()) {
            List<ValueRange> values = api.read(spreadsheetId, existing.stream().map(tab -> quoted(tab) + "!1:1").toList());
            for (int i = 0; i < existing.size(); i++) {
                headers.put(existing.get(i), i < values.size() ? texts(values.get(i)) : List.of());
            }
        }
        List<Request> requests = new ArrayList<>();
        Map<String, SheetsPlan.Layout> layouts = new LinkedHashMap<>();
        Map<String, Integer> sheetIds = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        tabs.values().forEach(tab -> taken.add(tab.sheetId()));
        for (Map.Entry<String, List<SheetsFlow>> entry : byTab.entrySet()) {
            String title = entry.getKey();
            Set<String> columns = new LinkedHashSet<>();
            entry.getValue().forEach(flow -> columns.addAll(flow.columns()));
            boolean byHeader = entry.getValue().stream().allMatch(SheetsFlow::byHeader);
            SheetsPlan.Layout layout = SheetsPlan.layout(List.copyOf(columns), byHeader,
                    entry.getValue().get(0).firstColumn(), headers.getOrDefault(title, List.of()));
            Tab tab = tabs.get(title);
            int sheetId = tab != null ? tab.sheetId() : newSheetId(taken);
            taken.add(sheetId);
            int width = layout.headerCells().isEmpty() ? 0 : layout.headerCells().lastKey() + 1;
            requests.addAll(SheetsRequests.setUp(layout.headerCells(), title, sheetId, tab == null,
                    tab == null ? 0 : tab.columns(), width));
            layouts.put(title, layout);
            sheetIds.put(title, sheetId);
        }
        if (requests.isEmpty()) {
            // nothing to set up: a write that changes nothing, to learn whether the bridge may write
            Tab any = tabs.values().iterator().next();
            requests.add(new Request().setUpdateSheetProperties(new UpdateSheetPropertiesRequest().setFields("title")
                    .setProperties(new SheetProperties().setSheetId(any.sheetId()).setTitle(any.title()))));
        }
        api.update(spreadsheetId, requests);

        List<String> made = new ArrayList<>();
        List<String> headed = new ArrayList<>();
        for (Map.Entry<String, SheetsPlan.Layout> entry : layouts.entrySet()) {
            String title = entry.getKey();
            SheetsPlan.Layout layout = entry.getValue();
            Tab tab = tabs.get(title);
            int width = layout.headerCells().isEmpty() ? 0 : layout.headerCells().lastKey() + 1;
            if (tab == null) {
                made.add(title);
                tabs.put(title, new Tab(sheetIds.get(title), title, Math.max(SheetsRequests.NEW_TAB_COLUMNS, width)));
            } else if (width > tab.columns()) {
                tabs.put(title, new Tab(tab.sheetId(), title, width));
            }
            if (tab != null && !layout.headerCells().isEmpty() && layout.added().isEmpty()) {
                headed.add(title);
            }
            TabCopy copy = known.copies.computeIfAbsent(title, t -> new TabCopy());
            copy.header = withCells(headers.getOrDefault(title, List.of()), layout.headerCells());
            copy.headerAt = now;
            if (!layout.added().isEmpty()) {
                LOG.info("Google Sheets: added {} at the end of the header of tab {} (spreadsheet {})",
                        columnsText(layout.added()), title, spreadsheetId);
            }
        }
        LOG.info("Google Sheets: spreadsheet {} is ready for flows {}: tabs {}{}{}", spreadsheetId,
                String.join(", ", flows.stream().map(SheetsFlow::name).toList()), String.join(", ", byTab.keySet()),
                made.isEmpty() ? "" : "; made " + String.join(", ", made),
                headed.isEmpty() ? "" : "; header written in " + String.join(", ", headed));
    }

    /** The tabs of the spreadsheet, read again once older than the header refresh. */
    private Map<String, Tab> tabs(String spreadsheetId, Known known, Instant now) throws IOException {
        if (known.tabs == null || !now.isBefore(known.tabsAt.plus(headerRefresh))) {
            Spreadsheet spreadsheet = api.spreadsheet(spreadsheetId);
            Map<String, Tab> tabs = new LinkedHashMap<>();
            for (Sheet sheet : spreadsheet.getSheets() == null ? List.<Sheet>of() : spreadsheet.getSheets()) {
                SheetProperties properties = sheet.getProperties();
                Integer columns = properties.getGridProperties() == null ? null
                        : properties.getGridProperties().getColumnCount();
                tabs.put(properties.getTitle(), new Tab(properties.getSheetId() == null ? 0 : properties.getSheetId(),
                        properties.getTitle(), columns == null ? 0 : columns));
            }
            known.tabs = tabs;
            known.tabsAt = now;
        }
        return known.tabs;
    }

    /**
     * What the batch needs to know of the tab: its header, and for a keyed flow its key and list columns; read
     * (together, in one values.batchGet) when what the writer knows is older than its refresh.
     */
    private SheetsPlan.TabContent content(SheetsFlow flow, TabCopy copy, Instant now) throws IOException {
        List<String> wanted = new ArrayList<>();
        if (flow.keyed()) {
            wanted.add(flow.key());
            wanted.addAll(flow.listColumns());
        }
        boolean headerFresh = copy.header != null && now.isBefore(copy.headerAt.plus(headerRefresh));
        if (headerFresh && (wanted.isEmpty() || columnsFresh(flow, copy, wanted, now))) {
            return new SheetsPlan.TabContent(copy.header, copy.columns);
        }
        Map<String, Integer> guessed = SheetsPlan.layout(flow.columns(), flow.byHeader(), flow.firstColumn(),
                copy.header == null ? List.of() : copy.header).positions();
        List<Integer> columns = wanted.stream().map(guessed::get).distinct().toList();
        List<String> ranges = new ArrayList<>();
        ranges.add(quoted(flow.tab()) + "!1:1");
        columns.forEach(column -> ranges.add(columnRange(flow.tab(), column)));
        List<ValueRange> values = api.read(flow.spreadsheetId(), ranges);
        copy.header = values.isEmpty() ? List.of() : texts(values.get(0));
        copy.headerAt = now;
        if (wanted.isEmpty()) {
            return new SheetsPlan.TabContent(copy.header, copy.columns);
        }
        Map<Integer, List<Object>> read = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            read.put(columns.get(i), i + 1 < values.size() ? cells(values.get(i + 1)) : List.of());
        }
        // the header as read may put them elsewhere: those are read too (a second read, only then)
        Map<String, Integer> positions = SheetsPlan.layout(flow.columns(), flow.byHeader(), flow.firstColumn(),
                copy.header).positions();
        List<Integer> moved = wanted.stream().map(positions::get).distinct().filter(c -> !read.containsKey(c)).toList();
        if (!moved.isEmpty()) {
            List<ValueRange> more = api.read(flow.spreadsheetId(),
                    moved.stream().map(column -> columnRange(flow.tab(), column)).toList());
            for (int i = 0; i < moved.size(); i++) {
                read.put(moved.get(i), i < more.size() ? cells(more.get(i)) : List.of());
            }
        }
        copy.columns = read;
        copy.columnsAt = now;
        return new SheetsPlan.TabContent(copy.header, copy.columns);
    }

    private boolean columnsFresh(SheetsFlow flow, TabCopy copy, List<String> wanted, Instant now) {
        if (copy.columnsAt == null || !now.isBefore(copy.columnsAt.plus(keyRefresh))) {
            return false;
        }
        Map<String, Integer> positions = SheetsPlan.layout(flow.columns(), flow.byHeader(), flow.firstColumn(),
                copy.header).positions();
        return wanted.stream().allMatch(column -> copy.columns.containsKey(positions.get(column)));
    }

    /** After a write: the tab, its header and the columns the writer keeps, as the write left them. */
    private static void remember(Known known, TabCopy copy, String title, Tab tab, int sheetId, SheetsPlan plan,
            Instant now) {
        int width = plan.width();
        if (tab == null) {
            known.tabs.put(title, new Tab(sheetId, title, Math.max(SheetsRequests.NEW_TAB_COLUMNS, width)));
        } else if (width > tab.columns()) {
            known.tabs.put(title, new Tab(sheetId, title, width));
        }
        copy.header = withCells(copy.header == null ? List.of() : copy.header, plan.headerCells());
        if (copy.headerAt == null || tab == null) {
            copy.headerAt = now;
        }
        if (!plan.appends().isEmpty()) {
            // where Google put the new rows is not known until the key column is read again
            copy.columns = new HashMap<>();
            copy.columnsAt = null;
            return;
        }
        plan.updates().forEach((row, cells) -> cells.forEach((column, value) -> {
            List<Object> values = copy.columns.get(column);
            if (values != null) {
                while (values.size() <= row) {
                    values.add(null);
                }
                values.set(row, value);
            }
        }));
    }

    private static void forget(Known known, String title) {
        known.tabs = null;
        known.copies.remove(title);
    }

    /** Logs what a batch could not write: events whose key has no row (update mode), events without a key. */
    private void report(SheetsFlow flow, SheetsPlan plan) {
        if (!plan.addedColumns().isEmpty()) {
            LOG.info("Google Sheets: added {} at the end of the header of tab {} (spreadsheet {}) for flow {}",
                    columnsText(plan.addedColumns()), flow.tab(), flow.spreadsheetId(), flow.name());
        }
        if (!plan.notFound().isEmpty()) {
            LOG.warn("Flow {}: no row of tab {} (spreadsheet {}) has {} {}; nothing written for {} event(s)",
                    flow.name(), flow.tab(), flow.spreadsheetId(), flow.key(), String.join(", ", plan.notFound()),
                    plan.notFound().size());
        }
        if (plan.withoutKey() > 0) {
            LOG.warn("Flow {}: {} event(s) without a value for its key column {}; nothing written for them",
                    flow.name(), plan.withoutKey(), flow.key());
        }
    }

    /** A failure the operator or time can fix, as a retry; null for the others (the failure stands as it is). */
    private RetryLaterException understood(GoogleJsonResponseException e, String spreadsheetId, String tab) {
        String message = googleMessage(e);
        return switch (e.getStatusCode()) {
            case 403 -> new RetryLaterException("Google Sheets refused " + account + " access to spreadsheet "
                    + spreadsheetId + " (403 " + message + "): it is not shared with that account for editing;"
                    + " tried again until it is");
            case 404 -> new RetryLaterException("Google Sheets has no spreadsheet " + spreadsheetId + " (404 "
                    + message + "): check its id; tried again until it exists");
            case 400 -> shapeChanged(message) ? new RetryLaterException("tab " + tab + " of spreadsheet "
                    + spreadsheetId + " changed while the bridge wrote to it (" + message + "); read again at the next"
                    + " attempt") : null;
            default -> null;
        };
    }

    /** Google's words for a tab that is not as the writer thought: deleted, renamed, smaller, made meanwhile. */
    private static boolean shapeChanged(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("no grid with id") || text.contains("exceeds grid limits")
                || text.contains("unable to parse range") || text.contains("already exists");
    }

    /** The one line that says why a spreadsheet cannot be used, and what to do. */
    private String cannotUse(String spreadsheetId, List<SheetsFlow> flows, Exception failure) {
        String names = String.join(", ", flows.stream().map(SheetsFlow::name).toList());
        if (failure instanceof GoogleJsonResponseException google) {
            String message = googleMessage(google);
            if (google.getStatusCode() == 403) {
                return "Google Sheets: spreadsheet " + spreadsheetId + " does not let " + account + " edit it (403 "
                        + message + "): share the spreadsheet with it as Editor. Until then the deliveries of flows "
                        + names + " wait and retry";
            }
            if (google.getStatusCode() == 404) {
                return "Google Sheets: no spreadsheet with this id: " + spreadsheetId + " (404 " + message + "); check"
                        + " hookbridge.sheets.spreadsheet-id (or the flows' spreadsheetId): the long id in the"
                        + " spreadsheet's address, between /d/ and /edit. Until then the deliveries of flows " + names
                        + " wait and retry";
            }
            return "Google Sheets: could not set up spreadsheet " + spreadsheetId + " for flows " + names + " ("
                    + google.getStatusCode() + " " + message + "); their deliveries try when they have rows to write";
        }
        return "Google Sheets: could not reach spreadsheet " + spreadsheetId + " for flows " + names + " ("
                + failure.getClass().getSimpleName() + ": " + failure.getMessage() + "); their deliveries try when"
                + " they have rows to write";
    }

    private static String googleMessage(GoogleJsonResponseException e) {
        String message = e.getDetails() != null && e.getDetails().getMessage() != null ? e.getDetails().getMessage()
                : e.getStatusMessage();
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }

    /** Maps each event, and takes the items it adds to or removes from list columns. */
    private static List<SheetsPlan.Row> rows(SheetsFlow flow, List<JournalEvent> events) {
        List<SheetsPlan.Row> rows = new ArrayList<>(events.size());
        for (JournalEvent event : events) {
            List<SheetsPlan.ListItem> items = new ArrayList<>();
            for (SheetsFlow.ListChange change : flow.lists()) {
                Object item = change.itemOf(event);
                if (item != null && !item.toString().isBlank()) {
                    items.add(new SheetsPlan.ListItem(change.column(), item.toString().trim(), change.add()));
                }
            }
            rows.add(new SheetsPlan.Row(flow.mapping().apply(event), items));
        }
        return rows;
    }

    private Known known(String spreadsheetId) {
        return spreadsheets.computeIfAbsent(spreadsheetId, id -> new Known());
    }

    private static int newSheetId(Collection<Tab> tabs) {
        Set<Integer> taken = new HashSet<>();
        tabs.forEach(tab -> taken.add(tab.sheetId()));
        return newSheetId(taken);
    }

    /** An id for a tab the bridge makes, none of these (Google takes any non-negative int a tab does not have). */
    private static int newSheetId(Set<Integer> taken) {
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (taken.contains(id));
        return id;
    }

    private static List<String> withCells(List<String> header, SortedMap<Integer, String> cells) {
        List<String> result = new ArrayList<>(header);
        cells.forEach((column, name) -> {
            while (result.size() <= column) {
                result.add("");
            }
            result.set(column, name);
        });
        return result;
    }

    /** The cells of a one-row range as text ("" where empty). */
    private static List<String> texts(ValueRange range) {
        if (range == null || range.getValues() == null || range.getValues().isEmpty()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (Object cell : range.getValues().get(0)) {
            texts.add(cell == null ? "" : cell instanceof BigDecimal number
                    ? number.stripTrailingZeros().toPlainString() : cell.toString());
        }
        return texts;
    }

    /** The cells of a one-column range, by row (null where empty). */
    private static List<Object> cells(ValueRange range) {
        List<Object> cells = new ArrayList<>();
        if (range == null || range.getValues() == null) {
            return cells;
        }
        for (List<Object> row : range.getValues()) {
            Object cell = row == null || row.isEmpty() ? null : row.get(0);
            cells.add(cell == null || "".equals(cell) ? null : cell);
        }
        return cells;
    }

    private static String columnRange(String tab, int column) {
        String letters = SheetsFlow.columnLetters(column);
        return quoted(tab) + "!" + letters + ":" + letters;
    }

    /** A tab's title as an A1 range names it: 'Sales', quotes doubled. */
    static String quoted(String tab) {
        return "'" + tab.replace("'", "''") + "'";
    }

    private static String columnsText(List<String> columns) {
        return (columns.size() == 1 ? "column " : "columns ") + String.join(", ", columns);
    }
}
