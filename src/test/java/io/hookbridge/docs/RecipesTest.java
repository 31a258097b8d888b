package io.hookbridge.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.MailServer;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The recipes of docs/flows-and-sinks.md ("Recipes": (a) VIP tag → email, (b) Coaching sales →
 * my URL, (c) enrolments → an Enrolments tab), taken from that page's own code blocks (each a
 * {@code <!-- recipe: path -->} line, then a yaml block), each added as one file to a copy of
 * routes/, and run end to end through the real routes against GreenMail, a local HTTP server
 * and the local Sheets server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipesTest {

    private static final Path RECIPES = Path.of("docs/flows-and-sinks.md");
    private static final Pattern RECIPE = Pattern.compile("<!-- recipe: ([^>]+?) -->\\s*```yaml\\n(.*?)```",
            Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OWNER = "owner@shop.example";

    private TestDatabase db;
    private MailServer mail;
    private RecordingHttpServer receiver;
    private SheetsApiServer sheets;
    private RunningBridge bridge;

    @BeforeAll
    void start() throws IOException {
        Path home = BridgeProcess.newHome();
        assertThat(applyRecipes(home)).containsExactly("routes/flows/vip-tag-to-email.camel.yaml",
                "routes/flows/coaching-sales-to-my-url.camel.yaml", "routes/flows/enrolments-to-sheets.camel.yaml");
        db = TestDatabase.embedded();
        mail = MailServer.start();
        receiver = new RecordingHttpServer();
        sheets = SheetsApiServer.start();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/**/*.camel.yaml");
        settings.put("hookbridge.alerts.to", OWNER);
        settings.putAll(mail.bridgeSettings());
        // the shipped email flows would mail every sale and enrolment too
        settings.put("hookbridge.flow.sales-to-email.enabled", "false");
        settings.put("hookbridge.flow.registrations-to-email.enabled", "false");
        settings.put("coaching.url", receiver.url("/hooks/coaching"));
        settings.putAll(sheets.bridgeSettings("sheet-1", sheets.writeServiceAccountKey(home)));
        settings.put("hookbridge.sheets.batch-wait", "0s");
        bridge = RunningBridge.start(db, settings);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable resource : new AutoCloseable[] {bridge, sheets, receiver, mail, db}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // the others still close
            }
        }
    }

    @Test
    void a_should_email_the_contact_and_tag_once_for_the_tag_vip_and_never_for_another_tag() throws Exception {
        assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagged("VIP")).statusCode()).isEqualTo(202);
        assertThat(bridge.postJson(RunningBridge.WEBHOOK, tagged("Newsletter")).statusCode()).isEqualTo(202);

        MimeMessage[] received = mail.awaitReceived(1, WAIT);
        await().atMost(WAIT).until(() -> pending("vip-tag-to-email") == 0);
        Thread.sleep(1000);
        assertThat(mail.received()).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("New VIP: temochkaykvlv+lksdllfnsnkfdls@gmail.com");
        assertThat(((String) received[0].getContent()).replace("\r\n", "\n").strip()).matches(
                "Tag added: VIP \\(contact.tag.added, received [-0-9: ]+\\)\n\nemail: temochkaykvlv\\+lksdllfnsnkfdls@gmail.com\ntag: VIP");
        assertThat(db.rows("SELECT d.status, d.last_error FROM hookbridge_delivery d JOIN hookbridge_event e"
                + " ON e.id = d.event_id WHERE d.flow = 'vip-tag-to-email' ORDER BY e.received_at_ms"))
                .extracting(row -> row.get("status") + ", " + row.get("last_error"))
                .containsExactly("delivered, null", "skipped, skipped: condition false");
    }

    @Test
    void b_should_post_only_coaching_sales_in_both_webhook_formats() throws Exception {
        byte[] otherSale = Samples.bytes("customer.sale.completed.json");
        byte[] coachingSale = withOffer(otherSale, "Coaching");
        byte[] signedOther = Samples.bytes("systeme-signed/SALE_NEW.body.json");
        byte[] signedCoaching = withSignedOffer(signedOther, "Coaching");

        assertThat(bridge.postJson(RunningBridge.WEBHOOK, otherSale).statusCode()).isEqualTo(202);
        assertThat(bridge.postJson(RunningBridge.WEBHOOK, coachingSale).statusCode()).isEqualTo(202);
        assertThat(postSigned(signedOther, "id-other").statusCode()).isEqualTo(202);
        assertThat(postSigned(signedCoaching, "id-coaching").statusCode()).isEqualTo(202);

        await().atMost(WAIT).until(() -> db.count("hookbridge_delivery WHERE flow = 'coaching-sales-to-my-url'") == 4
                && pending("coaching-sales-to-my-url") == 0);
        assertThat(receiver.requests()).hasSize(2).extracting(RecordingHttpServer.Request::path)
                .containsOnly("/hooks/coaching");
        List<String> bodies = receiver.requests().stream().map(RecordingHttpServer.Request::body).toList();
        // the automation-rule webhook as received; the signed one in the automation-rule shape
        assertThat(bodies).contains(new String(coachingSale, StandardCharsets.UTF_8));
        assertThat(bodies).anySatisfy(body -> {
            JsonNode sale = JSON.readTree(body);
            assertThat(sale.path("data").path("offer_price_plan").path("name").asText()).isEqualTo("Coaching");
            assertThat(sale.path("data").path("order").path("id").asLong()).isEqualTo(99_999_001L);
        });
        assertThat(db.rows("SELECT status FROM hookbridge_delivery WHERE flow = 'coaching-sales-to-my-url'"
                + " ORDER BY id")).extracting(row -> row.get("status"))
                .containsExactly("skipped", "delivered", "skipped", "delivered");
    }

    private long pending(String flow) {
        return db.count("hookbridge_delivery WHERE flow = '" + flow + "' AND status = 'pending'");
    }

    @Test
    void c_should_write_course_and_bundle_enrolments_to_the_enrolments_tab_and_no_webinar_registration() {
        assertThat(bridge.postSample("contact.course.enrolled.json").statusCode()).isEqualTo(202);
        assertThat(bridge.postSample("contact.webinar.registered.json").statusCode()).isEqualTo(202);
        assertThat(bridge.postSample("contact.course_bundle.enrolled.json").statusCode()).isEqualTo(202);

        // the bridge makes the tab, with its header row
        await().atMost(WAIT).until(() -> sheets.displayed("sheet-1", "Enrolments").size() == 3);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> sheets.displayed("sheet-1", "Enrolments").size() == 3);
        List<List<String>> tab = sheets.displayed("sheet-1", "Enrolments");
        assertThat(tab.get(0)).containsExactly("date", "email", "course");
        assertThat(tab.subList(1, 3)).containsExactlyInAnyOrder(
                List.of("2021-10-05 11:12:29", "temochkaykvlv+kek@gmail.com", "webhook data structure doc"),
                List.of("2021-10-05 15:42:47", "temochkaykvlv+test@gmail.com", "webhook data structure doc"));
    }

    private static byte[] tagged(String tag) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(Samples.bytes("contact.tag.added.json"));
        ((ObjectNode) event.path("data").path("tag")).put("name", tag);
        return JSON.writeValueAsBytes(event);
    }

    private static byte[] withOffer(byte[] sale, String offer) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(sale);
        ((ObjectNode) event.path("data").path("offer_price_plan")).put("name", offer);
        return JSON.writeValueAsBytes(event);
    }

    private static byte[] withSignedOffer(byte[] sale, String offer) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(sale);
        ((ObjectNode) body.path("pricePlan")).put("name", offer);
        ((ObjectNode) body.path("order")).put("id", 99_999_001);
        return JSON.writeValueAsBytes(body);
    }

    private java.net.http.HttpResponse<String> postSigned(byte[] body, String messageId) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/webhooks/systeme-signed"))
                .header("Content-Type", "application/json")
                .header("x-webhook-signature", new SystemeSignature(TestSecrets.SIGNING_SECRET).sign(body))
                .header("x-webhook-event", "SALE_NEW")
                .header("x-webhook-message-id", messageId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Writes the recipes' flow files into home/routes; the files written, in the page's order. */
    private static List<String> applyRecipes(Path home) throws IOException {
        Matcher recipe = RECIPE.matcher(Files.readString(RECIPES));
        List<String> written = new java.util.ArrayList<>();
        while (recipe.find()) {
            String target = recipe.group(1).trim();
            Path file = home.resolve(target);
            assertThat(file).as("a recipe adds a file, it does not replace one").doesNotExist();
            Files.writeString(file, recipe.group(2));
            written.add(target);
        }
        return written;
    }
}
