package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

class FlowCatalogTest {

    private final FlowCatalog catalog = new FlowCatalog();

    private static RouteDefinition flow(String id, String precondition, Map<String, Object> parameters) {
        RouteDefinition route = new RouteDefinition();
        route.setId(id);
        route.setPrecondition(precondition);
        route.setTemplateParameters(parameters);
        return route;
    }

    @Test
    void should_leave_out_flows_whose_precondition_removed_them_and_name_the_setting_that_turns_them_on() {
        RouteDefinition sheets = flow("sales-to-sheets", "'{{spreadsheetId}}' != ''",
                Map.of("flow", "sales-to-sheets", "spreadsheetId", "{{?hookbridge.sheets.spreadsheet-id}}",
                        "types", "customer.sale.completed"));
        catalog.onAddRouteDefinition(sheets);
        catalog.onAddRouteDefinition(flow("events-to-sql", null, Map.of("flow", "events-to-sql", "types", "all")));
        catalog.onRemoveRouteDefinition(sheets);

        assertThat(catalog.takers("customer.sale.completed")).extracting(FlowCatalog.Taker::flow)
                .containsExactly("events-to-sql");
        assertThat(catalog.declaredOn()).containsExactly("events-to-sql");
        assertThat(catalog.declaredOff()).containsExactly("sales-to-sheets");
        assertThat(catalog.settingsThatEnable("sales-to-sheets")).containsExactly("hookbridge.sheets.spreadsheet-id");
    }

    @Test
    void should_read_the_pace_of_a_flow_from_its_template_parameters() {
        catalog.onAddRouteDefinition(flow("sales-to-sheets", null, Map.of("flow", "sales-to-sheets",
                "batchSize", "500", "batchWait", "2s", "writer", "google-sheets", "callsPerMinute", "55",
                "ordered", "true")));
        catalog.onAddRouteDefinition(flow("events-to-sql", null, Map.of("flow", "events-to-sql", "batchSize", "500")));

        assertThat(catalog.policy("sales-to-sheets")).isEqualTo(new FlowPolicy(500, Duration.ofSeconds(2),
                Duration.ZERO, "google-sheets", 55, true));
        assertThat(catalog.policy("http-probe")).isEqualTo(FlowPolicy.DEFAULT);
        assertThat(catalog.pacedFlows()).containsOnlyKeys("sales-to-sheets");
        assertThat(catalog.writers()).containsExactly("google-sheets");
    }

    @Test
    void should_name_the_flow_and_parameter_of_a_pace_that_does_not_read_as_soon_as_the_flow_is_added() {
        assertThatThrownBy(() -> catalog.onAddRouteDefinition(flow("digest", null,
                Map.of("flow", "digest", "every", "quarter-hour"))))
                .hasMessage("flow 'digest': every must be a duration such as 250ms, 2s or 15m, not 'quarter-hour'");
        assertThatThrownBy(() -> catalog.onAddRouteDefinition(flow("bad-batch", null,
                Map.of("flow", "bad-batch", "batchSize", "-1"))))
                .hasMessage("flow 'bad-batch': batchSize must be a whole number of 0 or more, not '-1'");
        assertThatThrownBy(() -> catalog.onAddRouteDefinition(flow("sheets", null,
                Map.of("flow", "sheets", "ordered", "yes"))))
                .hasMessage("flow 'sheets': ordered must be true or false, not 'yes'");
    }

    @Test
    void should_give_the_flows_of_one_writer_its_strictest_calls_per_minute() {
        catalog.onAddRouteDefinition(flow("sales-to-sheets", null, Map.of("flow", "sales-to-sheets",
                "writer", "google-sheets", "callsPerMinute", "55")));
        catalog.onAddRouteDefinition(flow("tags-to-sheets", null, Map.of("flow", "tags-to-sheets",
                "writer", "google-sheets", "callsPerMinute", "30")));

        assertThat(catalog.policy("sales-to-sheets").callsPerMinute()).isEqualTo(30);
        assertThat(catalog.policy("tags-to-sheets").callsPerMinute()).isEqualTo(30);
    }
}
