package io.hookbridge.sink.sheets;

import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.GridCoordinate;
import com.google.api.services.sheets.v4.model.GridProperties;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.RowData;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.UpdateCellsRequest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The requests of the one spreadsheets.batchUpdate that writes a {@link SheetsPlan}, in the order Google applies
 * them: the tab made if it is missing (addSheet, with an id of the bridge's choosing, so that the other requests
 * can name it), columns added to the grid if the rows are wider, the header cells, the cells of existing rows
 * (updateCells, one request per run of neighbouring cells), the new rows after the last row with data
 * (appendCells). Date cells also set their number format; other cells only their value, so a format the user gave
 * a column (an amount as a currency) stays.
 */
final class SheetsRequests {

    /** The grid of a tab the bridge makes: as Google makes one, or wider for a wider header. */
    static final int NEW_TAB_ROWS = 1000;
    static final int NEW_TAB_COLUMNS = 26;
    private static final String VALUE = "userEnteredValue";
    private static final String VALUE_AND_DATE_FORMAT = "userEnteredValue,userEnteredFormat.numberFormat";

    private SheetsRequests() {
    }

    /**
     * @param sheetId     the tab's id (for a tab to make, the id it is given)
     * @param make        whether the tab is missing and made by these requests
     * @param gridColumns the columns of the existing tab's grid
     */
    static List<Request> of(SheetsPlan plan, String title, int sheetId, boolean make, int gridColumns, ZoneId zone) {
        List<Request> requests = new ArrayList<>(setUp(plan.headerCells(), title, sheetId, make, gridColumns,
                plan.width()));
        plan.updates().forEach((row, cells) -> requests.addAll(updates(sheetId, row, cells, zone)));
        if (!plan.appends().isEmpty()) {
            List<RowData> rows = new ArrayList<>();
            for (SortedMap<Integer, Object> cells : plan.appends()) {
                List<CellData> values = new ArrayList<>();
                int last = cells.isEmpty() ? -1 : cells.lastKey();
                for (int column = 0; column <= last; column++) {
                    values.add(CellValues.cellData(cells.get(column), zone));
                }
                rows.add(new RowData().setValues(values));
            }
            requests.add(new Request().setAppendCells(new AppendCellsRequest().setSheetId(sheetId).setRows(rows)
                    .setFields(VALUE_AND_DATE_FORMAT)));
        }
        return requests;
    }

    /** The requests that make the tab if needed, widen its grid if needed, and write header cells. */
    static List<Request> setUp(SortedMap<Integer, String> headerCells, String title, int sheetId, boolean make,
            int gridColumns, int width) {
        List<Request> requests = new ArrayList<>();
        if (make) {
            requests.add(new Request().setAddSheet(new AddSheetRequest().setProperties(new SheetProperties()
                    .setSheetId(sheetId).setTitle(title).setGridProperties(new GridProperties()
                            .setRowCount(NEW_TAB_ROWS).setColumnCount(Math.max(NEW_TAB_COLUMNS, width))))));
        } else if (width > gridColumns) {
            requests.add(new Request().setAppendDimension(new AppendDimensionRequest().setSheetId(sheetId)
                    .setDimension("COLUMNS").setLength(width - gridColumns)));
        }
        List<Object> run = new ArrayList<>();
        int runStart = -1;
        for (Map.Entry<Integer, String> cell : headerCells.entrySet()) {
            if (runStart >= 0 && cell.getKey() != runStart + run.size()) {
                requests.add(updateCells(sheetId, 0, runStart, run, VALUE, null));
                run = new ArrayList<>();
            }
            if (run.isEmpty()) {
                runStart = cell.getKey();
            }
            run.add(cell.getValue());
        }
        if (!run.isEmpty()) {
            requests.add(updateCells(sheetId, 0, runStart, run, VALUE, null));
        }
        return requests;
    }

    /** One updateCells per run of neighbouring cells of a row that are all dates, or all not dates. */
    private static List<Request> updates(int sheetId, int row, SortedMap<Integer, Object> cells, ZoneId zone) {
        List<Request> requests = new ArrayList<>();
        List<Object> run = new ArrayList<>();
        int runStart = -1;
        boolean runOfDates = false;
        for (Map.Entry<Integer, Object> cell : cells.entrySet()) {
            boolean date = CellValues.isDate(cell.getValue());
            if (!run.isEmpty() && (cell.getKey() != runStart + run.size() || date != runOfDates)) {
                requests.add(updateCells(sheetId, row, runStart, run, runOfDates ? VALUE_AND_DATE_FORMAT : VALUE, zone));
                run = new ArrayList<>();
            }
            if (run.isEmpty()) {
                runStart = cell.getKey();
                runOfDates = date;
            }
            run.add(cell.getValue());
        }
        if (!run.isEmpty()) {
            requests.add(updateCells(sheetId, row, runStart, run, runOfDates ? VALUE_AND_DATE_FORMAT : VALUE, zone));
        }
        return requests;
    }

    private static Request updateCells(int sheetId, int row, int column, List<Object> values, String fields,
            ZoneId zone) {
        List<CellData> cells = values.stream().map(value -> CellValues.cellData(value, zone == null
                ? ZoneId.of("UTC") : zone)).toList();
        return new Request().setUpdateCells(new UpdateCellsRequest().setFields(fields)
                .setStart(new GridCoordinate().setSheetId(sheetId).setRowIndex(row).setColumnIndex(column))
                .setRows(List.of(new RowData().setValues(cells))));
    }
}
