package io.hookbridge.sink.sheets;

import com.google.api.services.sheets.v4.model.ValueRange;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.FieldMappings;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * Prepares the append call of the {@code google-sheets-append} sink (routes/sinks): maps each
 * event of the batch to one row, in the order of the mapping's lines, and leaves the rows as a
 * {@code ValueRange} body for {@code google-sheets://data/append}.
 *
 * <p>Reads the exchange properties {@code sheetsColumns} and {@code sheetsValueInputOption}
 * that the template sets from its parameters.
 */
public final class SheetsAppendSink {

    private final FieldMappings mappings;

    /** @param zone where the dates and times of the rows are taken (hookbridge.time-zone) */
    public SheetsAppendSink(ZoneId zone) {
        this.mappings = new FieldMappings(zone);
    }

    public void rows(Exchange exchange) throws InvalidPayloadException {
        String columns = exchange.getProperty("sheetsColumns", String.class);
        String valueInputOption = exchange.getProperty("sheetsValueInputOption", String.class);
        List<?> events = exchange.getMessage().getMandatoryBody(List.class);
        List<List<Object>> rows = new ArrayList<>(events.size());
        for (Object event : events) {
            rows.add(cells((JournalEvent) event, columns, valueInputOption));
        }
        exchange.getMessage().setBody(new ValueRange().setMajorDimension("ROWS").setValues(rows));
    }

    /**
     * One event's row, cell by cell in the order of the mapping's lines, as the append call sends
     * it: with {@code USER_ENTERED}, text that Sheets would read as a formula is escaped.
     */
    public List<Object> cells(JournalEvent event, String columns, String valueInputOption) {
        if (!"RAW".equals(valueInputOption) && !"USER_ENTERED".equals(valueInputOption)) {
            throw new IllegalArgumentException("google-sheets-append valueInputOption must be RAW or USER_ENTERED, not '"
                    + valueInputOption + "'");
        }
        boolean userEntered = "USER_ENTERED".equals(valueInputOption);
        List<Object> row = new ArrayList<>();
        for (Object value : mappings.of(columns).apply(event).values()) {
            row.add(CellValues.cell(value, userEntered));
        }
        return row;
    }
}
