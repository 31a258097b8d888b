package io.hookbridge.alerts;

import io.hookbridge.Settings;
import io.hookbridge.delivery.DeliveryAlerts;
import io.hookbridge.delivery.WriterLeases;
import io.hookbridge.metrics.BridgeMetrics;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts for the operator, from {@code hookbridge.operator.*}: by email to
 * {@code hookbridge.operator.email} (through the SMTP server of {@code hookbridge.mail.*}) and as
 * a JSON POST to {@code hookbridge.operator.webhook-url}; off while both are empty. Checks the
 * settings, says at start where alerts go, and starts the sender once every route is up.
 */
public final class AlertsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsSetup.class);
    private static final Duration TICK_AT_MOST = Duration.ofSeconds(1);
    private static final Duration TICK_AT_LEAST = Duration.ofMillis(100);
    private static final Duration LEASE_RETRY = Duration.ofSeconds(5);

    /** What the rest of the bridge needs: the delivery engine's side, and the channels that are on (empty: off). */
    public record Alerts(DeliveryAlerts delivery, List<String> channels) {
    }

    /** Where the journal is: its database, and for the embedded one, its folder (whose free space is watched). */
    public record Journal(DataSource dataSource, Path embeddedFolder) {
    }

    private AlertsSetup() {
    }

    /**
     * @param instance this bridge's name on the lease of the sender
     * @param lease    how long the sender's lease holds (hookbridge.delivery.lease)
     * @param port     the HTTP port, for the console's address when hookbridge.public-url is not set
     */
    public static Alerts configure(CamelContext context, Settings settings, Journal journal, Clock clock, ZoneId zone,
            BridgeMetrics metrics, String instance, Duration lease, int port) throws Exception {
        String email = settings.text("hookbridge.operator.email", "");
        String webhookUrl = settings.text("hookbridge.operator.webhook-url", "");
        Duration interval = positive(settings.duration("hookbridge.operator.digest-interval", "15m"),
                "hookbridge.operator.digest-interval");
        Duration wait = settings.duration("hookbridge.operator.digest-wait", "30s");
        Duration quietPeriod = settings.duration("hookbridge.operator.quiet-period", "24h");
        DiskThreshold disk = DiskThreshold.parse(settings.text("hookbridge.operator.disk-free-min", "1GB"),
                "hookbridge.operator.disk-free-min");
        LocalTime summaryAt = timeOfDay(settings.text("hookbridge.operator.daily-summary-at", ""));
        if (email.isEmpty() && webhookUrl.isEmpty()) {
            LOG.info("Alerts for the operator are off: set hookbridge.operator.email (sent through hookbridge.mail.*)"
                    + " or hookbridge.operator.webhook-url to hear of dead deliveries, paused flows and silence");
            return new Alerts(DeliveryAlerts.NONE, List.of());
        }
        List<Channel> channels = new ArrayList<>();
        if (!email.isEmpty()) {
            checkAddresses(email);
            if (settings.text("hookbridge.mail.host", "").isEmpty()) {
                throw new IllegalArgumentException("hookbridge.operator.email is set, but hookbridge.mail.host is empty:"
                        + " give the SMTP server that sends the alerts (hookbridge.mail.host and hookbridge.mail.from)");
            }
            channels.add(Channel.EMAIL);
        }
        if (!webhookUrl.isEmpty()) {
            if (AlertSender.origin(webhookUrl) == null) {
                throw new IllegalArgumentException("hookbridge.operator.webhook-url must start with http:// or https://");
            }
            channels.add(Channel.WEBHOOK);
        }

        String consoleUrl = consoleUrl(settings, port);
        AlertStore store = new AlertStore(journal.dataSource());
        OperatorAlerts alerts = new OperatorAlerts(store, clock);
        Duration tick = tick(wait, quietPeriod);
        AlertWatches watches = new AlertWatches(store, quietPeriod, tick, disk, journal.embeddedFolder(),
                summaryAt == null ? null : new DailySummary(journal.dataSource(), summaryAt, zone));
        DigestWriter writer = new DigestWriter(consoleUrl, zone, interval, quietPeriod, disk.text());
        WriterLeases leases = new WriterLeases(journal.dataSource(), instance, lease, LEASE_RETRY, clock);
        AlertSender sender = new AlertSender(store, alerts, watches, writer, leases,
                new CamelTransport(context), channels, clock, interval, wait, tick, metrics,
                webhookUrl);
        context.addService(sender, true, false);
        context.addStartupListener(startOnceRoutesAreUp(sender));

        List<String> where = new ArrayList<>();
        if (!email.isEmpty()) {
            where.add("email to " + email);
        }
        if (!webhookUrl.isEmpty()) {
            where.add("a JSON POST to " + AlertSender.origin(webhookUrl) + "/...");
        }
        LOG.info("Alerts for the operator: {}; a digest per kind at most every {}; quiet alert after {}; journal disk"
                + " below {}; daily summary {}", String.join(" and ", where), DigestWriter.human(interval),
                quietPeriod.isZero() ? "never (off)" : DigestWriter.human(quietPeriod),
                journal.embeddedFolder() == null ? "not watched (server database)" : disk.off() ? "not watched (off)"
                        : disk.text(),
                summaryAt == null ? "off" : "at " + summaryAt + " " + zone);
        return new Alerts(alerts, channels.stream().map(channel -> channel.key).toList());
    }

    /** How often the sender looks: often enough for the digest wait and the quiet period, at most every second. */
    static Duration tick(Duration wait, Duration quietPeriod) {
        Duration tick = TICK_AT_MOST;
        if (wait.dividedBy(4).compareTo(tick) < 0) {
            tick = wait.dividedBy(4);
        }
        if (!quietPeriod.isZero() && quietPeriod.dividedBy(8).compareTo(tick) < 0) {
            tick = quietPeriod.dividedBy(8);
        }
        return tick.compareTo(TICK_AT_LEAST) < 0 ? TICK_AT_LEAST : tick;
    }

    /** The admin console's address, ending in /admin/: hookbridge.public-url, or this host and port. */
    static String consoleUrl(Settings settings, int port) {
        String url = settings.text("hookbridge.public-url", "");
        if (url.isEmpty()) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            url = "http://" + host + ":" + port;
        }
        return (url.endsWith("/") ? url : url + "/") + "admin/";
    }

    private static void checkAddresses(String email) {
        try {
            InternetAddress[] addresses = InternetAddress.parse(email, true);
            if (addresses.length == 0) {
                throw new AddressException("no address");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("hookbridge.operator.email must be one or more email addresses,"
                    + " separated by commas: " + e.getMessage());
        }
    }

    private static LocalTime timeOfDay(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("hookbridge.operator.daily-summary-at must be a time of day such as 08:00"
                    + " (in hookbridge.time-zone), or empty for no summary, not '" + text + "'");
        }
    }

    private static Duration positive(Duration duration, String setting) {
        if (duration.isZero()) {
            throw new IllegalArgumentException(setting + " must be more than 0");
        }
        return duration;
    }

    private static StartupListener startOnceRoutesAreUp(AlertSender sender) {
        return new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // routes are not all started yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                ServiceHelper.startService(sender);
            }
        };
    }
}
