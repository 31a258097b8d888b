package io.hookbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small subset of JSONPath: {@code $}, {@code .name} and {@code [index]} steps.
 *
 * <p>Reading never fails on the shape of the payload: a step that does not fit (a name on an
 * array, an index past the end, a JSON {@code null}) yields {@code null}. systeme.io sends
 * {@code "fields": []} in some payloads and an object in others, so this matters.
 */
public final class JsonPath {

    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]");

    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Parses {@code $.data.contact.email} or {@code $.data.order_item.resources[0].type}. */
    public static JsonPath parse(String text) {
        String path = text.trim();
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("JSON path '" + text + "' must start with '$'");
        }
        List<Object> steps = new ArrayList<>();
        Matcher matcher = STEP.matcher(path);
        int position = 1;
        while (position < path.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw new IllegalArgumentException("JSON path '" + text + "' is not valid at character " + (position + 1)
                        + ": use $.name and [index] steps only");
            }
            steps.add(matcher.group(1) != null ? matcher.group(1) : Integer.valueOf(matcher.group(2)));
            position = matcher.end();
        }
        return new JsonPath(path, List.copyOf(steps));
    }

    /** The node at this path, or {@code null} when any step is missing or of another shape. */
    public JsonNode read(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null || node.isNull()) {
                return null;
            }
            node = step instanceof String name
                    ? (node.isObject() ? node.get(name) : null)
                    : (node.isArray() ? node.get((Integer) step) : null);
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    @Override
    public String toString() {
        return text;
    }
}
