package io.hookbridge.sink.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.Request;
import io.hookbridge.mapping.FieldMappings;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one batchUpdate of a batch: its requests in order, and typed cells. */
class SheetsRequestsTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void should_make_the_tab_write_its_header_then_update_in_place_and_append_in_one_request_list() {
        SheetsFlow flow = SheetsFlow.of("contacts", Map.of("spreadsheetId", "s", "tab", "Contacts", "writer", "w",
                "mode", "upsert", "key", "id", "columns", "id = $.id as long\nseen = $.at as datetime\nname = $.name"),
                new FieldMappings(ZoneOffset.UTC));
        Map<String, Object> known = new LinkedHashMap<>();
        known.put("id", 1L);
        known.put("seen", LocalDateTime.of(2021, 9, 10, 14, 23, 33));
        known.put("name", "=SUM(1,2)");
        Map<String, Object> fresh = new LinkedHashMap<>(Map.of("id", 2L, "name", "Bo"));
        SheetsPlan plan = SheetsPlan.of(flow, new SheetsPlan.TabContent(List.of(),
                Map.of(0, Arrays.asList("id", new BigDecimal("1")))), List.of(new SheetsPlan.Row(known, List.of()),
                new SheetsPlan.Row(fresh, List.of())));

        List<Request> requests = SheetsRequests.of(plan, "Contacts", 77, true, 0, PARIS);

        assertThat(requests).extracting(SheetsRequestsTest::kind)
                .containsExactly("addSheet", "updateCells", "updateCells", "updateCells", "appendCells");
        assertThat(requests.get(0).getAddSheet().getProperties().getSheetId()).isEqualTo(77);
        // the header: one run of three cells, values only
        assertThat(requests.get(1).getUpdateCells().getRows().get(0).getValues()).hasSize(3);
        assertThat(requests.get(1).getUpdateCells().getFields()).isEqualTo("userEnteredValue");
        // row 1: the date alone with its number format, then the name as text (never read as a formula)
        assertThat(requests.get(2).getUpdateCells().getFields()).isEqualTo("userEnteredValue,userEnteredFormat.numberFormat");
        assertThat(requests.get(2).getUpdateCells().getStart().getColumnIndex()).isEqualTo(1);
        assertThat(requests.get(3).getUpdateCells().getRows().get(0).getValues().get(0).getUserEnteredValue()
                .getStringValue()).isEqualTo("=SUM(1,2)");
        List<CellData> appended = requests.get(4).getAppendCells().getRows().get(0).getValues();
        assertThat(appended).hasSize(3);
        assertThat(appended.get(0).getUserEnteredValue().getNumberValue()).isEqualTo(2.0);
        assertThat(appended.get(1).getUserEnteredValue()).isNull();
    }

    @Test
    void should_write_dates_as_sheets_dates_in_the_flow_zone_and_numbers_as_numbers() {
        CellData time = CellValues.cellData(LocalDateTime.of(2021, 9, 10, 14, 23, 33), PARIS);
        CellData instant = CellValues.cellData(OffsetDateTime.of(2021, 9, 10, 12, 23, 33, 0, ZoneOffset.UTC), PARIS);
        CellData day = CellValues.cellData(LocalDate.of(2021, 9, 10), PARIS);

        assertThat(time.getUserEnteredValue().getNumberValue()).isEqualTo(44449.5996875);
        assertThat(time.getUserEnteredFormat().getNumberFormat().getPattern()).isEqualTo("yyyy-mm-dd hh:mm:ss");
        assertThat(instant.getUserEnteredValue().getNumberValue()).isEqualTo(44449.5996875);
        assertThat(day.getUserEnteredValue().getNumberValue()).isEqualTo(44449.0);
        assertThat(day.getUserEnteredFormat().getNumberFormat().getType()).isEqualTo("DATE");
        assertThat(CellValues.cellData(new BigDecimal("5.83"), PARIS).getUserEnteredValue().getNumberValue()).isEqualTo(5.83);
        assertThat(CellValues.cellData(true, PARIS).getUserEnteredValue().getBoolValue()).isTrue();
        assertThat(CellValues.cellData(null, PARIS).getUserEnteredValue()).isNull();
        assertThat(CellValues.typed("+SUM(1,2)", PARIS)).isEqualTo("'+SUM(1,2)");
        assertThat(CellValues.typed(LocalDateTime.of(2021, 9, 10, 14, 23, 33), PARIS)).isEqualTo("2021-09-10 14:23:33");
    }

    private static String kind(Request request) {
        return request.keySet().iterator().next();
    }
}
