package io.hookbridge.flow;

import io.hookbridge.mapping.FieldMapping;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Checks every flow of the route files before the first event: its sink template and
 * parameters, its types and condition, its mapping, and (for a flow that is on) what its sink
 * needs ({@link SinkCheck}). Each mistake is one message that names the file, the flow and
 * what to change.
 */
public final class FlowChecks {

    /** The parameters that hold a mapping ({@code name = $.path [as type]} lines). */
    static final List<String> MAPPING_PARAMETERS = List.of("columns", "fields");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{([^}?:]+)}}");

    /** What the sink of one template needs of a flow that is on; reports each problem. */
    public interface SinkCheck {
        void check(CheckedFlow flow, List<String> problems);
    }

    /** A flow whose parameters resolved: the template's defaults, then the flow's values, settings filled in. */
    public record CheckedFlow(FlowDeclaration declaration, Map<String, String> parameters, boolean on) {

        /** A resolved parameter, or "" when it has none. */
        public String parameter(String name) {
            return parameters.getOrDefault(name, "");
        }

        /** The event types the flow takes. */
        public List<String> types() {
            return FlowDeclaration.types(parameter(FlowDeclaration.TYPES));
        }
    }

    private final CamelContext context;
    private final ZoneId zone;
    private final Map<String, SinkCheck> sinkChecks = new HashMap<>();

    public FlowChecks(CamelContext context, ZoneId zone) {
        this.context = context;
        this.zone = zone;
    }

    /** Adds the check of the flows of this sink template. */
    public FlowChecks with(String template, SinkCheck check) {
        sinkChecks.put(template, check);
        return this;
    }

    /** Every mistake in these files' flows, each as "file, flow name: what to change"; empty when none. */
    public List<String> check(FlowFiles files) {
        List<String> problems = new ArrayList<>(files.unreadable());
        Set<String> names = new HashSet<>();
        for (FlowDeclaration flow : files.flows()) {
            List<String> found = new ArrayList<>();
            if (flow.name() == null || flow.name().isBlank()) {
                problems.add(flow.file() + ": a templatedRoute without routeId: give each flow a routeId (its name)");
                continue;
            }
            if (!names.add(flow.name())) {
                found.add("another flow has the same name: give each flow a routeId of its own");
            }
            FlowFiles.Template template = files.templates().get(flow.template());
            if (template == null) {
                found.add("routeTemplateRef '" + flow.template() + "' names no sink template; the sink templates are: "
                        + String.join(", ", files.templates().keySet()));
            } else {
                check(flow, template, found);
            }
            found.forEach(problem -> problems.add(flow.where() + ": " + problem));
        }
        return problems;
    }

    private void check(FlowDeclaration flow, FlowFiles.Template template, List<String> found) {
        String flowParameter = flow.parameters().get("flow");
        if (template.parameters().containsKey("flow") && flowParameter != null && !flowParameter.equals(flow.name())) {
            found.add("the parameter flow ('" + flowParameter + "') must be the routeId ('" + flow.name() + "')");
        }
        for (FlowFiles.Parameter parameter : template.parameters().values()) {
            if (parameter.required() && !flow.parameters().containsKey(parameter.name())) {
                found.add("the " + template.id() + " template needs the parameter " + parameter.name()
                        + (parameter.description() == null ? "" : " (" + parameter.description() + ")"));
            }
        }
        for (String given : flow.parameters().keySet()) {
            if (!template.parameters().containsKey(given) && !FlowDeclaration.FLOW_PARAMETERS.contains(given)) {
                found.add("unknown parameter '" + given + "'" + suggestion(given, template) + "; the " + template.id()
                        + " template takes: " + String.join(", ", template.parameters().keySet()) + ", and every flow: "
                        + String.join(", ", FlowDeclaration.FLOW_PARAMETERS));
            }
        }
        Map<String, String> resolved = resolve(flow, template, found);
        if (resolved == null) {
            return;
        }
        boolean on = isOn(template, resolved, found)
                && !FlowDeclaration.isSwitchedOff(context::resolvePropertyPlaceholders, flow.name());
        CheckedFlow checked = new CheckedFlow(flow, resolved, on);
        checkTypes(checked, found);
        checkCondition(checked, found);
        for (String name : MAPPING_PARAMETERS) {
            if (template.parameters().containsKey(name) && !checked.parameter(name).isBlank()) {
                try {
                    FieldMapping.parse(checked.parameter(name), zone);
                } catch (IllegalArgumentException e) {
                    found.add(name + ": " + e.getMessage());
                }
            }
        }
        SinkCheck sinkCheck = sinkChecks.get(template.id());
        if (checked.on() && sinkCheck != null && found.isEmpty()) {
            sinkCheck.check(checked, found);
        }
    }

    /** The template's defaults overlaid with the flow's values, settings ({{...}}) filled in; null when one is missing. */
    private Map<String, String> resolve(FlowDeclaration flow, FlowFiles.Template template, List<String> found) {
        Map<String, String> raw = template.withDefaults(flow.parameters());
        Map<String, String> resolved = new LinkedHashMap<>();
        boolean complete = true;
        for (Map.Entry<String, String> parameter : raw.entrySet()) {
            try {
                String value = context.resolvePropertyPlaceholders(parameter.getValue());
                resolved.put(parameter.getKey(), value == null ? "" : value);
            } catch (RuntimeException e) {
                found.add(parameter.getKey() + ": " + FlowCondition.rootMessage(e));
                complete = false;
            }
        }
        return complete ? resolved : null;
    }

    /** Whether the template's precondition holds for the flow's parameters (a flow with none is on). */
    private boolean isOn(FlowFiles.Template template, Map<String, String> parameters, List<String> found) {
        if (template.precondition() == null || template.precondition().isBlank()) {
            return true;
        }
        Matcher parameter = PARAMETER.matcher(template.precondition());
        StringBuilder text = new StringBuilder();
        while (parameter.find()) {
            String name = parameter.group(1).trim();
            String value = parameters.containsKey(name) ? parameters.get(name) : parameter.group();
            parameter.appendReplacement(text, Matcher.quoteReplacement(value.replace("'", "\\'")));
        }
        parameter.appendTail(text);
        try {
            String resolved = java.util.Objects.requireNonNullElse(context.resolvePropertyPlaceholders(text.toString()), "");
            return context.resolveLanguage("simple").createPredicate(resolved).matches(new DefaultExchange(context));
        } catch (RuntimeException e) {
            found.add("the precondition of the " + template.id() + " template cannot be evaluated: "
                    + FlowCondition.rootMessage(e));
            return false;
        }
    }

    private static void checkTypes(CheckedFlow flow, List<String> found) {
        List<String> types = flow.types();
        if (types.isEmpty()) {
            found.add("no types: name the event types that start the flow, e.g. types = customer.sale.completed"
                    + " (comma-separated, or all)");
        }
        for (String type : types) {
            if (!EventTypes.isKnown(type)) {
                found.add("unknown event type '" + type + "' in types; the types are: "
                        + String.join(", ", EventTypes.KNOWN) + " (or all)");
            }
        }
    }

    private void checkCondition(CheckedFlow flow, List<String> found) {
        String when = flow.parameter(FlowDeclaration.WHEN);
        if (when.isBlank()) {
            if (!flow.parameter(FlowDeclaration.LANGUAGE).isBlank()) {
                found.add("language is set but there is no condition (when)");
            }
            return;
        }
        try {
            FlowCondition.compile(context, flow.parameter(FlowDeclaration.LANGUAGE), when);
        } catch (IllegalArgumentException e) {
            found.add("when: " + e.getMessage());
        }
    }

    /** " (did you mean x?)" for a parameter name one or two letters off a template's parameter. */
    private static String suggestion(String given, FlowFiles.Template template) {
        List<String> candidates = new ArrayList<>(template.parameters().keySet());
        candidates.addAll(FlowDeclaration.FLOW_PARAMETERS);
        return candidates.stream().filter(name -> distance(given.toLowerCase(), name.toLowerCase()) <= 2).findFirst()
                .map(name -> " (did you mean " + name + "?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
