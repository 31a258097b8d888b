package io.hookbridge.sink;

import io.hookbridge.Settings;
import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.sink.http.HttpPostSink;
import io.hookbridge.sink.http.WebhookSignature;
import io.hookbridge.sink.mail.EmailAlertSink;
import io.hookbridge.sink.mail.MailSetup;
import io.hookbridge.sink.mail.MailTemplates;
import io.hookbridge.sink.sheets.SheetsPreview;
import io.hookbridge.sink.sheets.SheetsSetup;
import io.hookbridge.sink.sql.SqlInsertSink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The sinks: SQL, Google Sheets ({@link SheetsSetup}), email ({@link MailSetup}) and HTTP. Their
 * timeouts are checked against the lease of a delivery before anything opens; then their beans
 * are bound for the flows, with the settings of the components they use.
 */
public final class SinksSetup {

    private SinksSetup() {
    }

    /**
     * The lease of a claim is renewed right before each call of a sink, so a call must end well
     * within it: a call that outlasts the lease could be sent again by another instance, which
     * takes the deliveries over once the lease has run out. The timeouts of the sinks that are
     * configured must each be below half of the lease.
     */
    public static void checkSinkTimeouts(Settings settings, Duration lease) {
        Duration half = lease.dividedBy(2);
        List<String> tooLong = new ArrayList<>();
        if (!settings.text("hookbridge.forward.url", "").isEmpty()) {
            Duration call = Duration.ofMillis(settings.integer("hookbridge.forward.connect-timeout-ms", 5000)
                    + (long) settings.integer("hookbridge.forward.read-timeout-ms", 10000));
            if (call.compareTo(half) >= 0) {
                tooLong.add("hookbridge.forward.connect-timeout-ms + hookbridge.forward.read-timeout-ms ("
                        + call.toMillis() + " ms)");
            }
        }
        if (!settings.text("hookbridge.mail.host", "").isEmpty()) {
            Duration mail = settings.duration("hookbridge.mail.timeout", "20s");
            if (mail.compareTo(half) >= 0) {
                tooLong.add("hookbridge.mail.timeout (" + mail.toMillis() + " ms)");
            }
        }
        if (!settings.text("hookbridge.sheets.spreadsheet-id", "").isEmpty()) {
            Duration sheets = settings.duration("hookbridge.sheets.timeout", "20s");
            if (sheets.compareTo(half) >= 0) {
                tooLong.add("hookbridge.sheets.timeout (" + sheets.toMillis() + " ms)");
            }
        }
        if (!tooLong.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", tooLong) + " must be below half of"
                    + " hookbridge.delivery.lease (" + lease.toMillis() + " ms): a call of a sink must end well within"
                    + " the lease of its deliveries, or another instance may send them again. Shorten the timeout or"
                    + " lengthen the lease");
        }
    }

    /**
     * The sinks' beans, and the settings of the components they use: SQL, Google Sheets, email,
     * HTTP. Returns them for the flow previews, with an email sink even while no SMTP server is
     * set, so that a mail can be previewed before it can be sent.
     *
     * @param holdsWriter   whether this instance holds a writer's lease now; null while deliveries are off
     * @param writerCalling records a call of a writer made outside its flows' batches (a startup set-up write)
     */
    public static Sinks configure(CamelContext context, Settings settings, Clock clock,
            BridgeMetrics metrics, Predicate<String> holdsWriter, Consumer<String> writerCalling) {
        Registry registry = context.getRegistry();
        ZoneId zone = settings.zone();
        SqlInsertSink sql = new SqlInsertSink(context);
        registry.bind("sqlInsert", sql);
        SheetsSetup.configure(context, settings, clock, zone, metrics, holdsWriter, writerCalling);
        SheetsPreview sheets = new SheetsPreview(zone);
        EmailAlertSink mail = null;
        String mailProblem = null;
        boolean mailOn = MailSetup.configure(context, settings);
        try {
            mail = new EmailAlertSink(new MailTemplates(Path.of(settings.text("hookbridge.mail.templates",
                    "routes/templates"))), zone);
        } catch (IllegalArgumentException e) {
            if (mailOn) {
                throw e;
            }
            mailProblem = e.getMessage();
        }
        if (mailOn) {
            registry.bind("emailAlert", mail);
        }
        checkForwardSettings(settings);
        HttpPostSink http = new HttpPostSink(clock, zone);
        registry.bind("httpPost", http);
        return new Sinks(sql, sheets, mail, mailProblem, http);
    }

    /** The default HTTP flow's address and secret, checked now rather than at the first event. */
    private static void checkForwardSettings(Settings settings) {
        String url = settings.text("hookbridge.forward.url", "");
        if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("hookbridge.forward.url must start with http:// or https://");
        }
        String secret = settings.text("hookbridge.forward.secret", "");
        if (!secret.isEmpty()) {
            WebhookSignature.of(secret, "hookbridge.forward.secret");
        }
    }
}
