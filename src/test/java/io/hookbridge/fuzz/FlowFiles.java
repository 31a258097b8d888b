package io.hookbridge.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads a parameter of a shipped flow file (routes/flows/*.camel.yaml), so that a test uses what ships. */
final class FlowFiles {

    private FlowFiles() {
    }

    /** The value of the parameter {@code name} of the templated route in {@code flowFile}. */
    @SuppressWarnings("unchecked")
    static String parameter(String flowFile, String name) {
        List<Map<String, Object>> routes = (List<Map<String, Object>>) new Load(LoadSettings.builder().build())
                .loadFromString(read(Path.of("routes", "flows", flowFile)));
        for (Map<String, Object> route : routes) {
            Map<String, Object> templated = (Map<String, Object>) route.get("templatedRoute");
            for (Map<String, Object> parameter : (List<Map<String, Object>>) templated.get("parameters")) {
                if (name.equals(parameter.get("name"))) {
                    return (String) parameter.get("value");
                }
            }
        }
        throw new IllegalArgumentException("no parameter '" + name + "' in " + flowFile);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
