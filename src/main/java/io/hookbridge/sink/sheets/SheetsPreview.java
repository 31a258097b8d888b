package io.hookbridge.sink.sheets;

import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.FieldMappings;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Google Sheets flow would write for one event, for the console's preview: the flow read as
 * the sink reads it ({@link SheetsFlow#of}), the event mapped as the sink maps it, each cell shown
 * as a person sees it in the sheet, and the items of its list columns. Calls nothing.
 */
public final class SheetsPreview {

    /** The tab, how rows are found, and the cells by column; list columns give "+item" or "-item". */
    public record Cells(String spreadsheetId, String tab, String mode, String key, boolean byHeader,
            Map<String, Object> cells) {
    }

    private final FieldMappings mappings;
    private final ZoneId zone;

    public SheetsPreview(ZoneId zone) {
        this.mappings = new FieldMappings(zone);
        this.zone = zone;
    }

    /**
     * A cell as the sheet shows it: dates and times in the flow's zone, numbers as numbers, text as
     * it is (RAW), or as typed, with the apostrophe that keeps a formula text (USER_ENTERED).
     */
    private Object shown(SheetsFlow flow, Object value) {
        Object typed = CellValues.typed(value, zone);
        boolean text = value != null && !(value instanceof Number) && !(value instanceof Boolean)
                && !(value instanceof java.time.temporal.TemporalAccessor);
        return text && !flow.userEntered() ? value.toString() : typed;
    }

    /** @param parameters the flow's template parameters, defaults included, placeholders resolved */
    public Cells of(String flowName, Map<String, String> parameters, JournalEvent event) {
        SheetsFlow flow = SheetsFlow.of(flowName, parameters, mappings);
        Map<String, Object> cells = new LinkedHashMap<>();
        flow.mapping().apply(event).forEach((column, value) -> cells.put(column, shown(flow, value)));
        for (SheetsFlow.ListChange change : flow.lists()) {
            Object item = change.itemOf(event);
            if (item != null && !item.toString().isBlank()) {
                cells.put(change.column(), (change.add() ? "+" : "-") + item.toString().trim());
            }
        }
        return new Cells(flow.spreadsheetId(), flow.tab(), flow.mode().name().toLowerCase(java.util.Locale.ROOT),
                flow.key(), flow.byHeader(), cells);
    }
}
