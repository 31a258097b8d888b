package io.hookbridge.sink.http;

import io.hookbridge.flow.FlowChecks;
import java.util.List;
import java.util.Locale;

/**
 * What an onward-HTTP flow whose route is made (it has a url) needs: an http:// or https:// address, and a signing
 * secret, when it has one, that is a Standard Webhooks secret. Neither value is repeated in a
 * message: an address can carry a token.
 */
public final class HttpFlowCheck implements FlowChecks.SinkCheck {

    @Override
    public void check(FlowChecks.CheckedFlow flow, List<String> problems) {
        if (!flow.built()) {
            return;
        }
        String url = flow.parameter("url").strip().toLowerCase(Locale.ROOT);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            int colon = url.indexOf(':');
            problems.add("url must start with http:// or https://" + (colon > 0 ? ", not " + url.substring(0, colon + 1) : "")
                    + from(flow, "url"));
        }
        String secret = flow.parameter("secret").strip();
        if (!secret.isEmpty()) {
            try {
                WebhookSignature.of(secret, "secret" + from(flow, "secret"));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
    }

    /** " (from {{setting}})" when the flow takes the parameter from a setting. */
    private static String from(FlowChecks.CheckedFlow flow, String parameter) {
        String written = flow.declaration().parameters().getOrDefault(parameter, "");
        return written.contains("{{") ? " (from " + written.strip() + ")" : "";
    }
}
