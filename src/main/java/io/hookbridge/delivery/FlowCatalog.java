package io.hookbridge.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.hookbridge.flow.FlowCondition;
import io.hookbridge.flow.FlowDeclaration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;

/**
 * The flows the operator declared in routes/flows/: every route made from a sink template
 * (a {@code templatedRoute} with a {@code flow} parameter), whether it is on, and how the
 * delivery worker paces it ({@link FlowPolicy}, from the template's parameters).
 *
 * <p>A flow is off when its template's {@code precondition} is false at startup, for example
 * the Google Sheets flows while {@code hookbridge.sheets.spreadsheet-id} is empty: Camel then
 * creates no route for it, and the router does not choose it at ingress.
 * Deliveries made while it was on wait, unclaimed, until it is on again.
 */
public final class FlowCatalog implements ModelLifecycleStrategy {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}:]+)(?::[^}]*)?}}");

    private final Map<String, Declared> declared = new ConcurrentHashMap<>();
    private final Set<String> off = ConcurrentHashMap.newKeySet();
    private final Set<String> switchedOff = ConcurrentHashMap.newKeySet();
    private final Map<String, FlowPolicy> policies = new ConcurrentHashMap<>();
    private volatile Map<String, FlowPolicy> paced;
    /** takers(type) of the types some flow names, found once until a flow is added or removed. */
    private final Map<String, List<Taker>> takersByType = new ConcurrentHashMap<>();
    private volatile CamelContext context;
    private volatile Map<String, String> templates = Map.of();

    /**
     * A flow as written in its file: the raw template parameters and the template's precondition,
     * the event types that start it, and its condition (null: none).
     */
    private record Declared(Map<String, String> parameters, String precondition, List<String> types,
            FlowCondition condition) {
    }

    /** A flow that takes events of some type, with its condition (null when it has none). */
    public record Taker(String flow, FlowCondition condition) {
    }

    /** Watches the route definitions of this context as they are added and removed. */
    public void watch(CamelContext camelContext) {
        this.context = camelContext;
        camelContext.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                .addModelLifecycleStrategy(this);
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        if (route == null || route.getTemplateParameters() == null
                || !route.getTemplateParameters().containsKey(FlowPolicy.FLOW)) {
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        route.getTemplateParameters().forEach((name, value) -> parameters.put(name, value == null ? "" : value.toString()));
        List<String> types = FlowDeclaration.types(resolve(parameters.getOrDefault(FlowDeclaration.TYPES, "")));
        String when = resolve(parameters.getOrDefault(FlowDeclaration.WHEN, "")).strip();
        FlowCondition condition = when.isEmpty() ? null
                : FlowCondition.compile(context, resolve(parameters.getOrDefault(FlowDeclaration.LANGUAGE, "")), when);
        declared.put(route.getRouteId(), new Declared(parameters, route.getPrecondition(), types, condition));
        if (FlowDeclaration.isSwitchedOff(this::resolve, route.getRouteId())) {
            off.add(route.getRouteId());
            switchedOff.add(route.getRouteId());
        } else {
            off.remove(route.getRouteId());
        }
        // read now, so that a pace that does not read stops the startup with its flow named
        policies.put(route.getRouteId(), FlowPolicy.of(route.getRouteId(), parameters, this::resolve));
        paced = null;
        takersByType.clear();
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        if (route != null && declared.containsKey(route.getRouteId())) {
            off.add(route.getRouteId());
            paced = null;
            takersByType.clear();
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

    /** The flows that are on and whose {@code types} name this type, by name (Camel loads the files in no set order). */
    public List<Taker> takers(String type) {
        List<Taker> known = takersByType.get(type);
        if (known != null) {
            return known;
        }
        List<Taker> found = findTakers(type);
        if (!found.isEmpty()) {
            // only types some flow names are kept, so senders cannot grow this map
            takersByType.put(type, found);
        }
        return found;
    }

    private List<Taker> findTakers(String type) {
        return declared.entrySet().stream()
                .filter(flow -> !off.contains(flow.getKey()) && flow.getValue().types().contains(type))
                .sorted(Map.Entry.comparingByKey())
                .map(flow -> new Taker(flow.getKey(), flow.getValue().condition())).toList();
    }

    /** Per event type, the flows that are on and take it (types named by no flow are left out). */
    public Map<String, List<String>> flowsByType() {
        Map<String, List<String>> byType = new java.util.TreeMap<>();
        declared.entrySet().stream().filter(flow -> !off.contains(flow.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(flow -> flow.getValue().types().forEach(type ->
                        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(flow.getKey())));
        return byType;
    }

    /** The event types a declared flow takes (empty for an unknown flow). */
    public List<String> types(String flow) {
        Declared flowDeclaration = declared.get(flow);
        return flowDeclaration == null ? List.of() : flowDeclaration.types();
    }

    /** A declared flow's condition, or null when it has none. */
    public FlowCondition condition(String flow) {
        Declared flowDeclaration = declared.get(flow);
        return flowDeclaration == null ? null : flowDeclaration.condition();
    }

    /** Whether a flow of this name is declared, on or off. */
    public boolean isDeclared(String flow) {
        return flow != null && declared.containsKey(flow);
    }

    /**
     * A declared flow's template parameters as its file gives them, settings ({{...}}) not filled
     * in (empty for an unknown flow).
     */
    public Map<String, String> parameters(String flow) {
        Declared flowDeclaration = declared.get(flow);
        return flowDeclaration == null ? Map.of() : java.util.Collections.unmodifiableMap(flowDeclaration.parameters());
    }

    /** The sink template a declared flow uses, as its file names it (null when not known). */
    public String template(String flow) {
        return templates.get(flow);
    }

    /** The sink templates of the flows, by flow name, as the flow files name them. */
    public void knowTemplates(Map<String, String> templatesByFlow) {
        templates = Map.copyOf(templatesByFlow);
    }

    /** Whether a declared flow is on. */
    public boolean isOn(String flow) {
        return declared.containsKey(flow) && !off.contains(flow);
    }

    /** The declared flows that are on, by name. */
    public List<String> declaredOn() {
        return declared.keySet().stream().filter(flow -> !off.contains(flow)).sorted().toList();
    }

    /** The declared flows that are off, by name. */
    public List<String> declaredOff() {
        return declared.keySet().stream().filter(off::contains).sorted().toList();
    }

    /**
     * What turns an off flow on: the settings its template's precondition depends on, as the
     * flow file names them (for example {@code hookbridge.sheets.spreadsheet-id}).
     */
    public Set<String> settingsThatEnable(String flow) {
        Declared flowDeclaration = declared.get(flow);
        Set<String> settings = new LinkedHashSet<>();
        if (switchedOff.contains(flow)) {
            settings.add(FlowDeclaration.enabledSetting(flow) + "=true");
            return settings;
        }
        if (flowDeclaration == null || flowDeclaration.precondition() == null) {
            return settings;
        }
        Matcher parameter = PLACEHOLDER.matcher(flowDeclaration.precondition());
        while (parameter.find()) {
            String raw = flowDeclaration.parameters().get(parameter.group(1).trim());
            if (raw != null) {
                Matcher setting = PLACEHOLDER.matcher(raw);
                while (setting.find()) {
                    settings.add(setting.group(1).trim());
                }
            }
        }
        return settings;
    }

    /**
     * How the worker paces the flow: from its template parameters, or the default for a plain
     * route. Flows sharing a writer share its strictest calls per minute.
     */
    public FlowPolicy policy(String flow) {
        FlowPolicy policy = policies.getOrDefault(flow, FlowPolicy.DEFAULT);
        if (policy.writer() == null) {
            return policy;
        }
        int strictest = policies.values().stream().filter(p -> policy.writer().equals(p.writer()))
                .mapToInt(FlowPolicy::callsPerMinute).filter(limit -> limit > 0).min().orElse(0);
        return strictest == policy.callsPerMinute() ? policy : policy.withCallsPerMinute(strictest);
    }

    /** The policies of the flows that are on and paced in some way (a writer, a pace or a batch wait). */
    public Map<String, FlowPolicy> pacedFlows() {
        Map<String, FlowPolicy> known = paced;
        if (known == null) {
            Map<String, FlowPolicy> found = new LinkedHashMap<>();
            for (String flow : declaredOn()) {
                FlowPolicy policy = policy(flow);
                if (policy.paced()) {
                    found.put(flow, policy);
                }
            }
            known = Map.copyOf(found);
            paced = known;
        }
        return known;
    }

    /** Writers shared by the flows that are on. */
    public List<String> writers() {
        List<String> writers = new ArrayList<>();
        for (FlowPolicy policy : pacedFlows().values()) {
            if (policy.writer() != null && !writers.contains(policy.writer())) {
                writers.add(policy.writer());
            }
        }
        return writers;
    }

    private String resolve(String raw) {
        CamelContext camelContext = context;
        if (camelContext == null || !raw.contains("{{")) {
            return raw;
        }
        String resolved = camelContext.resolvePropertyPlaceholders(raw);
        return resolved == null ? "" : resolved;
    }
}
