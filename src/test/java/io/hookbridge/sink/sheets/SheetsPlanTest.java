package io.hookbridge.sink.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Where a batch's cells go, worked out without Google: header, keys, lists, positions. */
class SheetsPlanTest {

    private static final FieldMappings MAPPINGS = new FieldMappings(ZoneOffset.UTC);

    private static SheetsFlow flow(Map<String, String> parameters) {
        Map<String, String> all = new HashMap<>(Map.of("spreadsheetId", "s-1", "tab", "Contacts", "writer", "w",
                "columns", "id = $.id as long\nemail = $.email\nname = $.name"));
        all.putAll(parameters);
        return SheetsFlow.of("test-flow", all, MAPPINGS);
    }

    private static Row row(Object id, String email, String name, ListItem... items) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("email", email);
        values.put("name", name);
        return new Row(values, List.of(items));
    }

    private static List<Map<Integer, Object>> appends(SheetsPlan plan) {
        return List.copyOf(plan.appends());
    }

    private static TabContent tab(List<String> header, Map<Integer, List<Object>> columns) {
        return new TabContent(header, columns);
    }

    @Test
    void should_write_the_whole_header_of_an_empty_tab_and_append_in_order() {
        SheetsPlan plan = SheetsPlan.of(flow(Map.of()), TabContent.EMPTY,
                List.of(row(1L, "a@example.com", "Ada"), row(2L, "b@example.com", null)));

        assertThat(plan.headerCells()).containsExactly(Map.entry(0, "id"), Map.entry(1, "email"), Map.entry(2, "name"));
        assertThat(plan.addedColumns()).isEmpty();
        assertThat(appends(plan)).containsExactly(Map.of(0, 1L, 1, "a@example.com", 2, "Ada"),
                Map.of(0, 2L, 1, "b@example.com"));
        assertThat(plan.width()).isEqualTo(3);
    }

    @Test
    void should_put_cells_under_their_headers_and_add_missing_columns_after_the_last_header_cell() {
        SheetsPlan plan = SheetsPlan.of(flow(Map.of()), tab(Arrays.asList("Notes", " EMAIL ", "", "ID", "", ""), Map.of()),
                List.of(row(7L, "a@example.com", "Ada")));

        assertThat(plan.positions()).containsExactly(Map.entry("id", 3), Map.entry("email", 1), Map.entry("name", 4));
        assertThat(plan.headerCells()).containsExactly(Map.entry(4, "name"));
        assertThat(plan.addedColumns()).containsExactly("name");
        assertThat(appends(plan)).containsExactly(Map.of(3, 7L, 1, "a@example.com", 4, "Ada"));
    }

    @Test
    void should_match_a_header_written_by_a_person_but_prefer_the_exact_name() {
        SheetsFlow flow = SheetsFlow.of("f", Map.of("spreadsheetId", "s", "tab", "Sales", "writer", "w",
                "columns", "first_name = $.a\nsurname = $.b"), MAPPINGS);

        assertThat(SheetsPlan.layout(flow.columns(), true, 0, List.of("First Name", "first_name", "SURNAME "))
                .positions()).containsExactly(Map.entry("first_name", 1), Map.entry("surname", 2));
    }

    @Test
    void should_place_cells_by_position_from_the_first_column_and_write_a_header_only_into_an_empty_tab() {
        SheetsFlow flow = flow(Map.of("columnsBy", "position", "range", "Contacts!C:E", "tab", ""));

        SheetsPlan withHeader = SheetsPlan.of(flow, tab(List.of("a", "b", "Who", "Mail"), Map.of()),
                List.of(row(1L, "a@example.com", "Ada")));
        SheetsPlan empty = SheetsPlan.of(flow, TabContent.EMPTY, List.of());

        assertThat(withHeader.headerCells()).isEmpty();
        assertThat(appends(withHeader)).containsExactly(Map.of(2, 1L, 3, "a@example.com", 4, "Ada"));
        assertThat(empty.headerCells()).containsExactly(Map.entry(2, "id"), Map.entry(3, "email"), Map.entry(4, "name"));
    }

    @Test
    void should_upsert_one_row_per_key_updating_existing_rows_in_place_and_merging_new_keys_in_the_batch() {
        SheetsFlow flow = flow(Map.of("mode", "upsert", "key", "id"));
        TabContent content = tab(List.of("id", "email", "name"), Map.of(0, Arrays.asList("id", new BigDecimal("1"),
                null, new BigDecimal("3.0"))));

        SheetsPlan plan = SheetsPlan.of(flow, content, List.of(
                row(3L, "c@example.com", null),
                row(9L, "new@example.com", null),
                row(9L, null, "Nina"),
                row(3L, null, "Cy")));

        // row 3 (index 3) is written in place, its key cell left alone; key 9 is one new row with both events
        assertThat(plan.updates()).containsExactly(Map.entry(3, new java.util.TreeMap<>(Map.of(1, "c@example.com",
                2, "Cy"))));
        assertThat(appends(plan)).containsExactly(Map.of(0, 9L, 1, "new@example.com", 2, "Nina"));
        assertThat(plan.notFound()).isEmpty();
    }

    @Test
    void should_update_only_rows_that_hold_the_key_every_one_of_them_and_report_the_others() {
        SheetsFlow flow = flow(Map.of("mode", "update", "key", "email"));
        TabContent content = tab(List.of("id", "email", "name"), Map.of(1, Arrays.asList("email", " A@Example.com ",
                "b@example.com", "a@example.com")));

        SheetsPlan plan = SheetsPlan.of(flow, content, List.of(row(null, "a@example.com", "Ada"),
                row(null, "zed@example.com", "Zed"), row(null, null, "nobody")));

        assertThat(plan.updates()).containsOnlyKeys(1, 3);
        assertThat(plan.updates().get(1)).containsExactly(Map.entry(2, "Ada"));
        assertThat(appends(plan)).isEmpty();
        assertThat(plan.notFound()).containsExactly("zed@example.com");
        assertThat(plan.withoutKey()).isEqualTo(1);
    }

    @Test
    void should_add_and_remove_list_items_starting_from_the_cell_as_the_tab_holds_it() {
        SheetsFlow flow = flow(Map.of("mode", "upsert", "key", "id",
                "lists", "tags += $.tag when contact.tag.added\ntags -= $.tag when contact.tag.removed"));
        TabContent content = tab(List.of("id", "email", "name", "tags"),
                Map.of(0, Arrays.asList("id", new BigDecimal("1")), 3, Arrays.asList("tags", "VIP, Old ,")));

        SheetsPlan plan = SheetsPlan.of(flow, content, List.of(
                row(1L, null, null, new ListItem("tags", "Buyer", true)),
                row(1L, null, null, new ListItem("tags", "VIP", true)),
                row(1L, null, null, new ListItem("tags", "Old", false)),
                row(2L, null, null, new ListItem("tags", "New", true)),
                row(2L, null, null, new ListItem("tags", "Gone", false))));

        assertThat(plan.updates().get(1)).containsExactly(Map.entry(3, "VIP, Buyer"));
        assertThat(appends(plan)).containsExactly(Map.of(0, 2L, 3, "New"));
    }

    @Test
    void should_take_a_number_key_typed_as_text_or_read_as_a_decimal_for_the_same_key() {
        assertThat(SheetsPlan.keyText(612661L)).isEqualTo("612661");
        assertThat(SheetsPlan.keyText(new BigDecimal("612661.0"))).isEqualTo("612661");
        assertThat(SheetsPlan.keyText(" 612661 ")).isEqualTo("612661");
        assertThat(SheetsPlan.keyText("Ada@Example.com")).isEqualTo("ada@example.com");
        assertThat(SheetsPlan.keyText("  ")).isNull();
    }

    @Test
    void should_refuse_a_flow_that_does_not_read_and_name_the_parameter() {
        assertThatThrownBy(() -> flow(Map.of("mode", "upsert")))
                .hasMessage("flow 'test-flow': mode upsert needs a key: the column whose value finds an event's row,"
                        + " one of [id, email, name]");
        assertThatThrownBy(() -> flow(Map.of("mode", "update", "key", "order")))
                .hasMessage("flow 'test-flow': key 'order' is not one of its columns [id, email, name]");
        assertThatThrownBy(() -> flow(Map.of("mode", "merge")))
                .hasMessage("flow 'test-flow': mode must be [append, update, upsert], not 'merge'");
        assertThatThrownBy(() -> flow(Map.of("columnsBy", "name")))
                .hasMessage("flow 'test-flow': columnsBy must be header or position, not 'name'");
        assertThatThrownBy(() -> flow(Map.of("mode", "upsert", "key", "id", "valueInputOption", "USER_ENTERED")))
                .hasMessageContaining("USER_ENTERED only adds rows");
        assertThatThrownBy(() -> flow(Map.of("mode", "upsert", "key", "id", "lists", "tags + $.tag")))
                .hasMessageContaining("lists line 1 'tags + $.tag' is not of the form");
        assertThatThrownBy(() -> flow(Map.of("lists", "tags += $.tag when contact.tag.added")))
                .hasMessageContaining("lists change a row's cell: set mode to update or upsert");
    }
}
