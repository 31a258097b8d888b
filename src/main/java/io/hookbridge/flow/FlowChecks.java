package io.hookbridge.flow;

import io.hookbridge.Texts;
import io.hookbridge.mapping.FieldMapping;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Checks every flow of the route files before the first event: how it is written, its name,
 * its sink template and parameters, the settings they name, its types and condition, its
 * mapping, and what its sink needs ({@link SinkCheck}). Each mistake is one message that names
 * the file, the flow and what to change.
 */
public final class FlowChecks {

    /** The parameters that hold a mapping ({@code name = $.path [as type]} lines). */
    static final List<String> MAPPING_PARAMETERS = List.of("columns", "fields");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{([^}?:]+)}}");
    private static final Pattern MISSING_SETTING = Pattern.compile("Property with key \\[([^]]+)] not found");

    /**
     * What the sink of one template needs of a flow; reports each problem. It sees every flow
     * whose parameters resolved without a mistake, on or off: what Camel needs to make the flow's
     * route (a server's address, say) is checked when it is {@linkplain CheckedFlow#built() built}.
     */
    public interface SinkCheck {
        void check(CheckedFlow flow, List<String> problems);
    }

    /**
     * A flow whose parameters resolved: the template's defaults, then the flow's values, settings
     * filled in. {@code built}: the template's precondition holds, so Camel makes its route;
     * {@code on}: built and not switched off ({@code hookbridge.flow.<name>.enabled=false}), so
     * it gets events.
     */
    public record CheckedFlow(FlowDeclaration declaration, Map<String, String> written, Map<String, String> parameters,
            boolean built, boolean on) {

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
    private final List<SinkCheck> everyFlow = new ArrayList<>();

    public FlowChecks(CamelContext context, ZoneId zone) {
        this.context = context;
        this.zone = zone;
    }

    /** Adds the check of the flows of this sink template. */
    public FlowChecks with(String template, SinkCheck check) {
        sinkChecks.put(template, check);
        return this;
    }

    /** Adds a check of every flow, whatever its template. */
    public FlowChecks withEveryFlow(SinkCheck check) {
        everyFlow.add(check);
        return this;
    }

    /** Every mistake in these files' flows, each as "file, flow name: what to change"; empty when none. */
    public List<String> check(FlowFiles files) {
        List<String> problems = new ArrayList<>(files.unreadable());
        Map<String, FlowDeclaration> names = new HashMap<>();
        for (FlowDeclaration flow : files.flows()) {
            if (flow.name() == null || flow.name().isBlank()) {
                problems.add(flow.file() + ": a templatedRoute with no routeId: give each flow a routeId (its name)");
                continue;
            }
            List<String> found = new ArrayList<>(flow.problems());
            FlowDeclaration sameName = names.putIfAbsent(flow.name(), flow);
            if (sameName != null) {
                found.add("the name " + flow.name() + " is taken by another flow" + (sameName.file().equals(flow.file())
                        ? " in this file" : ", in " + sameName.file()) + ": give each flow a name (routeId and flow) of its own");
            } else if (files.routeIds().containsKey(flow.name())) {
                found.add("the name " + flow.name() + " is the id of the route in " + files.routeIds().get(flow.name())
                        + ": give the flow a name (routeId and flow) of its own");
            }
            // a flow written wrong (a misspelled key) is told that first: the rest would follow from it
            if (flow.problems().isEmpty()) {
                FlowFiles.Template template = files.templates().get(flow.template());
                if (template == null) {
                    found.add("routeTemplateRef '" + flow.template() + "' names no sink template"
                            + Texts.didYouMean(flow.template(), files.templates().keySet()) + "; the sink templates are: "
                            + String.join(", ", files.templates().keySet()));
                } else {
                    check(flow, template, found);
                }
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
        List<String> known = new ArrayList<>(template.parameters().keySet());
        known.addAll(FlowDeclaration.FLOW_PARAMETERS);
        for (String given : flow.parameters().keySet()) {
            if (!known.contains(given)) {
                found.add("unknown parameter '" + given + "'" + Texts.didYouMean(given, known) + "; the " + template.id()
                        + " template takes: " + String.join(", ", template.parameters().keySet()) + ", and every flow: "
                        + String.join(", ", FlowDeclaration.FLOW_PARAMETERS));
            }
        }
        Map<String, String> resolved = resolve(flow, template, found);
        if (resolved == null) {
            return;
        }
        boolean built = isBuilt(template, resolved, found);
        boolean on = built && !FlowDeclaration.isSwitchedOff(context::resolvePropertyPlaceholders, flow.name());
        CheckedFlow checked = new CheckedFlow(flow, template.withDefaults(flow.parameters()), resolved, built, on);
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
        if (found.isEmpty()) {
            everyFlow.forEach(check -> check.check(checked, found));
        }
        SinkCheck sinkCheck = sinkChecks.get(template.id());
        if (sinkCheck != null && found.isEmpty()) {
            sinkCheck.check(checked, found);
        }
    }

    /** The template's defaults overlaid with the flow's values, settings ({{...}}) filled in; null when one is missing. */
    private Map<String, String> resolve(FlowDeclaration flow, FlowFiles.Template template, List<String> found) {
        int before = found.size();
        Map<String, String> resolved = FlowParameters.resolve(context, template.withDefaults(flow.parameters()),
                (name, e) -> found.add(name + ": " + unresolved(e)));
        return found.size() == before ? resolved : null;
    }

    /** Why a parameter's value does not resolve: a setting it names that is not set, named, or Camel's reason. */
    private static String unresolved(RuntimeException failure) {
        String reason = FlowCondition.rootMessage(failure);
        Matcher missing = MISSING_SETTING.matcher(reason);
        if (!missing.find()) {
            return reason;
        }
        String setting = missing.group(1);
        return "the setting " + setting + " is not set: set " + setting
                + " (in application.properties or the environment), or write {{?" + setting + "}} to allow it empty";
    }

    /** Whether the template's precondition holds for the flow's parameters (a flow of a template with none is built). */
    private boolean isBuilt(FlowFiles.Template template, Map<String, String> parameters, List<String> found) {
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
                String meant = Texts.didYouMean(type, EventTypes.KNOWN);
                found.add("unknown event type '" + type + "' in types" + (meant.isEmpty() ? "; the types are: "
                        + String.join(", ", EventTypes.KNOWN) + " (or all)" : meant));
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
        String language = flow.parameter(FlowDeclaration.LANGUAGE).strip();
        if (!language.isEmpty() && !FlowCondition.LANGUAGES.contains(language.toLowerCase(Locale.ROOT))) {
            found.add("language must be jq (the default) or jsonpath, not '" + language + "'"
                    + Texts.didYouMean(language, FlowCondition.LANGUAGES));
            return;
        }
        try {
            FlowCondition.compile(context, language, when);
        } catch (IllegalArgumentException e) {
            found.add("when: " + e.getMessage());
        }
    }
}
