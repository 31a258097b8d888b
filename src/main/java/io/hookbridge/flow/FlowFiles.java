package io.hookbridge.flow;

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

    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final List<FlowDeclaration> flows = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();

    private FlowFiles() {
    }

    /** Reads these files; a file that is not YAML, or not a list, is noted in {@link #unreadable()}. */
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

    /** The sink template of each flow, by flow name. */
    public Map<String, String> templatesByFlow() {
        Map<String, String> byFlow = new LinkedHashMap<>();
        flows.stream().filter(flow -> flow.name() != null && flow.template() != null)
                .forEach(flow -> byFlow.put(flow.name(), flow.template()));
        return byFlow;
    }

    /** The files that could not be read, each with why. */
    public List<String> unreadable() {
        return unreadable;
    }

    private void readFile(Path file, String name) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(name).build()).loadFromString(Files.readString(file));
        } catch (MarkedYamlEngineException e) {
            unreadable.add(name + ": not valid YAML at line " + (e.getProblemMark().map(mark -> mark.getLine() + 1)
                    .orElse(0)) + ": " + e.getProblem());
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
            if (item instanceof Map<?, ?> entry) {
                if (entry.get("routeTemplate") instanceof Map<?, ?> template) {
                    addTemplate(template, name);
                }
                if (entry.get("templatedRoute") instanceof Map<?, ?> flow) {
                    addFlow(flow, name);
                }
            }
        }
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
        Map<String, String> parameters = new LinkedHashMap<>();
        if (flow.get("parameters") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> parameter && parameter.get("name") != null) {
                    parameters.put(text(parameter.get("name")), parameter.get("value") == null ? ""
                            : text(parameter.get("value")));
                }
            }
        }
        String name = text(flow.get("routeId"));
        flows.add(new FlowDeclaration(name == null ? parameters.get("flow") : name, file,
                text(flow.get("routeTemplateRef")), parameters));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
