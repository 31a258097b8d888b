package io.hookbridge.sink.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.MailServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default email flows (routes/flows/sales-to-email, registrations-to-email) and the digest
 * sink, against an SMTP server in the test JVM (GreenMail): recipients, subject, text and
 * HTML, UTF-8, hostile names, SMTPS and STARTTLS, refusals and outages.
 */
class EmailAlertTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OWNER = "owner@shop.example";
    private static final String TEAM = "team@shop.example";

    private TestDatabase db;
    private JournalRows journal;
    private MailServer mail;

    @BeforeEach
    void start() {
        db = TestDatabase.embedded();
        journal = new JournalRows(db);
        mail = MailServer.start();
    }

    @AfterEach
    void stop() {
        mail.close();
        db.close();
    }

    /** The bridge with alerts to OWNER and TEAM over plain SMTP with a login, plus these settings. */
    private RunningBridge bridge(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(mail.bridgeSettings());
        settings.put("hookbridge.alerts.to", OWNER + ", " + TEAM);
        settings.put("hookbridge.delivery.retry-schedule", "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms");
        settings.putAll(extra);
        return RunningBridge.start(db, settings);
    }

    @Test
    void should_email_a_sale_to_the_configured_recipients_with_subject_text_and_html() throws Exception {
        try (RunningBridge bridge = bridge(Map.of())) {
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            mail.awaitReceived(2, WAIT);
        }

        assertThat(mail.receivedBy(OWNER)).hasSize(1);
        assertThat(mail.receivedBy(TEAM)).hasSize(1);
        MimeMessage message = mail.receivedBy(OWNER)[0];
        assertThat(message.getSubject())
                .isEqualTo("New sale: 5.83 EUR, Comment créer un blog qui rapporte, test-1922@systeme.io");
        assertThat(addresses(message.getFrom())).containsExactly(MailServer.USER);
        assertThat(addresses(message.getRecipients(RecipientType.TO))).containsExactly(OWNER, TEAM);
        assertThat(message.getRecipients(RecipientType.CC)).isNull();
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(text(message)).isEqualTo("""
                New sale on 2021-09-10 14:23:33

                Offer:    Comment créer un blog qui rapporte
                Amount:   5.83 EUR
                Customer: test-1922 test-1922 <test-1922@systeme.io>
                Order:    612661
                Funnel:   Comment créer un blog qui rapporte
                """);
        assertThat(html(message)).contains("<h2>New sale: 5.83 EUR</h2>")
                .contains("<tr><td>Customer</td><td>test-1922 test-1922 &lt;test-1922@systeme.io&gt;</td></tr>");
        assertThat(journal.statusOf("sales-to-email")).isEqualTo("delivered");
    }

    @Test
    void should_email_course_and_webinar_registrations_and_nothing_for_other_types() throws Exception {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.alerts.to", OWNER))) {
            for (String sample : List.of("contact.course.enrolled.json", "contact.webinar.registered.json",
                    "contact.course_bundle.enrolled.json", "contact.tag.added.json", "contact.optin.completed.blog-page.json")) {
                assertThat(bridge.postSample(sample).statusCode()).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> journal.countWhere("status = 'delivered'") == 8);
        }

        assertThat(Arrays.stream(mail.received()).map(EmailAlertTest::subject)).containsExactlyInAnyOrder(
                "New enrolment: webhook data structure doc, temochkaykvlv+kek@gmail.com",
                "New webinar registration: webinar funnel, temochkaykvlv+wklm@gmail.com",
                "New enrolment: webhook data structure doc, temochkaykvlv+test@gmail.com");
        MimeMessage webinar = Arrays.stream(mail.received())
                .filter(m -> subject(m).startsWith("New webinar")).findFirst().orElseThrow();
        assertThat(text(webinar).strip()).isEqualTo("temochkaykvlv+wklm@gmail.com registered for the webinar"
                + " webinar funnel (starts 2021-10-05 15:00:00).");
    }

    @Test
    void should_keep_recipients_and_headers_when_a_name_carries_a_line_break_and_a_bcc() throws Exception {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.alerts.to", OWNER))) {
            assertThat(bridge.postSample("adversarial/sale-with-hostile-strings.json").statusCode()).isEqualTo(202);
            mail.awaitReceived(1, WAIT);
        }

        assertThat(mail.received()).hasSize(1);
        assertThat(mail.receivedBy("victim@example.com")).isEmpty();
        MimeMessage message = mail.receivedBy(OWNER)[0];
        assertThat(addresses(message.getAllRecipients())).containsExactly(OWNER);
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getSubject()).isEqualTo("New sale: 19.99 EUR, =HYPERLINK(\"http://evil.example\")"
                + " Bcc: victim@example.com, o'brien+🎉@example.com");
        assertThat(text(message)).contains("Customer: Zoë \"Zed\" O'Brien 🎉 '); DROP TABLE systeme_sales; --");
    }

    @Test
    void should_escape_markup_in_the_html_part_and_keep_utf8_names_whole() throws Exception {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.alerts.to", OWNER))) {
            assertThat(bridge.postSample("adversarial/sale-with-markup-names.json").statusCode()).isEqualTo(202);
            mail.awaitReceived(1, WAIT);
        }

        MimeMessage message = mail.receivedBy(OWNER)[0];
        assertThat(message.getSubject()).isEqualTo("New sale: 5.83 EUR, Formation Café 🎉 & <b>co</b>, zoe@example.com");
        assertThat(html(message)).contains("&lt;script&gt;alert(1)&lt;/script&gt; Ünal 山田")
                .contains("Formation Café 🎉 &amp; &lt;b&gt;co&lt;/b&gt;").doesNotContain("<script>").doesNotContain("<b>co");
        assertThat(text(message)).contains("Customer: <script>alert(1)</script> Ünal 山田 <zoe@example.com>");
    }

    @Test
    void should_send_to_dead_at_once_when_the_server_refuses_the_recipient() {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.alerts.to", "nobody@" + MailServer.REJECTED_DOMAIN))) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> journal.statusOf("sales-to-email").equals("dead"));
        }

        assertThat(journal.delivery("sales-to-email").get("attempts")).isEqualTo(1);
        assertThat((String) journal.delivery("sales-to-email").get("last_error")).contains("550");
        assertThat(mail.received()).isEmpty();
    }

    @Test
    void should_send_to_dead_at_once_when_the_login_is_refused() {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.mail.password", "wrong"))) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> journal.statusOf("sales-to-email").equals("dead"));
        }

        assertThat(journal.delivery("sales-to-email").get("attempts")).isEqualTo(1);
        assertThat((String) journal.delivery("sales-to-email").get("last_error")).contains("535");
    }

    @Test
    void should_retry_while_the_mail_server_is_down_and_send_once_it_is_back() {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.alerts.to", OWNER))) {
            mail.stopSmtp();
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> (Integer) journal.delivery("sales-to-email").get("attempts") >= 2);
            assertThat(journal.statusOf("sales-to-email")).isEqualTo("pending");

            mail.startSmtp();
            await().atMost(WAIT).until(() -> journal.statusOf("sales-to-email").equals("delivered"));
        }

        assertThat(mail.received()).hasSize(1);
        assertThat(journal.attempts("sales-to-email")).extracting(a -> a.get("outcome")).last().isEqualTo("delivered");
    }

    @Test
    void should_send_over_smtps() throws Exception {
        assertThat(sendOneSaleOver("ssl", mail.smtpsPort()).getSubject()).startsWith("New sale: 5.83 EUR");
    }

    @Test
    void should_send_over_starttls_and_never_log_in_before_it() throws Exception {
        assertThat(sendOneSaleOver("starttls", mail.starttlsPort()).getSubject()).startsWith("New sale: 5.83 EUR");
        assertThat(mail.starttlsHandshakes()).isEqualTo(1);
        assertThat(mail.plaintextCommandsBeforeStarttls()).isFalse();
    }

    /** Sends the sample sale's alert to OWNER with this security, trusting the test server's certificate. */
    private MimeMessage sendOneSaleOver(String security, int port) {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.alerts.to", OWNER, "hookbridge.mail.security", security,
                "hookbridge.mail.port", String.valueOf(port), "hookbridge.mail.ssl-trust", "127.0.0.1"))) {
            bridge.postSample("customer.sale.completed.json");
            mail.awaitReceived(1, WAIT);
        }
        return mail.receivedBy(OWNER)[0];
    }

    @Test
    void should_not_fall_back_to_plain_text_when_starttls_is_required_but_not_offered() {
        try (RunningBridge bridge = bridge(Map.of("hookbridge.alerts.to", OWNER, "hookbridge.mail.security", "starttls"))) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> (Integer) journal.delivery("sales-to-email").get("attempts") >= 1);
        }

        assertThat((String) journal.delivery("sales-to-email").get("last_error")).contains("STARTTLS");
        assertThat(mail.received()).isEmpty();
    }

    @Test
    void should_send_one_digest_per_period_listing_the_sales_since_the_last() throws Exception {
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("hookbridge.alerts.to", OWNER,
                "test.sale-flows", "sales-digest", "test.digest.every", "3s"));
        try (RunningBridge bridge = bridge(settings)) {
            bridge.postJson(RunningBridge.WEBHOOK, sale(1));
            mail.awaitReceived(1, WAIT);
            bridge.postJson(RunningBridge.WEBHOOK, sale(2));
            bridge.postJson(RunningBridge.WEBHOOK, sale(3));
            mail.awaitReceived(2, WAIT);
        }

        List<Map<String, Object>> sent = db.rows("SELECT a.started_at_ms FROM hookbridge_attempt a"
                + " JOIN hookbridge_delivery d ON d.id = a.delivery_id WHERE d.flow = 'sales-digest'"
                + " GROUP BY a.started_at_ms ORDER BY a.started_at_ms");
        assertThat(sent).hasSize(2);
        assertThat((Long) sent.get(1).get("started_at_ms") - (Long) sent.get(0).get("started_at_ms"))
                .isGreaterThanOrEqualTo(3000L);
        assertThat(Arrays.stream(mail.received()).map(EmailAlertTest::subject)).containsExactlyInAnyOrder(
                "New sale: 5.83 EUR, Comment créer un blog qui rapporte, test-1922@systeme.io",
                "2 new sales: 5.83 EUR, 5.83 EUR");
        MimeMessage digest = Arrays.stream(mail.received()).filter(m -> subject(m).startsWith("2 new")).findFirst()
                .orElseThrow();
        assertThat(text(digest)).contains("Order:    2").contains("Order:    3").doesNotContain("Order:    1\n");
    }

    @Test
    void should_send_a_refused_digest_to_dead_at_once_whole() {
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("test.sale-flows", "sales-digest",
                "hookbridge.alerts.to", "nobody@" + MailServer.REJECTED_DOMAIN));
        try (RunningBridge journalOnly = bridge(RunningBridge.with(settings, "hookbridge.delivery.enabled", "false"))) {
            for (int order = 1; order <= 3; order++) {
                journalOnly.postJson(RunningBridge.WEBHOOK, sale(order));
            }
        }
        try (RunningBridge bridge = bridge(settings)) {
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'sales-digest' AND status = 'dead'") == 3);
        }

        assertThat(journal.countWhere("flow = 'sales-digest' AND attempts = 1")).isEqualTo(3);
        assertThat(db.rows("SELECT DISTINCT started_at_ms FROM hookbridge_attempt")).as("one send for the digest")
                .hasSize(1);
        assertThat(mail.received()).isEmpty();
    }

    @Test
    void should_keep_the_digest_pace_through_a_restart() {
        Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("hookbridge.alerts.to", OWNER,
                "test.sale-flows", "sales-digest", "test.digest.every", "4s"));
        try (RunningBridge bridge = bridge(settings)) {
            bridge.postJson(RunningBridge.WEBHOOK, sale(1));
            mail.awaitReceived(1, WAIT);
        }
        try (RunningBridge restarted = bridge(settings)) {
            restarted.postJson(RunningBridge.WEBHOOK, sale(2));
            mail.awaitReceived(2, WAIT);
        }

        List<Map<String, Object>> sent = db.rows("SELECT a.started_at_ms FROM hookbridge_attempt a"
                + " JOIN hookbridge_delivery d ON d.id = a.delivery_id WHERE d.flow = 'sales-digest' ORDER BY a.id");
        assertThat(sent).hasSize(2);
        assertThat((Long) sent.get(1).get("started_at_ms") - (Long) sent.get(0).get("started_at_ms"))
                .isGreaterThanOrEqualTo(4000L);
    }


    private static byte[] sale(int order) {
        return Samples.text("customer.sale.completed.json").replace("\"id\": 612661", "\"id\": " + order)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage message) throws Exception {
        return part(message, "text/plain");
    }

    private static String html(MimeMessage message) throws Exception {
        return part(message, "text/html");
    }

    /** The multipart/alternative part of that type, decoded. */
    private static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                assertThat(part.getContentType()).containsIgnoringCase("charset=UTF-8");
                return ((String) part.getContent()).replace("\r\n", "\n"); // SMTP sends CRLF line ends
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
