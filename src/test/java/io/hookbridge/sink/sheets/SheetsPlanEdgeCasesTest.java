package io.hookbridge.sink.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.mapping.FieldMappings;
import io.hookbridge.sink.sheets.SheetsPlan.ListItem;
import io.hookbridge.sink.sheets.SheetsPlan.Row;
import io.hookbridge.sink.sheets.SheetsPlan.TabContent;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans of batches where it is easy to break: list items holding the separator, keys that only look alike, quoted tab titles. */
class SheetsPlanEdgeCasesTest {

    private static final FieldMappings MAPPINGS = new FieldMappings(ZoneOffset.UTC);

    private static SheetsFlow flow() {
        Map<String, String> all = new HashMap<>(Map.of("spreadsheetId", "s-1", "tab", "Contacts", "writer", "w",
                "columns", "id = $.id as long", "mode", "upsert", "key", "id",
                "lists", "tags += $.tag when contact.tag.added\ntags -= $.tag when contact.tag.removed"));
        return SheetsFlow.of("test-flow", all, MAPPINGS);
    }

    private static Row row(Object id, ListItem... items) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        return new Row(values, List.of(items));
    }

    @Test
    void a_tag_holding_a_comma_added_again_is_not_added_twice_and_can_be_removed() {
        // the row as a previous batch left it: tag "Paris, France" was added once
        TabContent content = new TabContent(List.of("id", "tags"), Map.of(
                0, Arrays.asList("id", new BigDecimal("1"), new BigDecimal("2")),
                1, Arrays.asList("tags", "Buyer, Paris, France", "Paris, France")));

        SheetsPlan plan = SheetsPlan.of(flow(), content, List.of(
                row(1L, new ListItem("tags", "Paris, France", false)),
                row(2L, new ListItem("tags", "Paris, France", true))));

        // "once, at the end" (docs/flows-and-sinks.md): re-adding must not grow the cell; removing must remove it
        assertThat(plan.updates().get(2)).containsEntry(1, "Paris, France");
        assertThat(plan.updates().get(1)).containsEntry(1, "Buyer");
    }

    @Test
    void text_keys_that_only_look_alike_as_numbers_are_different_keys() {
        // a zip code, a coupon, a phone number: "007" is not "7", "+33612" is not "33612", "1e3" is not "1000"
        assertThat(SheetsPlan.keyText("007")).isNotEqualTo(SheetsPlan.keyText("7"));
        assertThat(SheetsPlan.keyText("+33612")).isNotEqualTo(SheetsPlan.keyText("33612"));
        assertThat(SheetsPlan.keyText("1e3")).isNotEqualTo(SheetsPlan.keyText(1000L));
        // while a number and its text are one key
        assertThat(SheetsPlan.keyText("612661")).isEqualTo(SheetsPlan.keyText(612661L));
        assertThat(SheetsPlan.keyText(" 612661.50 ")).isEqualTo(SheetsPlan.keyText(new BigDecimal("612661.5")));
        assertThat(SheetsPlan.keyText("-3")).isEqualTo(SheetsPlan.keyText(-3L));
        assertThat(SheetsPlan.keyText("0.5")).isEqualTo(SheetsPlan.keyText(new BigDecimal("0.50")));
    }

    @Test
    void an_update_for_key_7_does_not_write_the_row_of_key_007() {
        TabContent content = new TabContent(List.of("id", "note"), Map.of(
                0, Arrays.asList("id", "007")));
        Map<String, String> all = new HashMap<>(Map.of("spreadsheetId", "s-1", "tab", "Codes", "writer", "w",
                "columns", "id = $.id\nnote = $.note", "mode", "upsert", "key", "id"));
        SheetsFlow flow = SheetsFlow.of("codes", all, MAPPINGS);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", "7");
        values.put("note", "seven");

        SheetsPlan plan = SheetsPlan.of(flow, content, List.of(new Row(values, List.of())));

        assertThat(plan.updates()).isEmpty();
        assertThat(plan.appends()).hasSize(1);
    }

    @Test
    void a_quoted_tab_title_holding_a_bang_reads_from_a_range_with_or_without_columns() {
        Map<String, String> base = Map.of("spreadsheetId", "s-1", "writer", "w", "columns", "id = $.id",
                "columnsBy", "position");
        Map<String, String> withColumns = new HashMap<>(base);
        withColumns.put("range", "'Q1!Sales ''24'!C:E");
        Map<String, String> withoutColumns = new HashMap<>(base);
        withoutColumns.put("range", "'Q1!Sales ''24'");

        assertThat(SheetsFlow.of("f", withColumns, MAPPINGS).tab()).isEqualTo("Q1!Sales '24");
        assertThat(SheetsFlow.of("f", withColumns, MAPPINGS).firstColumn()).isEqualTo(2);
        assertThat(SheetsFlow.of("f", withoutColumns, MAPPINGS).tab()).isEqualTo("Q1!Sales '24");
        assertThat(SheetsWriter.quoted("Q1!Sales '24")).isEqualTo("'Q1!Sales ''24'");
    }
}
