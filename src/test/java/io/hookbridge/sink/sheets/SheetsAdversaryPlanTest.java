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

/** Adversarial review (issue 15): list cells whose items hold the separator. */
class SheetsAdversaryPlanTest {

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

        // "once, at the end" (README): re-adding must not grow the cell; removing must remove it
        assertThat(plan.updates().get(2)).containsEntry(1, "Paris, France");
        assertThat(plan.updates().get(1)).containsEntry(1, "Buyer");
    }
}
