package io.hookbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.flow.EventTypes;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The admin API operations of the admin console over real HTTP: the overview (on H2, PostgreSQL
 * and MariaDB), the samples and sending one (as shipped, or edited), and what the event list says
 * of each event.
 */
class AdminConsoleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = TestSecrets.ADMIN_TOKEN;
    private static final long HOUR = 3_600_000L;

    private static RunningBridge bridge(TestDatabase db, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("hookbridge.admin.token", TOKEN);
        return RunningBridge.start(db, settings);
    }

    private static HttpResponse<String> call(RunningBridge bridge, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(bridge.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return RunningBridge.send(request);
    }

    private static HttpResponse<String> send(RunningBridge bridge, String path, String body, String contentType) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static String eventId(HttpResponse<String> accepted) throws Exception {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json(accepted).get("event_id").asText();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_count_events_per_type_per_hour_and_each_flows_deliveries_by_state(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
                RunningBridge bridge = bridge(db, Map.of("hookbridge.delivery.enabled", "false"))) {
            String saleNow = eventId(bridge.postSample("customer.sale.completed.json"));
            String tagNow = eventId(bridge.postSample("contact.tag.added.json"));
            String tagEarlier = eventId(bridge.postSample("contact.tag.removed.json"));
            String saleEarlier = eventId(bridge.postJson(RunningBridge.WEBHOOK,
                    Samples.text("customer.sale.completed.json").replace("612661", "612662").getBytes(StandardCharsets.UTF_8)));
            String saleLastWeek = eventId(bridge.postJson(RunningBridge.WEBHOOK,
                    Samples.text("customer.sale.completed.json").replace("612661", "612663").getBytes(StandardCharsets.UTF_8)));
            long now = System.currentTimeMillis();
            moveReceipt(db, saleNow, now);
            moveReceipt(db, tagNow, now);
            moveReceipt(db, tagEarlier, now - 5 * HOUR);
            moveReceipt(db, saleEarlier, now - 5 * HOUR);
            moveReceipt(db, saleLastWeek, now - 7 * 24 * HOUR);
            // deliveries are off, so every delivery is pending until the test gives it a state
            setDelivery(db, saleNow, "events-to-sql", "delivered", 1);
            setDelivery(db, saleNow, "sales-to-sql", "pending", 2);
            setDelivery(db, tagNow, "events-to-sql", "dead", 9);
            setDelivery(db, saleEarlier, "sales-to-sql", "delivered", 1);
            setDelivery(db, saleLastWeek, "events-to-sql", "dead", 9);

            HttpResponse<String> response = call(bridge, "GET", "/admin/api/overview", TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode overview = json(response);
            List<Instant> hours = StreamSupport.stream(overview.get("hours").spliterator(), false)
                    .map(hour -> Instant.parse(hour.asText())).toList();
            assertThat(hours).hasSize(24);
            assertThat(hours.get(23)).isBeforeOrEqualTo(Instant.ofEpochMilli(now))
                    .isAfter(Instant.ofEpochMilli(now - HOUR));
            int current = hourOf(hours, now);
            int fiveHoursAgo = hourOf(hours, now - 5 * HOUR);
            JsonNode types = overview.get("types");
            assertThat(types).extracting(t -> t.get("type").asText())
                    .containsExactly("customer.sale.completed", "contact.tag.added", "contact.tag.removed");
            assertThat(perHour(types.get(0))).containsEntry(current, 1L).containsEntry(fiveHoursAgo, 1L).hasSize(2);
            assertThat(types.get(0).get("total").asLong()).isEqualTo(2);
            assertThat(perHour(types.get(1))).containsExactlyEntriesOf(Map.of(current, 1L));
            assertThat(perHour(types.get(2))).containsExactlyEntriesOf(Map.of(fiveHoursAgo, 1L));

            Map<String, JsonNode> flows = new HashMap<>();
            overview.get("flows").forEach(flow -> flows.put(flow.get("flow").asText(), flow));
            assertThat(flows).containsKeys("events-to-sql", "sales-to-sql", "events-to-http", "events-to-sheets");
            assertThat(counts(flows.get("events-to-sql"))).containsExactly(1L, 2L, 0L, 2L);
            assertThat(counts(flows.get("sales-to-sql"))).containsExactly(1L, 1L, 1L, 0L);
            assertThat(counts(flows.get("events-to-http"))).containsExactly(0L, 0L, 0L, 0L);
            assertThat(flows.get("events-to-sql").get("on").asBoolean()).isTrue();
            assertThat(flows.get("events-to-http").get("on").asBoolean()).isFalse();

            Map<String, String> statuses = new HashMap<>();
            json(call(bridge, "GET", "/admin/api/events", TOKEN)).get("events")
                    .forEach(e -> statuses.put(e.get("id").asText(), e.get("delivery_status").asText()));
            assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(saleNow, "retrying", tagNow, "dead",
                    tagEarlier, "pending", saleEarlier, "pending", saleLastWeek, "dead"));
        }
    }

    @Test
    void should_give_every_event_type_of_the_chart_its_own_colour() throws Exception {
        try (TestDatabase db = TestDatabase.embedded();
                RunningBridge bridge = bridge(db, Map.of("hookbridge.delivery.enabled", "false"))) {
            // the twelve documented types, and two the bridge does not know, each in one event
            List<String> types = new ArrayList<>(EventTypes.KNOWN);
            types.add("shop.refund.issued");
            types.add("zz.other.thing");
            for (int i = 0; i < types.size(); i++) {
                String event = eventId(bridge.postJson(RunningBridge.WEBHOOK, Samples.text("customer.sale.completed.json")
                        .replace("612661", String.valueOf(700_000 + i)).getBytes(StandardCharsets.UTF_8)));
                db.update("UPDATE hookbridge_event SET type = ? WHERE id = ?", types.get(i), event);
            }

            JsonNode overview = json(call(bridge, "GET", "/admin/api/overview", TOKEN));

            Map<String, Integer> colours = new HashMap<>();
            overview.get("types").forEach(type -> colours.put(type.get("type").asText(), type.get("colour").asInt()));
            assertThat(colours).hasSize(14);
            assertThat(new HashSet<>(colours.values())).as("one colour per type: %s", colours).hasSize(14);
            // a documented type keeps its colour from one hour, day or journal to the next
            EventTypes.KNOWN.forEach(type -> assertThat(colours).containsEntry(type, EventTypes.KNOWN.indexOf(type)));
            assertThat(colours.get("shop.refund.issued")).isEqualTo(12);
            assertThat(colours.get("zz.other.thing")).isEqualTo(13);
        }
    }

    @Test
    void should_list_the_samples_of_the_jar_with_their_types() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); RunningBridge bridge = bridge(db, Map.of())) {
            HttpResponse<String> response = call(bridge, "GET", "/admin/api/samples", TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode samples = json(response).get("samples");
            assertThat(samples).extracting(s -> s.get("name").asText() + ".json")
                    .containsExactlyElementsOf(Samples.SYSTEME);
            for (JsonNode sample : samples) {
                assertThat(sample.get("type").asText()).isEqualTo(
                        JSON.readTree(Samples.bytes(sample.get("name").asText() + ".json")).get("type").asText());
            }
            assertThat(call(bridge, "GET", "/admin/api/samples", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void should_send_a_sample_through_routing_and_the_journal_as_a_new_event_each_time() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); RunningBridge bridge = bridge(db, Map.of())) {
            String first = eventId(call(bridge, "POST", "/admin/api/samples/customer.sale.completed", TOKEN));
            String second = eventId(call(bridge, "POST", "/admin/api/samples/customer.sale.completed", TOKEN));
            String tag = eventId(call(bridge, "POST", "/admin/api/samples/contact.tag.added", TOKEN));

            assertThat(List.of(first, second, tag)).doesNotHaveDuplicates();
            // two events of one order: both in systeme_events, one sale row (systeme_sales is one row per order item)
            await().atMost(WAIT).until(() -> db.count("systeme_events") == 3
                    && journalDelivered(db) == 5);
            assertThat(db.count("systeme_sales")).isEqualTo(1);
            assertThat(db.rows("SELECT id, source, type, remote_address, headers FROM hookbridge_event ORDER BY id"))
                    .containsExactly(
                            sent(first, "customer.sale.completed", "customer.sale.completed"),
                            sent(second, "customer.sale.completed", "customer.sale.completed"),
                            sent(tag, "contact.tag.added", "contact.tag.added"));
            // the dispatch route chose the flows: a sale goes to both SQL flows, a tag to the events table only
            assertThat(db.rows("SELECT flow FROM hookbridge_delivery WHERE event_id = ? ORDER BY flow", first))
                    .extracting(row -> row.get("flow")).containsExactly("events-to-sql", "sales-to-sql");
            assertThat(db.rows("SELECT flow FROM hookbridge_delivery WHERE event_id = ?", tag))
                    .extracting(row -> row.get("flow")).containsExactly("events-to-sql");
            assertThat(db.rows("SELECT body FROM hookbridge_event WHERE id = ?", tag).get(0).get("body"))
                    .isEqualTo(Samples.bytes("contact.tag.added.json"));
            // the webhook of the same body is still a new event: the sample did not take its dedupe key
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);

            JsonNode detail = json(call(bridge, "GET", "/admin/api/events/" + tag, TOKEN));
            assertThat(detail.get("remote_address").asText()).isEqualTo("admin-console");
            assertThat(detail.get("email").asText()).isEqualTo("temochkaykvlv+lksdllfnsnkfdls@gmail.com");
            assertThat(detail.get("summary").asText()).isEqualTo("Tag added: MyAwesomeTag");
        }
    }

    @Test
    void should_refuse_an_unknown_sample_or_a_missing_token_and_store_nothing() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); RunningBridge bridge = bridge(db, Map.of())) {
            for (String name : new String[] {"no.such.sample", "index", "index.txt", "customer.sale.completed.json",
                    "..%2F..%2Fapplication.properties"}) {
                HttpResponse<String> unknown = call(bridge, "POST", "/admin/api/samples/" + name, TOKEN);
                assertThat(unknown.statusCode()).as(name).isEqualTo(404);
                assertThat(json(unknown).has("error")).as(name).isTrue();
            }
            assertThat(json(call(bridge, "POST", "/admin/api/samples/no.such.sample", TOKEN)).get("error").asText())
                    .isEqualTo("unknown_sample");
            HttpResponse<String> anonymous = call(bridge, "POST", "/admin/api/samples/customer.sale.completed", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(call(bridge, "POST", "/admin/api/samples/customer.sale.completed", "wrong-token-0000000")
                    .statusCode()).isEqualTo(401);
            HttpResponse<String> get = call(bridge, "GET", "/admin/api/samples/customer.sale.completed", TOKEN);
            assertThat(get.statusCode()).isEqualTo(404);
            assertThat(json(get).get("error").asText()).isEqualTo("not_found");
            assertThat(db.count("hookbridge_event")).isZero();
        }
    }

    @Test
    void should_journal_an_edited_sample_as_sent_and_route_it_by_its_own_fields() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); RecordingHttpServer receiver = new RecordingHttpServer();
                RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(Map.of(
                        "hookbridge.admin.token", TOKEN, "test.vip.url", receiver.url("/vip"))))) {
            String edited = Samples.text("contact.tag.added.json").replace("\"MyAwesomeTag\"", "\"VIP\"");
            assertThat(edited).contains("\"VIP\"");

            String vip = eventId(send(bridge, "/admin/api/samples/contact.tag.added", edited, "application/json"));
            String plain = eventId(call(bridge, "POST", "/admin/api/samples/contact.tag.added", TOKEN));

            assertThat(db.rows("SELECT body FROM hookbridge_event WHERE id = ?", vip).get(0).get("body"))
                    .isEqualTo(edited.getBytes(StandardCharsets.UTF_8));
            assertThat(db.rows("SELECT source, type, remote_address, headers FROM hookbridge_event WHERE id = ?", vip))
                    .containsExactly(Map.of("source", "systeme", "type", "contact.tag.added", "remote_address",
                            "admin-console", "headers",
                            "{\"x-hookbridge-sample\":\"contact.tag.added\",\"x-hookbridge-sample-edited\":\"true\"}"));
            // the condition of vip-tags read the edited body: it takes the VIP tag, and skips the sample as shipped
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1 && journalDelivered(db) == 3);
            assertThat(db.rows("SELECT flow, status FROM hookbridge_delivery WHERE event_id = ? ORDER BY flow", vip))
                    .containsExactly(Map.of("flow", "events-to-sql", "status", "delivered"),
                            Map.of("flow", "vip-tags", "status", "delivered"));
            assertThat(db.rows("SELECT flow, status, last_error FROM hookbridge_delivery WHERE event_id = ?"
                    + " AND flow = 'vip-tags'", plain)).containsExactly(Map.of("flow", "vip-tags", "status", "skipped",
                            "last_error", "skipped: condition false"));
            assertThat(JSON.readTree(receiver.requests().get(0).body()).get("tag").asText()).isEqualTo("VIP");
            assertThat(db.rows("SELECT raw_json FROM systeme_events WHERE event_id = ?", vip).get(0).get("raw_json"))
                    .isEqualTo(edited);
        }
    }

    @Test
    void should_refuse_an_edited_sample_that_a_webhook_could_not_be_and_store_nothing() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); RunningBridge bridge = bridge(db,
                Map.of("hookbridge.ingress.max-body-bytes", "4000"))) {
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("not JSON", "{\"type\": \"contact.tag.added\", ");
            bad.put("an array", "[{\"type\": \"contact.tag.added\"}]");
            bad.put("a string", "\"contact.tag.added\"");
            bad.put("no type", "{\"data\": {\"tag\": {\"name\": \"VIP\"}}}");
            bad.put("a type that is no string", "{\"type\": [\"contact.tag.added\"]}");
            bad.put("an empty type", "{\"type\": \" \"}");
            bad.put("NUL in the type", "{\"type\": \"contact.tag.added\\u0000\"}");
            bad.put("a right-to-left override in the type", "{\"type\": \"contact.tag.added\\u202e\"}");
            bad.put("a duplicate key", "{\"type\": \"contact.tag.added\", \"type\": \"customer.sale.completed\"}");
            bad.put("text after the object", "{\"type\": \"contact.tag.added\"} x");
            bad.put("nesting past the parser's limit", "{\"type\": \"a\", \"x\": " + "[".repeat(100) + "]".repeat(100) + "}");
            for (Map.Entry<String, String> body : bad.entrySet()) {
                HttpResponse<String> refused = send(bridge, "/admin/api/samples/contact.tag.added", body.getValue(),
                        "application/json");
                assertThat(refused.statusCode()).as(body.getKey() + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(json(refused).get("error").asText()).as(body.getKey()).isNotBlank();
                assertThat(json(refused).get("message").asText()).as(body.getKey()).isNotBlank();
            }
            String large = "{\"type\": \"contact.tag.added\", \"pad\": \"" + "x".repeat(5000) + "\"}";
            assertThat(send(bridge, "/admin/api/samples/contact.tag.added", large, "application/json").statusCode())
                    .isEqualTo(413);
            HttpResponse<String> form = send(bridge, "/admin/api/samples/contact.tag.added", "type=contact.tag.added",
                    "application/x-www-form-urlencoded");
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(send(bridge, "/admin/api/samples/no.such.sample", Samples.text("contact.tag.added.json"),
                    "application/json").statusCode()).isEqualTo(404);
            assertThat(RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/admin/api/samples/contact.tag.added"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Samples.text("contact.tag.added.json")))).statusCode())
                    .isEqualTo(401);

            assertThat(db.count("hookbridge_event")).isZero();
            assertThat(db.count("hookbridge_delivery")).isZero();
            assertThat(db.count("systeme_events")).isZero();
        }
    }

    @Test
    void should_give_each_listed_event_its_contact_email_summary_and_delivery_status() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); RunningBridge bridge = bridge(db, Map.of())) {
            String sale = eventId(bridge.postSample("customer.sale.completed.json"));
            String tag = eventId(bridge.postSample("contact.tag.added.json"));
            String unknown = eventId(bridge.postJson(RunningBridge.WEBHOOK, Samples.bytes("adversarial/unknown-type.json")));
            await().atMost(WAIT).until(() -> db.count("hookbridge_attempt") == 3);

            JsonNode events = json(call(bridge, "GET", "/admin/api/events", TOKEN)).get("events");

            Map<String, JsonNode> byId = new HashMap<>();
            events.forEach(e -> byId.put(e.get("id").asText(), e));
            assertThat(byId.get(sale).get("email").asText()).isEqualTo("test-1922@systeme.io");
            assertThat(byId.get(sale).get("summary").asText()).isEqualTo("Sale: Comment créer un blog qui rapporte, 5.83 EUR");
            assertThat(byId.get(sale).get("delivery_status").asText()).isEqualTo("delivered");
            assertThat(byId.get(sale).get("deliveries").get("delivered").asInt()).isEqualTo(2);
            assertThat(byId.get(tag).get("email").asText()).isEqualTo("temochkaykvlv+lksdllfnsnkfdls@gmail.com");
            assertThat(byId.get(unknown).get("delivery_status").asText()).isEqualTo("unrouted");
            assertThat(byId.get(unknown).get("email").asText()).isEqualTo("late.payer@example.com");
            assertThat(byId.get(unknown).get("summary").asText()).isEqualTo("subscription.payment.failed");
        }
    }

    private static Map<String, Object> sent(String id, String type, String sample) {
        return Map.of("id", id, "source", "systeme", "type", type, "remote_address", "admin-console",
                "headers", "{\"x-hookbridge-sample\":\"" + sample + "\"}");
    }

    private static void moveReceipt(TestDatabase db, String eventId, long receivedAtMs) {
        db.update("UPDATE hookbridge_event SET received_at_ms = ? WHERE id = ?", receivedAtMs, eventId);
    }

    private static void setDelivery(TestDatabase db, String eventId, String flow, String status, int attempts) {
        assertThat(db.update("UPDATE hookbridge_delivery SET status = ?, attempts = ? WHERE event_id = ? AND flow = ?",
                status, attempts, eventId, flow)).isEqualTo(1);
    }

    private static int hourOf(List<Instant> hours, long epochMillis) {
        for (int i = hours.size() - 1; i >= 0; i--) {
            if (hours.get(i).toEpochMilli() <= epochMillis) {
                return i;
            }
        }
        throw new AssertionError("no hour holds " + Instant.ofEpochMilli(epochMillis));
    }

    /** A type's non-zero hourly counts, by hour index. */
    private static Map<Integer, Long> perHour(JsonNode type) {
        Map<Integer, Long> counts = new HashMap<>();
        JsonNode perHour = type.get("counts");
        assertThat(perHour).hasSize(24);
        for (int i = 0; i < perHour.size(); i++) {
            if (perHour.get(i).asLong() != 0) {
                counts.put(i, perHour.get(i).asLong());
            }
        }
        return counts;
    }

    /** delivered, pending, retrying, dead. */
    private static List<Long> counts(JsonNode flow) {
        return List.of(flow.get("delivered").asLong(), flow.get("pending").asLong(), flow.get("retrying").asLong(),
                flow.get("dead").asLong());
    }

    private static long journalDelivered(TestDatabase db) {
        return ((Number) db.rows("SELECT COUNT(*) AS n FROM hookbridge_delivery WHERE status = 'delivered'").get(0)
                .get("n")).longValue();
    }
}
