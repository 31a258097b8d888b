package io.hookbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives {@link MailServer} with plain Jakarta Mail (Angus) sessions, configured as the product configures them. */
class MailServerTest {

    private static final String SUBJECT = "Nouvelle vente : Zoë 🎉";
    private static final String TEXT = "Zoë a acheté 2 × Billet VIP pour 120,00 € 🎉";
    private static final String HTML = "<p>Zoë a acheté <b>2 × Billet VIP</b> pour 120,00 € 🎉</p>";
    private static final String OPS = "ops@example.com";
    private static final String SALES = "sales@example.com";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private enum Security { PLAIN, SMTPS, STARTTLS }

    private MailServer server;

    @BeforeEach
    void startServer() {
        server = MailServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void should_deliver_a_utf8_subject_and_both_parts_once_per_recipient_over_plain_smtp_with_login() throws Exception {
        Session session = session(server.smtpPort(), Security.PLAIN);

        Transport.send(alert(session, OPS, SALES), MailServer.USER, MailServer.PASSWORD);

        MimeMessage[] received = server.awaitReceived(2, WAIT);
        assertThat(received).hasSize(2);
        for (MimeMessage message : received) {
            assertIsTheAlert(message, OPS, SALES);
        }
        assertThat(server.receivedBy(OPS)).hasSize(1);
        assertThat(server.receivedBy(SALES)).hasSize(1);
        assertThat(server.starttlsHandshakes()).isZero();
    }

    @Test
    void should_deliver_the_same_message_over_smtps() throws Exception {
        Session session = session(server.smtpsPort(), Security.SMTPS);

        Transport.send(alert(session, OPS), MailServer.USER, MailServer.PASSWORD);

        MimeMessage[] received = server.awaitReceived(1, WAIT);
        assertThat(received).hasSize(1);
        assertIsTheAlert(received[0], OPS);
    }

    @Test
    void should_upgrade_to_tls_before_the_login_on_the_starttls_front() throws Exception {
        Session session = session(server.starttlsPort(), Security.STARTTLS);

        Transport.send(alert(session, OPS), MailServer.USER, MailServer.PASSWORD);

        MimeMessage[] received = server.awaitReceived(1, WAIT);
        assertThat(received).hasSize(1);
        assertIsTheAlert(received[0], OPS);
        assertThat(server.starttlsHandshakes()).isEqualTo(1);
        assertThat(server.plaintextCommandsBeforeStarttls()).isFalse();
    }

    @Test
    void should_refuse_a_wrong_password_with_535() throws Exception {
        for (Security security : Security.values()) {
            Session session = session(port(security), security);
            MimeMessage alert = alert(session, OPS);

            assertThatThrownBy(() -> Transport.send(alert, MailServer.USER, "wrong-password"))
                    .as(security.name())
                    .isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessageStartingWith("535 5.7.8  Authentication credentials invalid");
        }
        assertThat(server.received()).isEmpty();
    }

    @Test
    void should_refuse_mail_without_a_login() throws Exception {
        Session session = session(server.smtpPort(), Security.PLAIN);
        session.getProperties().setProperty("mail.smtp.auth", "false");

        assertThatThrownBy(() -> Transport.send(alert(session, OPS)))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                    assertThat(e.getReturnCode()).isEqualTo(530);
                    assertThat(e.getCommand()).isEqualTo("MAIL FROM:<" + MailServer.USER + ">");
                });
        assertThat(server.received()).isEmpty();
    }

    @Test
    void should_refuse_a_recipient_at_the_rejected_domain_with_550_and_deliver_nothing() throws Exception {
        String bounced = "nobody@" + MailServer.REJECTED_DOMAIN;
        Session session = session(server.smtpPort(), Security.PLAIN);

        assertThatThrownBy(() -> Transport.send(alert(session, OPS, bounced), MailServer.USER, MailServer.PASSWORD))
                .isInstanceOfSatisfying(SendFailedException.class, e -> {
                    assertThat(addresses(e.getInvalidAddresses())).containsExactly(bounced);
                    assertThat(addresses(e.getValidUnsentAddresses())).containsExactly(OPS);
                    List<SMTPAddressFailedException> refusals = addressFailures(e);
                    assertThat(refusals).hasSize(1);
                    assertThat(refusals.get(0).getReturnCode()).isEqualTo(550);
                    assertThat(refusals.get(0).getAddress().getAddress()).isEqualTo(bounced);
                    assertThat(refusals.get(0).getMessage().strip())
                            .isEqualTo("550 5.1.1 <" + bounced + ">: mailbox unavailable");
                });
        // GreenMail stores mail before answering the end of DATA, so nothing can still be on its way
        assertThat(server.received()).isEmpty();
    }

    @Test
    void should_fail_a_required_starttls_on_the_plain_port_instead_of_falling_back() throws Exception {
        Session session = session(server.smtpPort(), Security.STARTTLS);

        assertThatThrownBy(() -> Transport.send(alert(session, OPS), MailServer.USER, MailServer.PASSWORD))
                .isExactlyInstanceOf(MessagingException.class)
                .hasMessageContaining("STARTTLS is required but host does not support STARTTLS");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void should_refuse_and_record_mail_sent_in_plain_text_to_the_starttls_front() throws Exception {
        // a client that does not ask for STARTTLS: the front offers no AUTH, so it goes straight to MAIL FROM
        Session session = session(server.starttlsPort(), Security.PLAIN);

        assertThatThrownBy(() -> Transport.send(alert(session, OPS), MailServer.USER, MailServer.PASSWORD))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                    assertThat(e.getReturnCode()).isEqualTo(530);
                    assertThat(e.getMessage().strip()).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
                });
        assertThat(server.plaintextCommandsBeforeStarttls()).isTrue();
        assertThat(server.starttlsHandshakes()).isZero();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void should_refuse_connections_during_an_outage_and_keep_the_mail_received_before() throws Exception {
        Transport.send(alert(session(server.smtpPort(), Security.PLAIN), OPS), MailServer.USER, MailServer.PASSWORD);

        server.stopSmtp();
        for (Security security : Security.values()) {
            Session session = session(port(security), security);
            assertThatThrownBy(() -> Transport.send(alert(session, OPS), MailServer.USER, MailServer.PASSWORD))
                    .as(security.name())
                    .isInstanceOf(MessagingException.class)
                    .hasRootCauseInstanceOf(java.net.ConnectException.class);
        }

        server.startSmtp();
        for (Security security : Security.values()) {
            Session session = session(port(security), security);
            Transport.send(alert(session, SALES), MailServer.USER, MailServer.PASSWORD);
        }
        assertThat(server.awaitReceived(4, WAIT)).hasSize(4);
        assertThat(server.receivedBy(OPS)).hasSize(1);
        assertThat(server.receivedBy(SALES)).hasSize(3);
        assertThat(server.starttlsHandshakes()).isEqualTo(1);
    }

    private int port(Security security) {
        return switch (security) {
            case PLAIN -> server.smtpPort();
            case SMTPS -> server.smtpsPort();
            case STARTTLS -> server.starttlsPort();
        };
    }

    private static Session session(int port, Security security) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.auth", "true");
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        properties.setProperty("mail.smtp.ssl.trust", "127.0.0.1");
        properties.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        if (security == Security.SMTPS) {
            properties.setProperty("mail.smtp.ssl.enable", "true");
        } else if (security == Security.STARTTLS) {
            properties.setProperty("mail.smtp.starttls.enable", "true");
            properties.setProperty("mail.smtp.starttls.required", "true");
        }
        return Session.getInstance(properties);
    }

    private static MimeMessage alert(Session session, String... recipients) throws MessagingException {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(TEXT, "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(HTML, "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);

        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(MailServer.USER));
        message.setRecipients(RecipientType.TO, InternetAddress.parse(String.join(", ", recipients)));
        message.setSubject(SUBJECT, "UTF-8");
        message.setContent(alternative);
        return message;
    }

    private static void assertIsTheAlert(MimeMessage message, String... recipients) throws Exception {
        assertThat(message.getSubject()).isEqualTo(SUBJECT);
        assertThat(addresses(message.getFrom())).containsExactly(MailServer.USER);
        assertThat(addresses(message.getRecipients(RecipientType.TO))).containsExactly(recipients);
        assertThat(message.isMimeType("multipart/alternative")).isTrue();
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo(TEXT);
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo(HTML);
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of()
                : Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    private static List<SMTPAddressFailedException> addressFailures(MessagingException e) {
        List<SMTPAddressFailedException> failures = new ArrayList<>();
        for (Exception next = e.getNextException(); next != null;
                next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException failure) {
                failures.add(failure);
            }
        }
        return failures;
    }
}
