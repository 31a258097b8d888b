package io.hookbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.testing.JournalRows;
import io.hookbridge.testing.LogScan;
import io.hookbridge.testing.MailServer;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in any log line, error body or stored error. Every test configures the secrets of
 * {@link TestSecrets}, and the whole suite's log (INFO and up, as a production bridge logs) is
 * captured in target/test-logs/suite.log; this class runs last, adds a scenario of its own with
 * every secret set and every sink failing in its own way, and searches all of it.
 */
@Order(Integer.MAX_VALUE)
class LogSecretsTest {

    private static final Path SUITE_LOG = Path.of("target", "test-logs", "suite.log");
    private static final String RECEIVER_PATH = "/hooks/catch/4711/capability-path-Hb3Qz";

    @Test
    void should_keep_every_secret_out_of_logs_answers_and_stored_errors(@TempDir Path keys) throws Exception {
        List<String> answers = new ArrayList<>();
        try (MailServer mail = MailServer.start(); SheetsApiServer sheets = SheetsApiServer.start();
                RecordingHttpServer receiver = new RecordingHttpServer(); TestDatabase db = TestDatabase.embedded()) {
            sheets.acceptRefreshToken("client-9.apps.example", TestSecrets.SHEETS_CLIENT_SECRET, TestSecrets.SHEETS_REFRESH_TOKEN);
            // the startup check's write may take one of them: a Sheets delivery still meets the other
            sheets.failNext(2, 401, Map.of());
            receiver.answer(500, Map.of());
            try (RunningBridge bridge = RunningBridge.start(db, everySecretSet(mail, sheets, receiver))) {
                answers.add(bridge.postSample("customer.sale.completed.json").body());
                answers.add(bridge.postJson("/webhooks/systeme/" + TestSecrets.INGRESS_TOKEN.substring(1) + "x",
                        Samples.bytes("contact.tag.added.json")).body());
                byte[] signed = Samples.bytes("systeme-signed/SALE_NEW.body.json");
                answers.add(signed(bridge, signed, new SystemeSignature(TestSecrets.SIGNING_SECRET).sign(signed)).body());
                answers.add(signed(bridge, signed, new SystemeSignature("wrong").sign(signed)).body());
                answers.add(admin(bridge, "Bearer " + TestSecrets.ADMIN_TOKEN + "x").body());

                JournalRows journal = new JournalRows(db);
                await().atMost(Duration.ofSeconds(30)).until(() -> journal.countWhere("status = 'dead'") >= 1
                        && journal.countWhere("flow = 'events-to-http' AND attempts >= 1") >= 1);
                answers.add(admin(bridge, "Bearer " + TestSecrets.ADMIN_TOKEN).body());
                String storedErrors = db.rows("SELECT last_error FROM hookbridge_delivery WHERE last_error IS NOT NULL")
                        .toString() + db.rows("SELECT error FROM hookbridge_attempt").toString();
                assertThat(storedErrors).contains("500").doesNotContain("capability-path");
                LogScan.assertNoSecrets("stored delivery errors", storedErrors);
            }
        }
        LogScan.assertNoSecrets("answers to requests", String.join("\n", answers));

        String log = Files.readString(SUITE_LOG);
        assertThat(log).as("this scenario's own lines were captured")
                .contains("Rejected request: 401 invalid_token").contains("Rejected request: 401 invalid_signature")
                .contains("is dead after").doesNotContain("capability-path")
                // personal data masked (hookbridge.log.mask-personal-data defaults to true)
                .contains("o***@" + MailServer.REJECTED_DOMAIN).doesNotContain("owner@" + MailServer.REJECTED_DOMAIN);
        LogScan.assertNoSecrets(SUITE_LOG + " (" + log.lines().count() + " lines)", log);
    }

