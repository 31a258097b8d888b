package io.hookbridge;

import io.hookbridge.delivery.FlowPolicy;
import io.hookbridge.flow.FlowChecks;
import io.hookbridge.flow.FlowFiles;
import io.hookbridge.flow.FlowMistakes;
import io.hookbridge.flow.RouteFiles;
import io.hookbridge.flow.SampleEvents;
import io.hookbridge.journal.PayloadReader;
import io.hookbridge.sink.http.HttpFlowCheck;
import io.hookbridge.sink.mail.MailFlowCheck;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.apache.camel.CamelContext;

/**
 * Reads the flows of the route files the bridge loads and checks them with what each sink needs:
 * at startup (a mistake stops it) and in the {@code check} command.
 */
final class FlowVerification {

    private FlowVerification() {
    }

    /** The route files of camel.main.routes-include-pattern (less the exclude pattern), read. */
    static FlowFiles files(Settings settings) {
        return FlowFiles.read(RouteFiles.matching(settings.text("camel.main.routes-include-pattern", ""),
                settings.text("camel.main.routes-exclude-pattern", "")));
    }

    /** Every mistake in these flows; empty when there is none. */
    static List<String> mistakes(CamelContext context, Settings settings, ZoneId zone, SampleEvents samples,
            PayloadReader payloads, FlowFiles files) {
        MailFlowCheck mail = new MailFlowCheck(settings.text("hookbridge.mail.host", ""),
                Path.of(settings.text("hookbridge.mail.templates", "routes/templates")), zone, samples, payloads);
        return new FlowChecks(context, zone).withEveryFlow((flow, problems) -> pace(context, flow, problems))
                .with("email-alert", mail)
                .with("email-digest", mail).with("http-post", new HttpFlowCheck()).check(files);
    }

    /** The pace of a flow (batchSize, batchWait, every, callsPerMinute, ordered) as the delivery worker reads it. */
    private static void pace(CamelContext context, FlowChecks.CheckedFlow flow, List<String> problems) {
        String name = flow.declaration().name();
        try {
            // as written, so that a value that does not read is shown with the setting it came from
            FlowPolicy.of(name, flow.written(), value -> java.util.Objects.requireNonNullElse(
                    context.resolvePropertyPlaceholders(value), ""));
        } catch (IllegalArgumentException e) {
            // the message names the flow, which the check's message does already
            problems.add(e.getMessage().replace("flow '" + name + "': ", ""));
        }
    }

    /** Stops here, listing each mistake, when the flows have any. */
    static void verify(CamelContext context, Settings settings, ZoneId zone, SampleEvents samples,
            PayloadReader payloads, FlowFiles files) {
        List<String> mistakes = mistakes(context, settings, zone, samples, payloads, files);
        if (!mistakes.isEmpty()) {
            throw new FlowMistakes(mistakes);
        }
    }
}
