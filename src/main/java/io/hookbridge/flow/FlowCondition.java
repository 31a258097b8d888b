package io.hookbridge.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;

/**
 * A flow's {@code when}: a predicate in one of Camel's JSON languages, read against the event
 * as the flows map it (the automation-rule shape, signed webhooks already rewritten into it,
 * JSON escapes decoded). jq is the default ({@code .data.tag.name == "VIP"}); JSONPath holds
 * when its filter finds something ({@code $.data.tag[?(@.name == 'VIP')]}).
 */
public final class FlowCondition {

    public static final String JQ = "jq";
    public static final String JSONPATH = "jsonpath";
    /** The languages a condition may be written in; the first is the default. */
    public static final List<String> LANGUAGES = List.of(JQ, JSONPATH);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context;
    private final String language;
    private final String text;
    private final Predicate predicate;

    private FlowCondition(CamelContext context, String language, String text, Predicate predicate) {
        this.context = context;
        this.language = language;
        this.text = text;
        this.predicate = predicate;
    }

    /**
     * Compiles a condition; a language other than jq or jsonpath, or text that does not compile,
     * fails with what is wrong.
     */
    public static FlowCondition compile(CamelContext context, String language, String text) {
        String name = language == null || language.isBlank() ? JQ : language.trim().toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(name)) {
            throw new IllegalArgumentException("language must be jq (the default) or jsonpath, not '" + language + "'");
        }
        try {
            if (name.equals(JSONPATH)) {
                // Camel's JSONPath reads the path only at the first event: read it now
                com.jayway.jsonpath.JsonPath.compile(text.strip());
            }
            Predicate predicate = context.resolveLanguage(name).createPredicate(text.strip());
            predicate.init(context);
            return new FlowCondition(context, name, text.strip(), predicate);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + name + " condition '" + text.strip() + "' does not compile: "
                    + rootMessage(e));
        }
    }

    /** Whether the condition holds for this payload; a condition that fails on it throws. */
    public boolean holds(JsonNode payload) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(language.equals(JQ) ? payload : JSON.convertValue(payload, Map.class));
        return predicate.matches(exchange);
    }

    public String language() {
        return language;
    }

    public String text() {
        return text;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    @Override
    public String toString() {
        return language + ": " + text;
    }
}
