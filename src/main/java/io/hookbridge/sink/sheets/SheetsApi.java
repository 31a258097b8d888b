package io.hookbridge.sink.sheets;

import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.HttpResponseException;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.AppendValuesResponse;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.Spreadsheet;
import com.google.api.services.sheets.v4.model.ValueRange;
import io.hookbridge.metrics.BridgeMetrics;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The calls the Sheets sink makes, through the Google client that the {@code google-sheets} component is
 * configured with (credentials, root URL, timeout: see {@link SheetsSetup}), each counted in
 * {@code hookbridge_sheets_calls_total}. Reads: spreadsheets.get and values.batchGet; writes:
 * spreadsheets.batchUpdate and values.append.
 */
final class SheetsApi {

    private final Supplier<Sheets> client;
    private final BridgeMetrics metrics;

    /** @param metrics where calls are counted, or null */
    SheetsApi(Supplier<Sheets> client, BridgeMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    /** spreadsheets.get: the tabs' properties only (id, title, grid size). */
    Spreadsheet spreadsheet(String spreadsheetId) throws IOException {
        return call(client.get().spreadsheets().get(spreadsheetId)
                .setFields("spreadsheetId,sheets(properties(sheetId,title,gridProperties))"));
    }

    /** values.batchGet of these A1 ranges, rows major, values as they are (numbers as numbers, dates as serials). */
    List<ValueRange> read(String spreadsheetId, List<String> ranges) throws IOException {
        List<ValueRange> values = call(client.get().spreadsheets().values().batchGet(spreadsheetId).setRanges(ranges)
                .setMajorDimension("ROWS").setValueRenderOption("UNFORMATTED_VALUE")
                .setDateTimeRenderOption("SERIAL_NUMBER")).getValueRanges();
        return values == null ? List.of() : values;
    }

    /** spreadsheets.batchUpdate: the requests applied all or none. */
    BatchUpdateSpreadsheetResponse update(String spreadsheetId, List<Request> requests) throws IOException {
        return call(client.get().spreadsheets().batchUpdate(spreadsheetId,
                new BatchUpdateSpreadsheetRequest().setRequests(requests)));
    }

    /** values.append of rows after the tab's table, inserted (never written over). */
    AppendValuesResponse append(String spreadsheetId, String range, List<List<Object>> rows, String valueInputOption)
            throws IOException {
        return call(client.get().spreadsheets().values().append(spreadsheetId, range,
                        new ValueRange().setMajorDimension("ROWS").setValues(rows))
                .setValueInputOption(valueInputOption).setInsertDataOption("INSERT_ROWS"));
    }

    private <T> T call(AbstractGoogleClientRequest<T> request) throws IOException {
        try {
            T answer = request.execute();
            count("ok");
            return answer;
        } catch (HttpResponseException e) {
            count(e.getStatusCode() == 429 ? "rate_limited" : "error");
            throw e;
        } catch (IOException | RuntimeException e) {
            count("error");
            throw e;
        }
    }

    private void count(String outcome) {
        if (metrics != null) {
            metrics.sheetsCall(outcome);
        }
    }
}
