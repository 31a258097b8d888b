package io.hookbridge;

import io.hookbridge.flow.FlowMistakes;
import java.util.List;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Camel parses every route file before the configuration class runs its flow checks, and stops
 * at a file that is not YAML with the parser's trace. This runs first: a route file that is not
 * YAML, or lists an item Camel does not know, stops the start with the file, the line and what
 * to change, as the flow checks say it.
 */
final class RouteFileSyntaxCheck extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        List<String> unreadable = FlowVerification.files(new Settings(main.getCamelContext())).unreadable();
        if (!unreadable.isEmpty()) {
            throw new FlowMistakes(unreadable);
        }
    }
}
