package io.hookbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.testing.MailServer;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flows of the admin console over real HTTP: the list of flows (types, condition, on or off
 * and why) and the preview of a flow for an event, against every kind of sink running for real
 * (the embedded SQL sink, an SMTP server, a local HTTP receiver, a local Sheets API): the exact
 * row, cells, mail and HTTP body; the same as what the flow then sends; and nothing written anywhere.
 */
class FlowsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = TestSecrets.ADMIN_TOKEN;
    private static final String SHEET = "sheet-1";
    private static final String OWNER = "owner@shop.example";
    private static final String SALE = "customer.sale.completed.json";
    private static final String TAG = "contact.tag.added.json";
    /** Every test flow on, but the one that takes seconds per event. */
    private static final String ALL_SALE_FLOWS = "events-to-sql,sales-to-sql,events-to-sheets,sales-to-sheets,"
            + "sales-to-email,events-to-http,http-probe,mapped-http,sales-digest,raw-to-sheets,user-entered-sheets";

    private TestDatabase db;
    private MailServer mail;
    private SheetsApiServer sheets;
    private RecordingHttpServer receiver;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.embedded();
        mail = MailServer.start();
        sheets = SheetsApiServer.start();
        receiver = new RecordingHttpServer();
        keyFile = sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-sheets-"));
    }

    @AfterEach
    void stop() {
        receiver.close();
        sheets.close();
        mail.close();
        db.close();
    }

    /** The bridge with the test flows, every sink configured, the sale flows of {@code saleFlows} on. */
    private RunningBridge bridge(String saleFlows, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("hookbridge.admin.token", TOKEN);
        settings.put("test.sale-flows", saleFlows);
        settings.put("hookbridge.forward.url", receiver.url("/forward"));
        settings.put("test.vip.url", receiver.url("/vip"));
        settings.put("test.mapped-http.url", receiver.url("/mapped"));
        settings.put("test.http.url", receiver.url("/probe"));
        settings.put("hookbridge.alerts.to", OWNER);
        settings.putAll(mail.bridgeSettings());
        settings.putAll(sheets.bridgeSettings(SHEET, keyFile));
        settings.put("hookbridge.sheets.batch-wait", "200ms");
        settings.putAll(extra);
        return RunningBridge.start(db, RunningBridge.withTestRoutes(settings));
    }

    private static HttpResponse<String> call(RunningBridge bridge, String method, String path, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(bridge.uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return RunningBridge.send(request);
    }

    private static JsonNode preview(RunningBridge bridge, String flow, byte[] event) throws Exception {
        HttpResponse<String> response = call(bridge, "POST", "/admin/api/flows/" + flow + "/preview", TOKEN, event);
        assertThat(response.statusCode()).as(flow + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static byte[] tagNamed(String name) throws Exception {
        ObjectNode tag = (ObjectNode) JSON.readTree(Samples.bytes(TAG));
        ((ObjectNode) tag.get("data").get("tag")).put("name", name);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tag);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void should_list_every_flow_with_its_template_types_condition_and_what_turns_it_on() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(Map.of(
                "hookbridge.admin.token", TOKEN, "hookbridge.sheets.spreadsheet-id", "")))) {
            HttpResponse<String> response = call(bridge, "GET", "/admin/api/flows", TOKEN, null);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            Map<String, JsonNode> flows = new LinkedHashMap<>();
            answer.get("flows").forEach(flow -> flows.put(flow.get("name").asText(), flow));
            assertThat(new ArrayList<>(flows.keySet())).isSorted().contains("events-to-sql", "sales-to-sql", "events-to-sheets",
                    "sales-to-email", "events-to-http", "registrations-to-email", "vip-tags", "http-probe", "slow-flow");

            JsonNode eventsToSql = flows.get("events-to-sql");
            assertThat(eventsToSql.get("template").asText()).isEqualTo("sql-insert");
            assertThat(texts(eventsToSql.get("types"))).hasSize(12).contains("customer.sale.completed", "contact.tag.added");
            assertThat(eventsToSql.get("all_types").asBoolean()).isTrue();
            assertThat(eventsToSql.get("condition").isNull()).isTrue();
            assertThat(eventsToSql.get("on").asBoolean()).isTrue();
            assertThat(eventsToSql.has("why_off")).isFalse();

            JsonNode registrations = flows.get("registrations-to-email");
            assertThat(registrations.get("template").asText()).isEqualTo("email-alert");
            assertThat(texts(registrations.get("types"))).containsExactly("contact.course.enrolled",
                    "contact.course_bundle.enrolled", "contact.webinar.registered");
            assertThat(registrations.get("all_types").asBoolean()).isFalse();
            assertThat(registrations.get("on").asBoolean()).isFalse();
            assertThat(texts(registrations.get("turned_on_by"))).containsExactly("hookbridge.alerts.to");
            assertThat(registrations.get("why_off").asText()).isEqualTo("set hookbridge.alerts.to to turn it on");

            JsonNode vip = flows.get("vip-tags");
            assertThat(vip.get("template").asText()).isEqualTo("http-post");
            assertThat(texts(vip.get("types"))).containsExactly("contact.tag.added");
            assertThat(vip.get("condition").get("language").asText()).isEqualTo("jq");
            assertThat(vip.get("condition").get("text").asText()).isEqualTo(".data.tag.name == \"VIP\"");
            assertThat(texts(vip.get("turned_on_by"))).containsExactly("test.vip.url");

            // switched off by its enabled setting (RunningBridge.withTestRoutes)
            JsonNode slow = flows.get("slow-flow");
            assertThat(slow.get("on").asBoolean()).isFalse();
            assertThat(texts(slow.get("turned_on_by"))).containsExactly("hookbridge.flow.slow-flow.enabled=true");

            JsonNode byType = answer.get("by_type");
            assertThat(texts(byType.get("customer.sale.completed")))
                    .containsExactlyInAnyOrder("events-to-sql", "sales-to-sql", "http-probe");
            assertThat(texts(byType.get("contact.tag.added"))).containsExactly("events-to-sql");

            // no SMTP server is set: an email flow is off, and its mail can still be previewed
            JsonNode mailed = preview(bridge, "registrations-to-email", Samples.bytes("contact.course.enrolled.json"));
            assertThat(mailed.get("on").asBoolean()).isFalse();
            assertThat(mailed.get("writes").get("to").asText()).isEmpty();
            assertThat(mailed.get("writes").get("subject").asText()).isNotBlank();
            assertThat(mailed.get("writes").get("text").asText()).contains("temochkaykvlv+kek@gmail.com");

            assertThat(call(bridge, "GET", "/admin/api/flows", null, null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void should_preview_the_exact_row_cells_mail_and_http_body_of_each_kind_of_sink() throws Exception {
        try (RunningBridge bridge = bridge(ALL_SALE_FLOWS, Map.of())) {
            byte[] sale = Samples.bytes(SALE);
            byte[] tag = Samples.bytes(TAG);

            JsonNode events = preview(bridge, "events-to-sql", tag);
            assertThat(events.get("type").asText()).isEqualTo("contact.tag.added");
            assertThat(events.get("takes_type").asBoolean()).isTrue();
            assertThat(events.get("condition").get("holds").asBoolean()).isTrue();
            assertThat(events.get("condition").get("reason").asText()).isEqualTo("no condition");
            assertThat(events.get("would_deliver").asBoolean()).isTrue();
            JsonNode row = events.get("writes");
            assertThat(row.get("sink").asText()).isEqualTo("sql-insert");
            assertThat(row.get("table").asText()).isEqualTo("systeme_events");
            assertThat(texts(row.get("key"))).containsExactly("event_id");
            Map<String, Object> values = JSON.convertValue(row.get("values"), Map.class);
            assertThat(values).containsExactly(
                    Map.entry("event_id", events.get("event_id").asText()),
                    Map.entry("type", "contact.tag.added"),
                    Map.entry("occurred_at", "2021-10-05T09:52:38Z"),
                    Map.entry("contact_id", 29143587),
                    Map.entry("contact_email", "temochkaykvlv+lksdllfnsnkfdls@gmail.com"),
                    Map.entry("account_email", "temochkaykvlv@gmail.com"),
                    Map.entry("raw_json", Samples.text(TAG)));
            assertThat(row.get("statement").asText()).startsWith("INSERT").contains("systeme_events");

            JsonNode sales = preview(bridge, "sales-to-sql", sale).get("writes");
            assertThat(texts(sales.get("key"))).containsExactly("order_id", "order_item_id");
            assertThat(sales.get("values").get("order_id").asLong()).isEqualTo(612661);
            assertThat(sales.get("values").get("amount_cents").asLong()).isEqualTo(583);
            assertThat(sales.get("values").get("currency").asText()).isEqualTo("eur");

            JsonNode cells = preview(bridge, "sales-to-sheets", sale).get("writes");
            assertThat(cells.get("sink").asText()).isEqualTo("google-sheets");
            assertThat(cells.get("spreadsheet_id").asText()).isEqualTo(SHEET);
            assertThat(cells.get("tab").asText()).isEqualTo("Sales");
            assertThat(cells.get("mode").asText()).isEqualTo("append");
            assertThat(cells.get("columns_by").asText()).isEqualTo("header");
            Map<String, Object> saleCells = new java.util.LinkedHashMap<>();
            saleCells.put("date", "2021-09-10 14:23:33");
            saleCells.put("order", 612661);
            saleCells.put("email", "test-1922@systeme.io");
            saleCells.put("first_name", "test-1922");
            saleCells.put("surname", "test-1922");
            saleCells.put("country", "FR");
            saleCells.put("offer", "Comment créer un blog qui rapporte");
            saleCells.put("amount", new BigDecimal("5.83"));
            saleCells.put("currency", "EUR");
            assertThat(cells.get("cells").toString()).isEqualTo(JSON.writeValueAsString(saleCells));
            // an upsert by key: its key and the tags it adds to the contact's list
            JsonNode contact = preview(bridge, "contacts-to-sheets", tagNamed("VIP")).get("writes");
            assertThat(contact.get("mode").asText()).isEqualTo("upsert");
            assertThat(contact.get("key").asText()).isEqualTo("contact_id");
            assertThat(contact.get("cells").get("tags").asText()).isEqualTo("+VIP");

            // USER_ENTERED: a name that Sheets would read as a formula gets its apostrophe, as in the append call
            ObjectNode formula = (ObjectNode) JSON.readTree(sale);
            ((ObjectNode) formula.get("data").get("customer").get("fields")).put("first_name", "=HYPERLINK(\"x\")");
            JsonNode typed = preview(bridge, "user-entered-sheets", JSON.writeValueAsBytes(formula)).get("writes");
            assertThat(typed.get("cells").get("first").asText()).isEqualTo("'=HYPERLINK(\"x\")");
            JsonNode raw = preview(bridge, "sales-to-sheets", JSON.writeValueAsBytes(formula)).get("writes");
            assertThat(raw.get("cells").get("first_name").asText()).isEqualTo("=HYPERLINK(\"x\")");

            JsonNode mailed = preview(bridge, "sales-to-email", sale).get("writes");
            assertThat(mailed.get("sink").asText()).isEqualTo("email-alert");
            assertThat(mailed.get("to").asText()).isEqualTo(OWNER);
            assertThat(mailed.get("subject").asText())
                    .isEqualTo("New sale: 5.83 EUR, Comment créer un blog qui rapporte, test-1922@systeme.io");
            assertThat(mailed.get("text").asText()).isEqualTo("""
                    New sale on 2021-09-10 14:23:33

                    Offer:    Comment créer un blog qui rapporte
                    Amount:   5.83 EUR
                    Customer: test-1922 test-1922 <test-1922@systeme.io>
                    Order:    612661
                    Funnel:   Comment créer un blog qui rapporte
                    """);
            assertThat(mailed.get("html").asText()).contains("<h2>New sale: 5.83 EUR</h2>")
                    .contains("<tr><td>Customer</td><td>test-1922 test-1922 &lt;test-1922@systeme.io&gt;</td></tr>");
            assertThat(preview(bridge, "sales-digest", sale).get("writes").get("sink").asText()).isEqualTo("email-digest");

            JsonNode forwarded = preview(bridge, "events-to-http", tag).get("writes");
            assertThat(forwarded.get("sink").asText()).isEqualTo("http-post");
            assertThat(forwarded.get("url").asText()).isEqualTo(receiver.url("/forward"));
            assertThat(forwarded.get("content_type").asText()).isEqualTo("application/json; charset=UTF-8");
            assertThat(forwarded.get("body").asText()).isEqualTo(Samples.text(TAG));
            assertThat(forwarded.get("signed").asBoolean()).isFalse();

            JsonNode mapped = preview(bridge, "mapped-http", sale).get("writes");
            assertThat(JSON.readTree(mapped.get("body").asText())).isEqualTo(JSON.readTree("""
                    {"order_id": 612661, "email": "test-1922@systeme.io", "amount": 5.83, "currency": "EUR",
                     "coupon": null, "at": "2021-09-10T14:23:33Z"}"""));

            // a flow whose template is no sink of the bridge: no writes to show
            JsonNode probe = preview(bridge, "http-probe", sale);
            assertThat(probe.get("template").asText()).isEqualTo("http-probe");
            assertThat(probe.get("writes").isNull()).isTrue();
        }
    }

    @Test
    void should_say_whether_the_condition_holds_for_the_event_as_edited() throws Exception {
        try (RunningBridge bridge = bridge("events-to-sql,sales-to-sql", Map.of())) {
            JsonNode vip = preview(bridge, "vip-tags", tagNamed("VIP"));
            assertThat(vip.get("condition").get("holds").asBoolean()).isTrue();
            assertThat(vip.get("condition").get("reason").asText()).isEqualTo("condition holds");
            assertThat(vip.get("would_deliver").asBoolean()).isTrue();
            assertThat(JSON.readTree(vip.get("writes").get("body").asText())).isEqualTo(JSON.readTree("""
                    {"email": "temochkaykvlv+lksdllfnsnkfdls@gmail.com", "tag": "VIP", "at": "2021-10-05T09:52:38Z"}"""));

            JsonNode plain = preview(bridge, "vip-tags", Samples.bytes(TAG));
            assertThat(plain.get("condition").get("holds").asBoolean()).isFalse();
            assertThat(plain.get("condition").get("reason").asText()).isEqualTo("skipped: condition false");
            assertThat(plain.get("would_deliver").asBoolean()).isFalse();

            JsonNode sale = preview(bridge, "vip-tags", Samples.bytes(SALE));
            assertThat(sale.get("takes_type").asBoolean()).isFalse();
            assertThat(sale.get("would_deliver").asBoolean()).isFalse();

            // a flow that is off still shows what it would write, and says it is off
            JsonNode off = preview(bridge, "sales-to-sheets", Samples.bytes(SALE));
            assertThat(off.get("on").asBoolean()).isFalse();
            assertThat(off.get("would_deliver").asBoolean()).isFalse();
            assertThat(off.get("writes").get("cells").get("order").asLong()).isEqualTo(612661);
        }
    }

    @Test
    void should_preview_what_the_flows_then_send() throws Exception {
        try (RunningBridge bridge = bridge("events-to-sql,sales-to-sql,sales-to-sheets,sales-to-email,events-to-http",
                Map.of())) {
            byte[] sale = Samples.bytes(SALE);
            JsonNode sheetRow = preview(bridge, "sales-to-sheets", sale).get("writes").get("cells");
            JsonNode mailed = preview(bridge, "sales-to-email", sale).get("writes");
            JsonNode forwarded = preview(bridge, "events-to-http", sale).get("writes");
            byte[] vipTag = tagNamed("VIP");
            JsonNode vip = preview(bridge, "vip-tags", vipTag).get("writes");

            assertThat(bridge.postSample(SALE).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, vipTag).statusCode()).isEqualTo(202);
            MimeMessage message = mail.awaitReceived(1, WAIT)[0];
            await().atMost(WAIT).until(() -> sheets.displayed(SHEET, "Sales").size() == 2 && receiver.requests().size() == 3);

            assertThat(message.getSubject()).isEqualTo(mailed.get("subject").asText());
            assertThat(part(message, "text/plain")).isEqualTo(mailed.get("text").asText());
            assertThat(part(message, "text/html")).isEqualTo(mailed.get("html").asText());
            // each cell as the sheet shows it, under the header cell of its column
            List<List<String>> shown = sheets.displayed(SHEET, "Sales");
            for (int column = 0; column < shown.get(0).size(); column++) {
                String name = shown.get(0).get(column);
                if (sheetRow.has(name)) {
                    assertThat(shown.get(1).get(column)).as(name).isEqualTo(sheetRow.get(name).asText());
                }
            }
            assertThat(shown.get(0)).containsAll(iterable(sheetRow.fieldNames()));
            assertThat(receiver.requests()).filteredOn(request -> request.path().equals("/forward"))
                    .extracting(RecordingHttpServer.Request::body).contains(forwarded.get("body").asText());
            assertThat(receiver.requests()).filteredOn(request -> request.path().equals("/forward"))
                    .allSatisfy(request -> assertThat(request.header("Content-Type"))
                            .isEqualTo(forwarded.get("content_type").asText()));
            assertThat(receiver.requests()).filteredOn(request -> request.path().equals("/vip"))
                    .extracting(RecordingHttpServer.Request::body).containsExactly(vip.get("body").asText());
        }
    }

    @Test
    void should_write_nothing_anywhere_when_every_flow_is_previewed_with_every_sample() throws Exception {
        try (RunningBridge bridge = bridge(ALL_SALE_FLOWS, Map.of())) {
            List<String> flows = new ArrayList<>();
            JSON.readTree(call(bridge, "GET", "/admin/api/flows", TOKEN, null).body()).get("flows")
                    .forEach(flow -> flows.add(flow.get("name").asText()));
            assertThat(flows).contains("events-to-sql", "sales-to-sql", "events-to-sheets", "sales-to-sheets",
                    "sales-to-email", "registrations-to-email", "events-to-http", "vip-tags", "mapped-http", "sales-digest");
            List<byte[]> events = new ArrayList<>();
            for (String sample : Samples.SYSTEME) {
                events.add(Samples.bytes(sample));
            }
            events.add(tagNamed("VIP"));
            // the bridge sets up its tabs at startup (one write, before any event): that write is not a preview's
            await().atMost(WAIT).until(() -> sheets.tabs(SHEET).contains("Sales"));
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> sheets.writeCalls().size() == 1);
            List<List<List<String>>> tabsBefore = sheets.tabs(SHEET).stream().map(tab -> sheets.displayed(SHEET, tab)).toList();
            int previews = 0;
            for (String flow : flows) {
                for (byte[] event : events) {
                    JsonNode answer = preview(bridge, flow, event);
                    assertThat(answer.has("error")).as(flow + ": " + answer).isFalse();
                    previews++;
                }
            }
            assertThat(previews).isEqualTo(flows.size() * events.size());

            assertThat(mail.received()).isEmpty();
            assertThat(receiver.requests()).isEmpty();
            assertThat(sheets.writeCalls()).hasSize(1);
            assertThat(sheets.tabs(SHEET).stream().map(tab -> sheets.displayed(SHEET, tab)).toList()).isEqualTo(tabsBefore);
            assertThat(db.count("systeme_events")).isZero();
            assertThat(db.count("systeme_sales")).isZero();
            assertThat(db.count("hookbridge_event")).isZero();
            assertThat(db.count("hookbridge_delivery")).isZero();
        }
    }

    @Test
    void should_refuse_an_unknown_flow_a_bad_event_or_a_missing_token_and_write_nothing() throws Exception {
        try (RunningBridge bridge = bridge("events-to-sql,sales-to-sql", Map.of())) {
            HttpResponse<String> unknown = call(bridge, "POST", "/admin/api/flows/no-such-flow/preview", TOKEN,
                    Samples.bytes(TAG));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("unknown_flow");

            Map<String, String> bad = Map.of(
                    "not JSON", "{\"type\": ",
                    "an array", "[1, 2]",
                    "no type", "{\"data\": {}}",
                    "a number as type", "{\"type\": 5}",
                    "a control character in the type", "{\"type\": \"contact.tag.added\\u0000\"}",
                    "a duplicate key", "{\"type\": \"a\", \"type\": \"b\"}",
                    "two values", "{\"type\": \"contact.tag.added\"} {}");
            for (Map.Entry<String, String> body : bad.entrySet()) {
                HttpResponse<String> refused = call(bridge, "POST", "/admin/api/flows/events-to-sql/preview", TOKEN,
                        body.getValue().getBytes(StandardCharsets.UTF_8));
                assertThat(refused.statusCode()).as(body.getKey() + ": " + refused.body()).isEqualTo(400);
                assertThat(JSON.readTree(refused.body()).has("error")).as(body.getKey()).isTrue();
            }
            assertThat(call(bridge, "POST", "/admin/api/flows/events-to-sql/preview", TOKEN, new byte[0]).statusCode())
                    .isEqualTo(400);
            assertThat(call(bridge, "POST", "/admin/api/flows/events-to-sql/preview", null, Samples.bytes(TAG))
                    .statusCode()).isEqualTo(401);
            assertThat(RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/admin/api/flows/events-to-sql/preview"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes(TAG)))).statusCode()).isEqualTo(415);

            assertThat(db.count("hookbridge_event")).isZero();
            assertThat(db.count("systeme_events")).isZero();
        }
    }

    /** The multipart/alternative part of that type, decoded, with the line ends the bridge wrote. */
    private static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                return ((String) part.getContent()).replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
