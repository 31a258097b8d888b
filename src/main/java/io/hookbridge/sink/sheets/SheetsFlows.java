package io.hookbridge.sink.sheets;

import io.hookbridge.mapping.FieldMappings;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;

/**
 * The Google Sheets flows of routes/flows/: every route made from a Sheets sink template (a templatedRoute with
 * {@code spreadsheetId} and {@code columns} parameters), read into a {@link SheetsFlow} as Camel adds it, so that a
 * parameter that does not read stops the startup with the flow named. The sink and the startup check look flows up
 * here.
 */
public final class SheetsFlows implements ModelLifecycleStrategy {

    private final FieldMappings mappings;
    private final Map<String, SheetsFlow> flows = new ConcurrentHashMap<>();
    private volatile CamelContext context;

    public SheetsFlows(FieldMappings mappings) {
        this.mappings = mappings;
    }

    /** Watches the route definitions of this context as they are added and removed. */
    public void watch(CamelContext camelContext) {
        this.context = camelContext;
        camelContext.getCamelContextExtension().getContextPlugin(Model.class).addModelLifecycleStrategy(this);
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        Map<String, Object> parameters = route == null ? null : route.getTemplateParameters();
        if (parameters == null || !parameters.containsKey("spreadsheetId") || !parameters.containsKey("columns")) {
            return;
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        parameters.forEach((name, value) -> resolved.put(name, resolve(value == null ? "" : value.toString())));
        flows.put(route.getRouteId(), SheetsFlow.of(route.getRouteId(), resolved, mappings));
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        if (route != null) {
            flows.remove(route.getRouteId());
        }
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates are not flows
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates are not flows
    }

    /** The flow of that name. */
    public SheetsFlow get(String name) {
        SheetsFlow flow = flows.get(name);
        if (flow == null) {
            throw new IllegalArgumentException("no Google Sheets flow '" + name + "'");
        }
        return flow;
    }

    /** The Sheets flows that are on (their route runs), by name. */
    public List<SheetsFlow> on() {
        CamelContext camelContext = context;
        return flows.values().stream()
                .filter(flow -> !flow.spreadsheetId().isEmpty())
                .filter(flow -> camelContext == null || camelContext.getRoute(flow.name()) != null)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /**
     * The columns of a tab as its header is first written: those of the flows that are on and write it, flows that
     * add rows first, each flow's columns in its order. A header written by one flow then also holds the columns of
     * the others (the "cancelled" column of a Sales tab, next to those of the sales).
     */
    public List<String> columnsOf(String spreadsheetId, String tab) {
        Set<String> columns = new LinkedHashSet<>();
        inSetUpOrder(on().stream().filter(flow -> flow.spreadsheetId().equals(spreadsheetId)
                && flow.tab().equals(tab)).toList()).forEach(flow -> columns.addAll(flow.columns()));
        return List.copyOf(columns);
    }

    /** Flows that add rows (append, upsert) first, then those that only update; by name within each. */
    static List<SheetsFlow> inSetUpOrder(List<SheetsFlow> flows) {
        return flows.stream().sorted(Comparator.comparing((SheetsFlow flow) -> flow.mode()
                == SheetsFlow.Mode.UPDATE).thenComparing(SheetsFlow::name)).toList();
    }

    private String resolve(String raw) {
        CamelContext camelContext = context;
        if (camelContext == null || !raw.contains("{{")) {
            return raw;
        }
        return camelContext.resolvePropertyPlaceholders(raw);
    }
}