    /**
     * PostgreSQL puts the bound values of a failed statement in its error (the body in hex, the
     * row of a refused insert): neither the log nor a stored error may carry the customer's data
     * when the journal's group commit fails on a lock timeout or the SQL sink's table refuses a row,
     * even with the driver's detail option turned on in the address.
     */
    @Test
    void should_keep_customer_data_out_of_the_log_and_stored_errors_when_postgresql_refuses_a_batch() throws Exception {
        String email = "jeanne.martin.4821@example.fr";
        String phone = "+33 6 12 48 21 77";
        String street = "17 rue des Lilas Bleus";
        String ip = "198.51.100.203";
        ObjectMapper json = new ObjectMapper();
        ObjectNode sale = (ObjectNode) json.readTree(Samples.bytes("customer.sale.completed.json"));
        ObjectNode customer = (ObjectNode) sale.path("data").path("customer");
        customer.put("email", email).put("client_ip", ip);
        ((ObjectNode) customer.path("fields")).put("phone_number", phone).put("street_address", street)
                .put("first_name", "Jeanne").put("surname", "Martin-Delacroix");
        byte[] body = json.writeValueAsBytes(sale);
        // a stretch of the body as PostgreSQL writes a bytea value in a message
        String bodyHex = HexFormat.of().formatHex(("\"email\":\"" + email).getBytes(StandardCharsets.UTF_8));

        String storedErrors;
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, String> settings = Map.of("hookbridge.db.url", db.url() + "&logServerErrorDetail=true",
                    "hookbridge.delivery.retry-schedule", "200ms");
            try (RunningBridge bridge = RunningBridge.start(db, settings)) {
                db.update("CREATE FUNCTION refuse_on_lock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " RAISE EXCEPTION 'canceling statement due to lock timeout' USING ERRCODE = '55P03'; END $$");
                db.update("CREATE TRIGGER lock_timeout BEFORE INSERT ON hookbridge_event FOR EACH ROW"
                        + " EXECUTE FUNCTION refuse_on_lock()");
                HttpClient client = HttpClient.newHttpClient();
                List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    batch.add(client.sendAsync(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> answer : batch) {
                    assertThat(answer.get().statusCode()).isEqualTo(503);
                }
                db.update("DROP TRIGGER lock_timeout ON hookbridge_event");

                db.update("ALTER TABLE systeme_sales ADD CONSTRAINT refuses_every_row CHECK (event_id = '') NOT VALID");
                db.update("ALTER TABLE systeme_events ADD CONSTRAINT refuses_every_row CHECK (event_id = '') NOT VALID");
                assertThat(bridge.postJson(RunningBridge.WEBHOOK, body).statusCode()).isEqualTo(202);
                JournalRows journal = new JournalRows(db);
                await().atMost(Duration.ofSeconds(30)).until(() -> journal.countWhere("status = 'dead'") >= 2);
                storedErrors = db.rows("SELECT last_error FROM hookbridge_delivery WHERE last_error IS NOT NULL")
                        .toString() + db.rows("SELECT error FROM hookbridge_attempt").toString();
            }
        }
        assertThat(storedErrors).contains("SQLState 23514").contains("constraint refuses_every_row");
        String log = Files.readString(SUITE_LOG);
        assertThat(log).as("this scenario's own lines were captured").contains("refuses_every_row");
        for (String where : List.of("stored errors", "log")) {
            String text = where.equals("log") ? log : storedErrors;
            assertThat(text).as("customer data in the " + where)
                    .doesNotContain(email).doesNotContain(phone).doesNotContain(street).doesNotContain(ip)
                    .doesNotContain("Martin-Delacroix").doesNotContainIgnoringCase(bodyHex);
        }
    }

    private static Map<String, String> everySecretSet(MailServer mail, SheetsApiServer sheets, RecordingHttpServer receiver) {
        Map<String, String> settings = new HashMap<>();
        settings.put("hookbridge.admin.token", TestSecrets.ADMIN_TOKEN);
        settings.put("hookbridge.forward.url", receiver.url(RECEIVER_PATH));
        settings.put("hookbridge.forward.secret", TestSecrets.FORWARD_SECRET);
        settings.put("hookbridge.delivery.retry-schedule", "200ms,200ms");
        settings.put("hookbridge.alerts.to", "owner@" + MailServer.REJECTED_DOMAIN);
        settings.put("hookbridge.mail.host", "127.0.0.1");
        settings.put("hookbridge.mail.port", String.valueOf(mail.smtpPort()));
        settings.put("hookbridge.mail.security", "none");
        settings.put("hookbridge.mail.username", MailServer.USER);
        settings.put("hookbridge.mail.password", MailServer.PASSWORD);
        settings.put("hookbridge.mail.from", MailServer.USER);
        settings.put("hookbridge.sheets.spreadsheet-id", "sheet-secrets-test");
        settings.put("hookbridge.sheets.root-url", sheets.rootUrl());
        settings.put("hookbridge.sheets.client-id", "client-9.apps.example");
        settings.put("hookbridge.sheets.client-secret", TestSecrets.SHEETS_CLIENT_SECRET);
        settings.put("hookbridge.sheets.refresh-token", TestSecrets.SHEETS_REFRESH_TOKEN);
        settings.put("hookbridge.sheets.token-uri", sheets.tokenUri());
        return settings;
    }

    private static HttpResponse<String> signed(RunningBridge bridge, byte[] body, String signature) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/webhooks/systeme-signed"))
                .header("Content-Type", "application/json").header("x-webhook-event", "SALE_NEW")
                .header("x-webhook-message-id", "m-" + signature.substring(0, 8)).header("x-webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> admin(RunningBridge bridge, String authorization) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/admin/api/events?limit=50"))
                .header("Authorization", authorization).GET());
    }
}
