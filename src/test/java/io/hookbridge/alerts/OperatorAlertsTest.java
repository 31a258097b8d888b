package io.hookbridge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.MailServer;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Alerts for the operator (hookbridge.operator.*), with the real routes and an SMTP server in
 * the test JVM: a dead delivery, a burst of them, the quiet period, a restart before a digest,
 * the JSON POST to the operator's webhook, an SMTP outage, and alerts that cannot be written.
 */
class OperatorAlertsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OWNER = "owner@shop.example";
    private static final String PUBLIC_URL = "https://hooks.shop.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALE_CONTACT = "test-1922@systeme.io";

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

    /** Alerts by email to OWNER over plain SMTP with a login, digests at once and at most one an hour; plus these. */
    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "hookbridge.operator.email", OWNER,
                "hookbridge.operator.digest-wait", "200ms",
                "hookbridge.operator.digest-interval", "1h",
                "hookbridge.public-url", PUBLIC_URL,
                "hookbridge.mail.host", "127.0.0.1",
                "hookbridge.mail.port", String.valueOf(mail.smtpPort()),
                "hookbridge.mail.security", "none",
                "hookbridge.mail.username", MailServer.USER,
                "hookbridge.mail.password", MailServer.PASSWORD,
                "hookbridge.mail.from", "Hookbridge <" + MailServer.USER + ">"));
        settings.put("hookbridge.admin.token", TestSecrets.ADMIN_TOKEN);
        settings.putAll(extra);
        return settings;
    }

    @Test
    void should_mail_one_alert_with_the_console_link_when_one_delivery_goes_dead() throws Exception {
        String eventId;
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of()))) {
            db.update("DROP TABLE systeme_sales");
            eventId = eventId(bridge.postSample("customer.sale.completed.json"));
            mail.awaitReceived(1, WAIT);
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> mail.received().length == 1);
        }

        assertThat(journal.statusOf("sales-to-sql")).isEqualTo("dead");
        MimeMessage message = mail.receivedBy(OWNER)[0];
        assertThat(message.getSubject())
                .isEqualTo("[Hookbridge] A delivery to sales-to-sql went dead (customer.sale.completed)");
        assertThat(text(message))
                .contains("A delivery went dead: it is not tried again until it is replayed.")
                .contains("Flow:     sales-to-sql")
                .contains("Type:     customer.sale.completed (Sale: Comment créer un blog qui rapporte, 5.83 EUR)")
                .contains("Contact:  " + SALE_CONTACT)
                .contains("Attempts: 1")
                .containsPattern("Error: +\\S.*systeme_sales")
                .contains("Event:    " + PUBLIC_URL + "/admin/#event=" + eventId);
        assertThat(db.rows("SELECT kind, mailed_at_ms, posted_at_ms FROM hookbridge_alert"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("kind")).isEqualTo("dead-delivery");
                    assertThat(((Number) row.get("mailed_at_ms")).longValue()).isPositive();
                    assertThat(((Number) row.get("posted_at_ms")).longValue()).as("webhook off").isZero();
                });
    }

    @Test
    void should_mail_one_digest_that_counts_fifty_deliveries_dead_in_a_burst() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of(
                "hookbridge.operator.digest-wait", "3s")))) {
            db.update("DROP TABLE systeme_events");
            for (int i = 0; i < 50; i++) {
                assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded("buyer" + i + "@shop.example")).statusCode())
                        .isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'events-to-sql' AND status = 'dead'") == 50);
            mail.awaitReceived(1, WAIT);
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> mail.received().length == 1);
        }

        MimeMessage message = mail.receivedBy(OWNER)[0];
        assertThat(message.getSubject()).isEqualTo("[Hookbridge] 50 deliveries went dead");
        String text = text(message);
        assertThat(text).contains("50 deliveries went dead since the last mail").contains("The first 10:")
                .contains("... and 40 more: see them in the console, " + PUBLIC_URL + "/admin/");
        assertThat(text.split("\n- Flow: ", -1)).hasSize(11);
        assertThat(text).contains("buyer0@shop.example").contains("buyer9@shop.example")
                .doesNotContain("buyer10@shop.example");
        assertThat(db.rows("SELECT id FROM hookbridge_alert WHERE mailed_at_ms IS NULL")).isEmpty();
        assertThat(db.count("hookbridge_alert")).isEqualTo(50);
    }

    @Test
    void should_alert_once_when_no_webhook_comes_for_the_quiet_period_and_once_when_webhooks_come_again()
            throws Exception {
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of(
                "hookbridge.operator.quiet-period", "2s")))) {
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded("first@shop.example")).statusCode())
                    .isEqualTo(202);
            mail.awaitReceived(1, WAIT);
            assertThat(subjects()).containsExactly("[Hookbridge] No webhook received for 2 s");
            await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> mail.received().length == 1);

            assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded("again@shop.example")).statusCode())
                    .isEqualTo(202);
            mail.awaitReceived(2, WAIT);
        }

        assertThat(subjects()).containsExactlyInAnyOrder("[Hookbridge] No webhook received for 2 s",
                "[Hookbridge] Webhooks arrive again");
        MimeMessage quiet = Arrays.stream(mail.received())
                .filter(m -> subject(m).contains("No webhook")).findFirst().orElseThrow();
        assertThat(text(quiet)).contains("No webhook has arrived for 2 s (hookbridge.operator.quiet-period).")
                .contains("The last webhook arrived at ").contains("This mail comes once");
        MimeMessage again = Arrays.stream(mail.received())
                .filter(m -> subject(m).contains("again")).findFirst().orElseThrow();
        assertThat(text(again)).contains("A webhook arrived at ").contains(", the first after the one of ");
    }

    @Test
    void should_send_exactly_one_mail_when_the_bridge_restarts_between_a_dead_delivery_and_its_digest()
            throws Exception {
        String eventId;
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of(
                "hookbridge.operator.digest-wait", "1h")))) {
            db.update("DROP TABLE systeme_sales");
            eventId = eventId(bridge.postSample("customer.sale.completed.json"));
            await().atMost(WAIT).until(() -> db.count("hookbridge_alert") == 1);
        }
        assertThat(mail.received()).isEmpty();

        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of()))) {
            mail.awaitReceived(1, WAIT);
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> mail.received().length == 1);
        }
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of()))) {
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> mail.received().length == 1);
        }

        assertThat(text(mail.receivedBy(OWNER)[0])).contains("/admin/#event=" + eventId);
    }

    @Test
    void should_post_the_digest_as_json_to_the_operator_webhook() throws Exception {
        try (RecordingHttpServer chat = new RecordingHttpServer()) {
            String hookAddress = chat.url("/services/T000/B000/" + "x".repeat(24));
            String eventId;
            Map<String, String> settings = new HashMap<>(settings(Map.of(
                    "hookbridge.operator.webhook-url", hookAddress)));
            settings.put("hookbridge.operator.email", "");
            settings.put("hookbridge.mail.host", "");
            try (RunningBridge bridge = RunningBridge.start(db, settings)) {
                db.update("DROP TABLE systeme_sales");
                eventId = eventId(bridge.postSample("customer.sale.completed.json"));
                await().atMost(WAIT).until(() -> chat.requests().size() == 1);
                await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> chat.requests().size() == 1);
            }

            RecordingHttpServer.Request request = chat.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/services/T000/B000/" + "x".repeat(24));
            assertThat(request.header("Content-Type")).startsWith("application/json");
            JsonNode digest = JSON.readTree(request.body());
            assertThat(digest.path("source").asText()).isEqualTo("hookbridge");
            assertThat(digest.path("kind").asText()).isEqualTo("dead-delivery");
            assertThat(digest.path("count").asLong()).isEqualTo(1);
            assertThat(digest.path("subject").asText())
                    .isEqualTo("[Hookbridge] A delivery to sales-to-sql went dead (customer.sale.completed)");
            assertThat(digest.path("text").asText()).contains("Flow:     sales-to-sql");
            assertThat(digest.path("console_url").asText()).isEqualTo(PUBLIC_URL + "/admin/");
            JsonNode alert = digest.path("alerts").get(0);
            assertThat(alert.path("flow").asText()).isEqualTo("sales-to-sql");
            assertThat(alert.path("type").asText()).isEqualTo("customer.sale.completed");
            assertThat(alert.path("contact").asText()).isEqualTo(SALE_CONTACT);
            assertThat(alert.path("event_id").asText()).isEqualTo(eventId);
            assertThat(alert.path("event_url").asText()).isEqualTo(PUBLIC_URL + "/admin/#event=" + eventId);
            assertThat(alert.path("error").asText()).contains("systeme_sales");
            assertThat(mail.received()).isEmpty();
            assertThat(db.rows("SELECT mailed_at_ms, posted_at_ms FROM hookbridge_alert")).singleElement()
                    .satisfies(row -> {
                        assertThat(((Number) row.get("mailed_at_ms")).longValue()).as("email off").isZero();
                        assertThat(((Number) row.get("posted_at_ms")).longValue()).isPositive();
                    });
        }
    }

    @Test
    void should_retry_a_digest_through_an_smtp_outage_send_it_once_and_show_the_error_in_the_overview_meanwhile()
            throws Exception {
        mail.stopSmtp();
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of()))) {
            db.update("DROP TABLE systeme_sales");
            bridge.postSample("customer.sale.completed.json");

            await().atMost(WAIT).until(() -> alerts(bridge).path("failing").asBoolean());
            JsonNode failing = alerts(bridge);
            assertThat(failing.path("on").asBoolean()).isTrue();
            assertThat(failing.path("waiting").asLong()).isEqualTo(1);
            assertThat(failing.path("last_error_channel").asText()).isEqualTo("email");
            assertThat(failing.path("last_error").asText()).containsIgnoringCase("connect");
            assertThat(failing.path("next_attempt_at").isTextual()).isTrue();
            assertThat(failing.path("last_sent_at").isNull()).isTrue();
            assertThat(mail.received()).isEmpty();

            mail.startSmtp();
            mail.awaitReceived(1, WAIT);
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> mail.received().length == 1);

            JsonNode sent = alerts(bridge);
            assertThat(sent.path("failing").asBoolean()).isFalse();
            assertThat(sent.path("waiting").asLong()).isZero();
            assertThat(sent.path("last_sent_at").isTextual()).isTrue();
            assertThat(sent.path("digests").get(0).path("last_error").asText()).containsIgnoringCase("connect");
        }
        assertThat(subject(mail.receivedBy(OWNER)[0])).contains("went dead");
        assertThat(((Number) db.rows("SELECT attempts FROM hookbridge_alert_digest").get(0).get("attempts"))
                .intValue()).isZero();
    }

    @Test
    void should_answer_webhooks_and_record_dead_deliveries_when_the_alerts_cannot_be_written() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of()))) {
            db.update("DROP TABLE hookbridge_alert");
            db.update("DROP TABLE systeme_sales");
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                HttpResponse<String> answer = bridge.postJson(RunningBridge.WEBHOOK, sale("buyer" + i + "@shop.example"));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            }
            // the worker recorded the outcomes though the alerts of the dead ones could not be written
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'sales-to-sql' AND status = 'dead'") == 3);
            await().atMost(WAIT).until(() -> journal.countWhere("flow = 'events-to-sql' AND status = 'delivered'") == 3);
            assertThat(journal.countWhere("status = 'pending'")).isZero();
        }
        assertThat(db.count("hookbridge_attempt")).as("one attempt each: no dead delivery tried again").isEqualTo(6);
        assertThat(mail.received()).isEmpty();
    }

    @Test
    void should_tell_once_that_a_flow_paused_after_failures_and_once_that_it_delivers_again() throws Exception {
        try (RecordingHttpServer receiver = new RecordingHttpServer()) {
            receiver.answer(503, Map.of());
            try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of(
                    "hookbridge.forward.url", receiver.url("/in"),
                    "hookbridge.delivery.retry-schedule", String.join(",", java.util.Collections.nCopies(30, "100ms")),
                    "hookbridge.delivery.retry-jitter", "0",
                    "hookbridge.delivery.circuit-failures", "3",
                    "hookbridge.delivery.circuit-pause", "1s")))) {
                assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagAdded("paused@shop.example")).statusCode())
                        .isEqualTo(202);
                mail.awaitReceived(1, WAIT);
                // a failed probe pauses the flow again, and tells no one again
                await().atMost(WAIT).until(() -> receiver.requests().size() >= 5);
                assertThat(subjects()).containsExactly("[Hookbridge] Flow events-to-http is paused after repeated failures");

                receiver.answer(200, Map.of());
                mail.awaitReceived(2, WAIT);
                await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> mail.received().length == 2);
            }
        }
        assertThat(subjects()).containsExactlyInAnyOrder(
                "[Hookbridge] Flow events-to-http is paused after repeated failures",
                "[Hookbridge] Flow events-to-http delivers again");
        MimeMessage paused = Arrays.stream(mail.received())
                .filter(m -> subject(m).contains("paused")).findFirst().orElseThrow();
        assertThat(text(paused)).contains("Flow events-to-http is paused for 1 s after repeated failures.")
                .contains("Last error: ").contains("503");
        assertThat(journal.statusOf("events-to-http")).isEqualTo("delivered");
        assertThat(db.rows("SELECT name FROM hookbridge_alert_state WHERE name LIKE 'flow-paused:%'")).isEmpty();
    }

    @Test
    void should_tell_once_that_the_journal_disk_is_low() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of(
                "hookbridge.operator.disk-free-min", "100000TB")))) {
            mail.awaitReceived(1, WAIT);
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> mail.received().length == 1);
        }
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of(
                "hookbridge.operator.disk-free-min", "100000TB")))) {
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> mail.received().length == 1);
        }
        MimeMessage message = mail.receivedBy(OWNER)[0];
        assertThat(message.getSubject()).isEqualTo("[Hookbridge] Little disk space left for the journal");
        assertThat(text(message)).containsPattern("The disk of /\\S+ has [0-9.]+ [KMGT]B free of [0-9.]+ [KMGT]B, below"
                + " hookbridge.operator.disk-free-min \\(100000TB\\)\\.").contains("are refused (503)");
    }

    @Test
    void should_send_the_daily_summary_at_its_time() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of()))) {
            db.update("DROP TABLE systeme_sales");
            eventId(bridge.postSample("customer.sale.completed.json"));
            eventId(bridge.postSample("contact.tag.added.json"));
            await().atMost(WAIT).until(() -> journal.countWhere("status = 'pending'") == 0);
        }
        String at = java.time.LocalTime.now(java.time.ZoneOffset.UTC).plusSeconds(3)
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
        try (RunningBridge bridge = RunningBridge.start(db, settings(Map.of(
                "hookbridge.operator.daily-summary-at", at)))) {
            await().atMost(WAIT).until(() -> subjects().stream().anyMatch(s -> s.contains("Daily summary")));
        }

        MimeMessage summary = Arrays.stream(mail.received())
                .filter(m -> subject(m).contains("Daily summary")).findFirst().orElseThrow();
        assertThat(summary.getSubject()).matches("\\[Hookbridge\\] Daily summary to \\d{4}-\\d{2}-\\d{2} " + at + " UTC");
        assertThat(text(summary)).contains("Events received: 2\n")
                .contains("  contact.tag.added: 1\n")
                .contains("  customer.sale.completed: 1\n")
                .contains("  events-to-sql: 2 delivered, 0 dead, 0 waiting\n")
                .contains("  sales-to-sql: 0 delivered, 1 dead, 0 waiting\n")
                .contains("Dead deliveries: 1 (replay them in the console once the cause is fixed)")
                .contains("Oldest waiting delivery: none");
    }

    // ---- helpers

    private static String eventId(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).path("event_id").asText();
    }

    /** A contact.tag.added webhook of its own (its body differs from every other's), for this contact. */
    private static byte[] tagAdded(String email) {
        return Samples.text("contact.tag.added.json").replace("temochkaykvlv+lksdllfnsnkfdls@gmail.com", email)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A sale of its own, to this customer. */
    private static byte[] sale(String email) {
        return Samples.text("customer.sale.completed.json").replace(SALE_CONTACT, email)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode alerts(RunningBridge bridge) throws Exception {
        HttpResponse<String> answer = RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/admin/api/overview"))
                .header("Authorization", "Bearer " + TestSecrets.ADMIN_TOKEN).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("alerts");
    }

    private List<String> subjects() {
        return Arrays.stream(mail.received()).map(OperatorAlertsTest::subject).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage message) throws Exception {
        assertThat(message.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        return ((String) message.getContent()).replace("\r\n", "\n");
    }
}
