package io.hookbridge.flow;

import io.hookbridge.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The sink templates and the flows written in the route files, read as YAML before Camel loads
 * them, so that a mistake in a flow is reported with its file and flow in one line (Camel's own
 * errors come later, and with the whole route).
 */
public final class FlowFiles {

    /** A sink template: its parameters, and the precondition that turns its flows off. */
    public record Template(String id, String file, Map<String, Parameter> parameters, String precondition) {

        /** The template's default values overlaid with a flow's values, settings ({{...}}) not filled in. */
        public Map<String, String> withDefaults(Map<String, String> given) {
            Map<String, String> all = new LinkedHashMap<>();
            parameters.values().forEach(parameter -> {
                if (parameter.defaultValue() != null) {
                    all.put(parameter.name(), parameter.defaultValue());
                }
            });
            all.putAll(given);
            return all;
        }
    }

    /** A template parameter: required when it has no default and is not marked optional. */
    public record Parameter(String name, String defaultValue, boolean required, String description) {
    }

    /** The items a route file may list, as Camel's YAML DSL (4.17) names them. */
    static final List<String> ITEMS = List.of("route", "routeTemplate", "templatedRoute", "routeConfiguration",
            "from", "beans", "rest", "restConfiguration", "errorHandler", "onException", "onCompletion", "intercept",
            "interceptFrom", "interceptSendToEndpoint", "dataFormats");
    /** The keys of a {@code templatedRoute}, and of each of its parameters. */
    static final List<String> FLOW_KEYS = List.of("routeTemplateRef", "routeId", "prefixId", "parameters", "beans");
    static final List<String> PARAMETER_KEYS = List.of("name", "value");

    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final List<FlowDeclaration> flows = new ArrayList<>();
    private final Map<String, String> routeIds = new LinkedHashMap<>();
    private final List<String> unreadable = new ArrayList<>();

    private FlowFiles() {
    }

