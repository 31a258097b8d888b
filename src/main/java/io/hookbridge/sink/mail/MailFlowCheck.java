package io.hookbridge.sink.mail;

import io.hookbridge.flow.FlowChecks;
import io.hookbridge.flow.SampleEvents;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.journal.PayloadReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What an email flow needs: its template's text file, and templates and subject that render
 * with the fields the flow maps from a sample event of each of its types; and, for a flow whose
 * route is made (it has recipients), an SMTP server ({@code hookbridge.mail.host}), which its
 * endpoint names. The templates of a flow that is off are checked too (when the templates folder
 * exists), so that they are right before it is turned on.
 */
public final class MailFlowCheck implements FlowChecks.SinkCheck {

    private final String mailHost;
    private final Path templatesFolder;
    private final ZoneId zone;
    private final SampleEvents samples;
    private final PayloadReader payloads;

    public MailFlowCheck(String mailHost, Path templatesFolder, ZoneId zone, SampleEvents samples, PayloadReader payloads) {
        this.mailHost = mailHost;
        this.templatesFolder = templatesFolder;
        this.zone = zone;
        this.samples = samples;
        this.payloads = payloads;
    }

    @Override
    public void check(FlowChecks.CheckedFlow flow, List<String> problems) {
        if (flow.built() && mailHost.isBlank()) {
            problems.add(flow.on() ? "it sends email, but no SMTP server is set: set hookbridge.mail.host (and"
                    + " hookbridge.mail.from)" : "it is switched off, but with recipients (to) its route is made all the"
                    + " same, and that needs an SMTP server: set hookbridge.mail.host (and hookbridge.mail.from), or"
                    + " leave its to empty");
            return;
        }
        if (!flow.built() && !Files.isDirectory(templatesFolder)) {
            return;
        }
        MailTemplates templates;
        try {
            templates = new MailTemplates(templatesFolder);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        String template = flow.parameter("template").strip();
        if (!template.isEmpty() && !templates.exists(template + ".txt.ftl")) {
            problems.add("template " + template + ": there is no " + templates.file(template + ".txt.ftl")
                    + "; write it (the plain text), or leave template out for the built-in text");
            return;
        }
        EmailAlertSink sink = new EmailAlertSink(templates, zone);
        for (String type : flow.types()) {
            for (SampleEvents.Sample sample : samples.ofType(type)) {
                JournalEvent event = new JournalEvent("sample", "systeme", type, Instant.EPOCH, sample.body(),
                        body -> payloads.read("systeme", type, Instant.EPOCH, body));
                try {
                    sink.write(List.of(event), template, flow.parameter("subject"), flow.parameter("fields"));
                } catch (RuntimeException e) {
                    problems.add("its mail does not render for the sample " + sample.name() + ": " + e.getMessage()
                            + "; an event has: " + String.join(", ", sink.fieldNames(flow.parameter("fields"))));
                    return;
                }
            }
        }
    }
}
