package io.hookbridge.payload.signed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.EventSummary;
import io.hookbridge.mapping.FieldMapping;
import io.hookbridge.mapping.FieldMappings;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.testing.Samples;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class SignedPayloadsTest {

    private static final PayloadParser PARSER = new PayloadParser();
    private static final Instant RECEIVED_AT = Instant.parse("2026-11-22T10:00:00.123456Z");
    private static final String RECEIVED_AT_TEXT = "2026-11-22T10:00:00+00:00";
    private static final String SALE_NEW = "systeme-signed/SALE_NEW.body.json";

    /** A contact as the signed contact events carry it: camelCase keys, fields as a list of slug/value entries. */
    private static final String CONTACT = """
            {"id": 501, "email": "ana.lima@example.com", "registeredAt": "2025-03-14T08:00:00+00:00",
             "locale": "fr", "sourceURL": "https://example.com/optin?utm_source=news", "unsubscribed": false,
             "bounced": false, "needsConfirmation": false,
             "fields": [{"fieldName": "Prénom", "slug": "first_name", "value": "Ana"},
                        {"fieldName": "Nom", "slug": "surname", "value": "Lima"},
                        {"fieldName": "Téléphone", "slug": "phone_number", "value": null}],
             "tags": [{"id": 7, "name": "lead"}, {"id": 9, "name": "VIP"}]}
            """;

    private static JsonNode json(String text) {
        return PARSER.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode normalise(String type, String body) {
        return SignedPayloads.normalise(type, json(body), RECEIVED_AT);
    }

    private static ObjectNode normalisedSale() {
        return SignedPayloads.normalise("customer.sale.completed", PARSER.parse(Samples.bytes(SALE_NEW)), RECEIVED_AT);
    }

    /** The event a flow receives, its payload being {@code payload}. */
    private static JournalEvent event(String type, JsonNode payload) {
        try {
            byte[] body = PARSER.mapper().writeValueAsBytes(payload);
            return new JournalEvent("01j-signed", "systeme", type, RECEIVED_AT, body, PARSER::parseStored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JournalEvent automationEvent(String sample) {
        JsonNode payload = PARSER.parse(Samples.bytes(sample));
        return event(payload.get("type").asText(), payload);
    }

    /** The mapping lines of a flow file's {@code columns} parameter, as the SQL sink reads them. */
    private static String columnsOf(String flowFile) throws IOException {
        Object routes = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(Path.of(flowFile)));
        Map<?, ?> route = (Map<?, ?>) ((Map<?, ?>) ((List<?>) routes).get(0)).get("templatedRoute");
        for (Object parameter : (List<?>) route.get("parameters")) {
            if ("columns".equals(((Map<?, ?>) parameter).get("name"))) {
                return (String) ((Map<?, ?>) parameter).get("value");
            }
        }
        throw new AssertionError(flowFile + " has no columns parameter");
    }

    /** Every key outside {@code fields} objects; fields keys are the account's own slugs. */
    private static List<String> keysOutsideFields(JsonNode node) {
        List<String> keys = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                keys.add(entry.getKey());
                if (!entry.getKey().equals("fields")) {
                    keys.addAll(keysOutsideFields(entry.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> keys.addAll(keysOutsideFields(element)));
        }
        return keys;
    }

    @Test
    void should_give_the_real_sale_the_paths_the_sales_flows_read() {
        ObjectNode sale = normalisedSale();

        assertThat(sale.fieldNames()).toIterable().containsExactly("type", "data", "created_at");
        assertThat(sale.get("type").asText()).isEqualTo("customer.sale.completed");
        assertThat(sale.get("created_at").asText()).isEqualTo("2026-09-27T20:16:26+00:00");
        JsonNode data = sale.get("data");
        JsonNode customer = data.get("customer");
        assertThat(customer.get("id").isIntegralNumber()).isTrue();
        assertThat(customer.get("id").longValue()).isEqualTo(12799002L);
        assertThat(customer.get("email").asText()).isEqualTo("utilisateurdemo+capture@example.com");
        assertThat(customer.get("fields").get("first_name").asText()).isEqualTo("Test");
        assertThat(customer.get("fields").get("country").asText()).isEqualTo("FR");
        assertThat(customer.get("fields").get("postcode").asText()).isEqualTo("75001");
        assertThat(customer.get("client_ip").asText()).isEqualTo("203.0.113.10");
        assertThat(customer.get("contact_id").longValue()).isEqualTo(445573087L);
        assertThat(customer.get("payment_processor").asText()).isEqualTo("cash on delivery");
        assertThat(customer.get("source_url").asText()).isEqualTo("https://utilisateurdemo.systeme.io/466f06b8");
        JsonNode plan = data.get("offer_price_plan");
        assertThat(plan.get("name").asText()).isEqualTo("Produit physique test PULSACITY");
        assertThat(plan.get("inner_name").asText()).isEqualTo("Produit physique test PULSACITY");
        assertThat(plan.get("direct_charge_amount").isIntegralNumber()).isTrue();
        assertThat(plan.get("direct_charge_amount").longValue()).isEqualTo(100L);
        assertThat(plan.get("amount").longValue()).isEqualTo(100L);
        assertThat(plan.get("currency").asText()).isEqualTo("eur");
        assertThat(plan.get("recurring_options").isNull()).isTrue();
        assertThat(data.get("order").get("id").longValue()).isEqualTo(12768313L);
        assertThat(data.get("order").get("total_price").longValue()).isEqualTo(100L);
        assertThat(data.get("order").get("vat").isBigDecimal()).isTrue(); // as the bridge's parser reads 0.0
        assertThat(data.get("order").get("vat").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(data.get("order").get("discount_amount").isNull()).isTrue();
        assertThat(data.get("funnel_step").get("name").asText()).isEqualTo("Bon de commande");
        assertThat(data.get("funnel_step").get("funnel").get("name").asText()).isEqualTo("Tunnel test PULSACITY");
        JsonNode resource = data.get("order_item").get("resources").get(0);
        assertThat(resource.get("physical_product").get("name").asText()).isEqualTo("Produit physique test PULSACITY");
        assertThat(resource.get("enrollment_dripping_access_course").isNull()).isTrue();
        assertThat(data.get("coupon").isNull()).isTrue();
        assertThat(data.get("checkout_page").isNull()).isTrue();
        assertThat(data.has("pricePlan")).isFalse();
        assertThat(keysOutsideFields(data)).allMatch(key -> key.matches("[a-z0-9_]+"), "snake_case");
    }

    @Test
    void should_map_the_real_sale_with_the_sql_flow_columns_like_an_automation_sale() throws IOException {
        FieldMapping columns = new FieldMappings(ZoneOffset.UTC).of(columnsOf("routes/flows/sales-to-sql.camel.yaml"));

        Map<String, Object> signed = columns.apply(event("customer.sale.completed", normalisedSale()));
        Map<String, Object> automation = columns.apply(automationEvent("customer.sale.completed.json"));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("event_id", "01j-signed");
        expected.put("order_id", 12768313L);
        expected.put("order_item_id", 15460129L);
        expected.put("customer_id", 12799002L);
        expected.put("email", "utilisateurdemo+capture@example.com");
        expected.put("first_name", "Test");
        expected.put("surname", null); // the captured buyer's form had no surname field
        expected.put("country", "FR");
        expected.put("offer_name", "Produit physique test PULSACITY");
        expected.put("amount_cents", 100L);
        expected.put("currency", "eur");
        expected.put("funnel_name", "Tunnel test PULSACITY");
        expected.put("created_at", OffsetDateTime.of(2026, 9, 27, 20, 16, 26, 0, ZoneOffset.UTC));
        assertThat(signed).containsExactlyEntriesOf(expected);
        assertThat(automation.values()).doesNotContainNull();
        Map<String, Class<?>> automationKinds = automation.entrySet().stream()
                .filter(entry -> !entry.getKey().equals("surname"))
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().getClass()));
        Map<String, Class<?>> signedKinds = signed.entrySet().stream()
                .filter(entry -> !entry.getKey().equals("surname"))
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().getClass()));
        assertThat(signedKinds).isEqualTo(automationKinds);
    }

    @Test
    void should_describe_the_real_sale_like_an_automation_sale() {
        assertThat(EventSummary.of(event("customer.sale.completed", normalisedSale())))
                .isEqualTo("Sale: Produit physique test PULSACITY, 1.00 EUR");
    }

    @Test
    void should_put_a_created_contact_where_the_automation_format_has_it() {
        ObjectNode created = normalise("contact.created", "{\"contact\": " + CONTACT + "}");

        JsonNode contact = created.get("data").get("contact");
        assertThat(contact.get("id").longValue()).isEqualTo(501L);
        assertThat(contact.get("email").asText()).isEqualTo("ana.lima@example.com");
        assertThat(contact.get("registered_at").asText()).isEqualTo("2025-03-14T08:00:00+00:00");
        assertThat(contact.get("source_url").asText()).isEqualTo("https://example.com/optin?utm_source=news");
        assertThat(contact.get("needs_confirmation").isBoolean()).isTrue();
        assertThat(contact.get("unsubscribed").booleanValue()).isFalse();
        assertThat(contact.get("tags").get(1).get("name").asText()).isEqualTo("VIP");
        assertThat(contact.get("fields")).isEqualTo(json("{\"first_name\": \"Ana\", \"surname\": \"Lima\", \"phone_number\": null}"));
        // when the contact registered is not when the event happened
        assertThat(created.get("created_at").asText()).isEqualTo(RECEIVED_AT_TEXT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "contact.tag.added   | contact.tag.added.json   | Tag added: VIP",
        "contact.tag.removed | contact.tag.removed.json | Tag removed: VIP"})
    void should_give_tag_events_the_paths_of_the_automation_samples(String type, String sample, String summary)
            throws IOException {
        ObjectNode tagged = normalise(type, "{\"contact\": " + CONTACT + ", \"tag\": {\"id\": 9, \"name\": \"VIP\"}}");

        assertThat(tagged.get("data").get("tag")).isEqualTo(json("{\"id\": 9, \"name\": \"VIP\"}"));
        assertThat(tagged.get("data").get("contact").get("email").asText()).isEqualTo("ana.lima@example.com");
        assertThat(EventSummary.of(event(type, tagged))).isEqualTo(summary);
        FieldMapping mapping = FieldMapping.parse("""
                tag_id    = $.data.tag.id as long
                tag       = $.data.tag.name
                contact   = $.data.contact.id as long
                email     = $.data.contact.email
                occurred  = $.created_at as timestamp
                """);
        Map<String, Object> signed = mapping.apply(event(type, tagged));
        Map<String, Object> automation = mapping.apply(automationEvent(sample));
        assertThat(signed).containsExactly(Map.entry("tag_id", 9L), Map.entry("tag", "VIP"), Map.entry("contact", 501L),
                Map.entry("email", "ana.lima@example.com"),
                Map.entry("occurred", OffsetDateTime.of(2026, 11, 22, 10, 0, 0, 0, ZoneOffset.UTC)));
        assertThat(automation.values()).doesNotContainNull();
    }

    @Test
    void should_unwrap_a_contact_nested_in_a_contact() {
        ObjectNode removed = normalise("contact.tag.removed",
                "{\"contact\": {\"contact\": " + CONTACT + "}, \"tag\": {\"id\": 2, \"name\": \"old\"}}");

        assertThat(removed.get("data").get("contact").get("email").asText()).isEqualTo("ana.lima@example.com");
        assertThat(removed.get("data").get("contact").get("fields").get("first_name").asText()).isEqualTo("Ana");
        assertThat(removed.get("data").get("tag").get("name").asText()).isEqualTo("old");
    }

    @Test
    void should_wrap_an_opt_in_whose_body_is_the_contact_itself() {
        ObjectNode optin = normalise("contact.optin.completed", CONTACT);

        assertThat(optin.get("data").fieldNames()).toIterable().containsExactly("contact");
        assertThat(optin.get("data").get("contact").get("email").asText()).isEqualTo("ana.lima@example.com");
        assertThat(optin.get("data").get("contact").get("source_url").asText())
                .isEqualTo("https://example.com/optin?utm_source=news");
        assertThat(EventSummary.of(event("contact.optin.completed", optin))).isEqualTo("Opt-in");
    }

    @Test
    void should_keep_an_opt_in_wrapped_in_contact_as_it_is() {
        ObjectNode optin = normalise("contact.optin.completed", "{\"contact\": " + CONTACT + "}");

        assertThat(optin.get("data").get("contact").get("email").asText()).isEqualTo("ana.lima@example.com");
        assertThat(optin.get("data").get("contact").has("contact")).isFalse();
    }

    @Test
    void should_leave_the_keys_of_fields_as_the_account_wrote_them() {
        ObjectNode sale = normalise("customer.sale.completed", """
                {"customer": {"email": "a@example.com",
                              "fields": {"first_name": "A", "companyName": "Acme", "Code-Client": 42,
                                         "addressLines": {"lineOne": "1 rue X"}, "tagsList": [{"someKey": 1}]}},
                 "pricePlan": {"amount": 1999, "currency": "eur", "fields": {"planNote": "x"}}}
                """);

        assertThat(sale.get("data").get("customer").get("fields")).isEqualTo(json("""
                {"first_name": "A", "companyName": "Acme", "Code-Client": 42,
                 "addressLines": {"lineOne": "1 rue X"}, "tagsList": [{"someKey": 1}]}
                """));
        assertThat(sale.get("data").get("offer_price_plan").get("fields")).isEqualTo(json("{\"planNote\": \"x\"}"));
        assertThat(EventSummary.of(event("customer.sale.completed", sale))).isEqualTo("Sale: 19.99 EUR");
    }

    @Test
    void should_keep_fields_lists_that_are_not_slug_value_entries_as_they_are() {
        ObjectNode contact = normalise("contact.created", """
                {"contact": {"email": "a@example.com", "fields": [{"fieldName": "x", "value": 1}, {"slug": "y"}]},
                 "other": {"fields": [], "innerKey": 1}}
                """);

        assertThat(contact.get("data").get("contact").get("fields"))
                .isEqualTo(json("[{\"fieldName\": \"x\", \"value\": 1}, {\"slug\": \"y\"}]"));
        assertThat(contact.get("data").get("other")).isEqualTo(json("{\"fields\": [], \"inner_key\": 1}"));
    }

    @Test
    void should_take_received_at_when_the_body_has_no_time() {
        ObjectNode sale = normalise("customer.sale.completed",
                "{\"customer\": {\"email\": \"a@example.com\"}, \"order\": {\"id\": 3}}");

        assertThat(sale.get("created_at").asText()).isEqualTo(RECEIVED_AT_TEXT);
        assertThat(OffsetDateTime.parse(sale.get("created_at").asText()).toInstant())
                .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"\"", "1790000000", "null", "{\"date\": \"2026-01-01\"}",
        "\"2026-09-27T20:16:26\""})
    void should_take_received_at_when_the_order_time_is_not_a_time_with_an_offset(String createdAt) {
        ObjectNode sale = normalise("customer.sale.completed", "{\"order\": {\"id\": 3, \"createdAt\": " + createdAt + "}}");

        assertThat(sale.get("created_at").asText()).isEqualTo(RECEIVED_AT_TEXT);
        assertThat(sale.get("data").get("order").get("created_at")).isEqualTo(json(createdAt));
    }

    @Test
    void should_take_the_events_own_time_when_there_is_no_order() {
        ObjectNode tagged = normalise("contact.tag.added",
                "{\"contact\": " + CONTACT + ", \"tag\": {\"id\": 9, \"name\": \"VIP\"}, \"addedAt\": \"2026-10-01T10:30:00+02:00\"}");

        assertThat(tagged.get("created_at").asText()).isEqualTo("2026-10-01T10:30:00+02:00");
    }

    @Test
    void should_prefer_the_order_time_to_the_events_own_time() {
        ObjectNode sale = normalise("customer.sale.completed",
                "{\"order\": {\"createdAt\": \"2026-09-27T20:16:26+00:00\"}, \"occurredAt\": \"2026-09-27T20:16:30+00:00\"}");

        assertThat(sale.get("created_at").asText()).isEqualTo("2026-09-27T20:16:26+00:00");
    }

    @Test
    void should_not_date_a_cancelled_sale_by_its_order() {
        String body = new String(Samples.bytes(SALE_NEW), StandardCharsets.UTF_8);

        ObjectNode cancelled = normalise("customer.sale.cancelled", body);

        assertThat(cancelled.get("created_at").asText()).isEqualTo(RECEIVED_AT_TEXT);
        assertThat(cancelled.get("data").get("order").get("created_at").asText()).isEqualTo("2026-09-27T20:16:26+00:00");
        assertThat(cancelled.get("data").get("offer_price_plan").get("direct_charge_amount").longValue()).isEqualTo(100L);
    }

    @Test
    void should_read_a_sale_wrapped_in_sale_as_the_sale() {
        ObjectNode cancelled = normalise("customer.sale.cancelled", """
                {"sale": {"customer": {"email": "a@example.com"}, "pricePlan": {"name": "Plan", "amount": 500}},
                 "canceledAt": "2026-10-02T08:00:00+00:00"}
                """);

        assertThat(cancelled.get("data")).isEqualTo(json("""
                {"customer": {"email": "a@example.com"},
                 "offer_price_plan": {"name": "Plan", "amount": 500, "direct_charge_amount": 500},
                 "canceled_at": "2026-10-02T08:00:00+00:00"}
                """));
        assertThat(cancelled.get("created_at").asText()).isEqualTo("2026-10-02T08:00:00+00:00");
    }

    @Test
    void should_keep_an_explicit_direct_charge_amount_and_the_first_of_two_keys_with_the_same_name() {
        ObjectNode sale = normalise("customer.sale.completed", """
                {"pricePlan": {"amount": 100, "directChargeAmount": 90},
                 "customer": {"clientIp": "203.0.113.1", "client_ip": "203.0.113.2"}}
                """);

        assertThat(sale.get("data").get("offer_price_plan").get("direct_charge_amount").intValue()).isEqualTo(90);
        assertThat(sale.get("data").get("customer").get("client_ip").asText()).isEqualTo("203.0.113.1");
    }

    @Test
    void should_leave_an_unknown_signed_event_in_the_same_shape() {
        ObjectNode unknown = normalise("systeme.signed.order_refunded", "{\"refund\": {\"orderId\": 5, \"amountCents\": 100}}");

        assertThat(unknown).isEqualTo(json("""
                {"type": "systeme.signed.order_refunded", "data": {"refund": {"order_id": 5, "amount_cents": 100}},
                 "created_at": "2026-11-22T10:00:00+00:00"}
                """));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"pricePlan\": 5}", "{\"pricePlan\": null}", "{\"fields\": 3}", "{\"fields\": null}",
        "{\"fields\": [1, {\"slug\": 2}, null]}", "{\"contact\": \"x\"}", "{\"contact\": null, \"email\": 5}",
        "{\"contact\": {\"contact\": 1}}", "{\"order\": []}", "{\"order\": {\"createdAt\": [1]}}", "{\"\": 1, \"A\": 2}",
        "{\"sale\": 1}", "{\"sale\": {\"sale\": {}}}", "{\"tag\": [], \"email\": \"a@example.com\"}"})
    void should_never_throw_on_a_json_object(String body) {
        for (String type : List.of("customer.sale.completed", "customer.sale.cancelled", "contact.tag.added",
                "contact.optin.completed", "systeme.signed.x")) {
            ObjectNode normalised = normalise(type, body);
            assertThat(normalised.get("type").asText()).isEqualTo(type);
            assertThat(normalised.get("data").isObject()).isTrue();
            assertThat(normalised.get("created_at").asText()).isEqualTo(RECEIVED_AT_TEXT);
        }
    }

    @Test
    void should_not_overflow_on_a_body_deeper_than_the_parser_allows() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode node = body;
        for (int i = 0; i < 20_000; i++) {
            node = node.putObject(i % 2 == 0 ? "someKey" : "fields");
        }

        ObjectNode normalised = SignedPayloads.normalise("contact.created", body, RECEIVED_AT);

        assertThat(normalised.get("data").get("some_key").get("fields").has("someKey")).isTrue();
        assertThat(normalised.get("data").get("some_key").get("fields").get("someKey").has("some_key")).isFalse();
    }

    @Test
    void should_refuse_a_body_that_is_not_an_object() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (JsonNode body : new JsonNode[] {nodes.arrayNode(), nodes.textNode("x"), nodes.numberNode(1), nodes.nullNode(),
            MissingNode.getInstance(), null}) {
            assertThatThrownBy(() -> SignedPayloads.normalise("customer.sale.completed", body, RECEIVED_AT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_not_change_the_body_it_reads() {
        JsonNode body = PARSER.parse(Samples.bytes(SALE_NEW));
        JsonNode before = body.deepCopy();

        SignedPayloads.normalise("customer.sale.completed", body, RECEIVED_AT);

        assertThat(body).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"contactId, contact_id", "clientIp, client_ip", "paymentProcessor, payment_processor",
        "innerName, inner_name", "orderItem, order_item", "funnelStep, funnel_step", "sourceURL, source_url",
        "URLPath, url_path", "enrollmentDrippingAccessCourse, enrollment_dripping_access_course", "order2Id, order2_id",
        "already_snake, already_snake", "id, id", "Fields, fields", "ABC, abc", "first_Name, first_name",
        "'', ''"})
    void should_convert_camel_case_to_snake_case(String key, String snake) {
        assertThat(SignedPayloads.snakeCase(key)).isEqualTo(snake);
    }

    @Test
    void should_give_the_real_sale_the_automation_samples_paths_with_the_same_kinds_of_value() {
        JsonNode automation = PARSER.parse(Samples.bytes("customer.sale.completed.json"));
        ObjectNode signed = normalisedSale();
        List<String> unlike = new ArrayList<>();
        for (String path : List.of("/created_at", "/data/customer/id", "/data/customer/email", "/data/customer/contact_id",
                "/data/customer/client_ip", "/data/customer/payment_processor", "/data/customer/fields/first_name",
                "/data/customer/fields/country", "/data/offer_price_plan/name", "/data/offer_price_plan/inner_name",
                "/data/offer_price_plan/type", "/data/offer_price_plan/direct_charge_amount",
                "/data/offer_price_plan/currency", "/data/order/id", "/data/order_item/id", "/data/order_item/created_at",
                "/data/funnel_step/id", "/data/funnel_step/name", "/data/funnel_step/type", "/data/funnel_step/funnel/id",
                "/data/funnel_step/funnel/name", "/data/coupon")) {
            JsonNode there = automation.at(path);
            JsonNode here = signed.at(path);
            if (there.isMissingNode() || here.isMissingNode() || here.getNodeType() != there.getNodeType()) {
                unlike.add(path);
            }
        }
        assertThat(unlike).isEmpty();
    }
}