    /** Reads these files; a file that is not YAML, or not a list of Camel's items, is noted in {@link #unreadable()}. */
    public static FlowFiles read(List<Path> files) {
        FlowFiles read = new FlowFiles();
        Path here = Path.of("").toAbsolutePath();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            String name = absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
            read.readFile(file, name);
        }
        return read;
    }

    public Map<String, Template> templates() {
        return templates;
    }

    public List<FlowDeclaration> flows() {
        return flows;
    }

    /** The ids of the plain routes (not flows), each with its file. */
    public Map<String, String> routeIds() {
        return routeIds;
    }

    /** The sink template of each flow, by flow name. */
    public Map<String, String> templatesByFlow() {
        Map<String, String> byFlow = new LinkedHashMap<>();
        flows.stream().filter(flow -> flow.name() != null && flow.template() != null)
                .forEach(flow -> byFlow.put(flow.name(), flow.template()));
        return byFlow;
    }

    /** The files that could not be read, or list what Camel does not know, each with its file and what to change. */
    public List<String> unreadable() {
        return unreadable;
    }

    private void readFile(Path file, String name) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(name).build()).loadFromString(Files.readString(file));
        } catch (MarkedYamlEngineException e) {
            unreadable.add(name + ": not valid YAML at line " + (e.getProblemMark().map(mark -> mark.getLine() + 1)
                    .orElse(0)) + ": " + e.getProblem() + yamlHint(e));
            return;
        } catch (YamlEngineException | IOException e) {
            unreadable.add(name + ": cannot be read: " + e.getMessage());
            return;
        }
        if (document == null) {
            return;
        }
        if (!(document instanceof List<?> items)) {
            unreadable.add(name + ": a route file holds a YAML list (each item starts with '- ')");
            return;
        }
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> entry)) {
                unreadable.add(name + ": '" + item + "' is not a route file item; each item is one of "
                        + String.join(", ", ITEMS));
                continue;
            }
            for (Object key : entry.keySet()) {
                if (!ITEMS.contains(String.valueOf(key))) {
                    unreadable.add(name + ": unknown item '" + key + "'" + Texts.didYouMean(String.valueOf(key), ITEMS)
                            + "; a route file lists: " + String.join(", ", ITEMS));
                }
            }
            if (entry.get("routeTemplate") instanceof Map<?, ?> template) {
                addTemplate(template, name);
            }
            if (entry.get("templatedRoute") instanceof Map<?, ?> flow) {
                addFlow(flow, name);
            }
            if (entry.get("route") instanceof Map<?, ?> route && route.get("id") != null) {
                routeIds.putIfAbsent(text(route.get("id")), name);
            }
        }
    }

    /** What most often breaks the YAML of a flow file, when the parser's own words point at it. */
    private static String yamlHint(MarkedYamlEngineException e) {
        String problem = String.valueOf(e.getProblem()) + e.getContext();
        return problem.contains("block end") || problem.contains("mapping values are not allowed")
                ? " (check the indentation, and quote a value that holds ': ' or starts with { [ * & ! | > ' \" % @)"
                : "";
    }

    private void addTemplate(Map<?, ?> template, String file) {
        String id = text(template.get("id"));
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        if (template.get("parameters") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> parameter && parameter.get("name") != null) {
                    String defaultValue = parameter.containsKey("defaultValue") ? text(parameter.get("defaultValue")) : null;
                    boolean required = defaultValue == null && !"false".equals(text(parameter.get("required")));
                    parameters.put(text(parameter.get("name")), new Parameter(text(parameter.get("name")), defaultValue,
                            required, text(parameter.get("description"))));
                }
            }
        }
        String precondition = template.get("route") instanceof Map<?, ?> route ? text(route.get("precondition")) : null;
        if (id != null) {
            templates.put(id, new Template(id, file, parameters, precondition));
        }
    }

    private void addFlow(Map<?, ?> flow, String file) {
        List<String> problems = new ArrayList<>();
        for (Object key : flow.keySet()) {
            if (!FLOW_KEYS.contains(String.valueOf(key))) {
                problems.add("unknown key '" + key + "'" + Texts.didYouMean(String.valueOf(key), FLOW_KEYS)
                        + "; a templatedRoute takes: " + String.join(", ", FLOW_KEYS));
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (flow.get("parameters") instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> parameter) || parameter.get("name") == null) {
                    problems.add("a parameter without a name: write each as '- name: ...' and 'value: ...'");
                    continue;
                }
                String parameterName = text(parameter.get("name"));
                for (Object key : parameter.keySet()) {
                    if (!PARAMETER_KEYS.contains(String.valueOf(key))) {
                        problems.add("parameter " + parameterName + ": unknown key '" + key + "'"
                                + Texts.didYouMean(String.valueOf(key), PARAMETER_KEYS) + "; a parameter has a name and a value");
                    }
                }
                if (!parameter.containsKey("value")) {
                    problems.add("parameter " + parameterName + " has no value: add 'value: ...' (value: \"\" for empty)");
                }
                if (parameters.put(parameterName, parameter.get("value") == null ? "" : text(parameter.get("value")))
                        != null) {
                    problems.add("the parameter " + parameterName + " is given twice: keep one");
                }
            }
        } else if (flow.containsKey("parameters")) {
            problems.add("parameters is not a list: write each parameter as '- name: ...' and 'value: ...'");
        }
        String name = text(flow.get("routeId"));
        if (name == null && problems.isEmpty()) {
            problems.add("no routeId: give the flow its name as routeId, the same as its flow parameter");
        }
        if (!flow.containsKey("routeTemplateRef")) {
            problems.add("no routeTemplateRef: name the sink template the flow uses (a routeTemplate id under routes/sinks/)");
        }
        flows.add(new FlowDeclaration(name == null ? parameters.get("flow") : name, file,
                text(flow.get("routeTemplateRef")), parameters, problems));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
