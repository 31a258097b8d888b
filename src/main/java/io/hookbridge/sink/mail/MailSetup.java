package io.hookbridge.sink.mail;

import io.hookbridge.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures the {@code smtp} component from {@code hookbridge.mail.*}: server, port, login,
 * sender and transport security ({@code none}, {@code starttls}: required, never falling back
 * to plain text, or {@code ssl}: TLS from the first byte). The email sinks' endpoints then name
 * only the server and the recipients.
 */
public final class MailSetup {

    private static final Logger LOG = LoggerFactory.getLogger(MailSetup.class);

    private MailSetup() {
    }

    /** @return whether an SMTP server is configured (the email sinks can run) */
    public static boolean configure(CamelContext context, Settings settings) {
        String host = settings.text("hookbridge.mail.host", "");
        String to = settings.text("hookbridge.alerts.to", "");
        if (host.isEmpty()) {
            if (!to.isEmpty()) {
                throw new IllegalArgumentException("hookbridge.alerts.to is set, but hookbridge.mail.host is empty:"
                        + " give the SMTP server that sends the alerts");
            }
            return false;
        }
        checkResolvable(host);
        String security = settings.text("hookbridge.mail.security", "starttls").toLowerCase(Locale.ROOT);
        int timeoutMillis = (int) settings.duration("hookbridge.mail.timeout", "20s").toMillis();
        Properties javaMail = new Properties();
        switch (security) {
            case "none" -> { }
            case "starttls" -> {
                javaMail.setProperty("mail.smtp.starttls.enable", "true");
                javaMail.setProperty("mail.smtp.starttls.required", "true");
            }
            case "ssl" -> javaMail.setProperty("mail.smtp.ssl.enable", "true");
            default -> throw new IllegalArgumentException("hookbridge.mail.security must be none, starttls or ssl, not '"
                    + security + "'");
        }
        if (!security.equals("none")) {
            // a host listed in ssl-trust (a relay with a self-signed certificate) is trusted as it is
            String trust = settings.text("hookbridge.mail.ssl-trust", "");
            javaMail.setProperty("mail.smtp.ssl.checkserveridentity", String.valueOf(trust.isEmpty()));
            if (!trust.isEmpty()) {
                javaMail.setProperty("mail.smtp.ssl.trust", trust);
            }
        }
        javaMail.setProperty("mail.smtp.writetimeout", String.valueOf(timeoutMillis));

        int port = settings.integer("hookbridge.mail.port", security.equals("ssl") ? 465 : 587);
        MailConfiguration configuration = context.getComponent("smtp", MailComponent.class).getConfiguration();
        configuration.setPort(port);
        configuration.setConnectionTimeout(timeoutMillis);
        configuration.setAdditionalJavaMailProperties(javaMail);
        String username = settings.text("hookbridge.mail.username", "");
        if (!username.isEmpty()) {
            configuration.setUsername(username);
            configuration.setPassword(settings.text("hookbridge.mail.password", ""));
        }
        String from = settings.text("hookbridge.mail.from", "");
        if (from.isEmpty()) {
            throw new IllegalArgumentException("hookbridge.mail.from is empty: give the sender address of the alerts");
        }
        configuration.setFrom(from);
        LOG.info("Email: SMTP {}:{} ({}{}), from {}", host, port, security,
                username.isEmpty() ? ", no login" : ", login " + username, from);
        return true;
    }

    /** A host name that does not resolve stops the startup here rather than failing every alert later. */
    private static void checkResolvable(String host) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("hookbridge.mail.host: the SMTP server '" + host
                    + "' cannot be resolved; check the host name (and this machine's DNS)", e);
        }
    }
}
