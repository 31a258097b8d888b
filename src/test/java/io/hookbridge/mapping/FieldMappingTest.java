package io.hookbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

class FieldMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JournalEvent event(String sample) {
        return event(Samples.bytes(sample));
    }

    private static JournalEvent event(byte[] body) {
        return new JournalEvent("01a2-id", "systeme", "some.type", Instant.parse("2026-11-22T10:00:00Z"), body, bytes -> {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void should_map_paths_with_types_and_alternatives() {
        FieldMapping mapping = FieldMapping.parse("""
                # a comment line
                order_id   = $.data.order.id as long
                email      = $.data.contact.email or $.data.customer.email
                amount     = $.data.offer_price_plan.direct_charge_amount as decimal
                created_at = $.created_at as timestamp
                first_kind = $.data.order_item.resources[0].type
                """);

        Map<String, Object> values = mapping.apply(event("customer.sale.completed.json"));

        assertThat(values).containsExactly(
                Map.entry("order_id", 612661L),
                Map.entry("email", "test-1922@systeme.io"),
                Map.entry("amount", new BigDecimal("583")),
                Map.entry("created_at", OffsetDateTime.of(2021, 9, 10, 14, 23, 33, 0, ZoneOffset.UTC)),
                Map.entry("first_kind", "systemeio_tag"));
    }

    @Test
    void should_give_null_for_missing_paths_and_for_fields_that_are_an_empty_array() {
        FieldMapping mapping = FieldMapping.parse("""
                first_name = $.data.contact.fields.first_name
                funnel     = $.data.funnel_step.funnel.name
                page       = $.data.page_model.name
                ip         = $.data.contact.ip
                """);

        Map<String, Object> blogOptin = mapping.apply(event("contact.optin.completed.blog-page.json"));
        Map<String, Object> funnelOptin = mapping.apply(event("contact.optin.completed.funnel-step.json"));

        assertThat(blogOptin).containsEntry("first_name", null).containsEntry("funnel", null)
                .containsEntry("page", "Home page").containsEntry("ip", "31.173.103.109");
        assertThat(funnelOptin).containsEntry("funnel", "webhook data structure documentation")
                .containsEntry("page", null);
    }

    @Test
    void should_map_the_events_own_fields() {
        FieldMapping mapping = FieldMapping.parse("""
                id       = event.id
                type     = event.type
                source   = event.source
                received = event.received_at
                raw      = event.raw
                """);
        byte[] body = "{\"type\":\"x\",  \"é\":1}".getBytes(StandardCharsets.UTF_8);

        Map<String, Object> values = mapping.apply(event(body));

        assertThat(values).containsExactly(
                Map.entry("id", "01a2-id"),
                Map.entry("type", "some.type"),
                Map.entry("source", "systeme"),
                Map.entry("received", OffsetDateTime.parse("2026-11-22T10:00:00Z")),
                Map.entry("raw", "{\"type\":\"x\",  \"é\":1}"));
    }

    @Test
    void should_write_objects_as_json_text_and_keep_text_numbers_as_text() {
        FieldMapping mapping = FieldMapping.parse("""
                course   = $.data.course
                duration = $.data.webinar.duration
                webinar  = $.data.webinar.id
                """);

        assertThat(mapping.apply(event("contact.course.enrolled.json")).get("course"))
                .isEqualTo("{\"id\":44685,\"name\":\"webhook data structure doc\",\"description\":null}");
        Map<String, Object> webinar = mapping.apply(event("contact.webinar.registered.json"));
        assertThat(webinar.get("duration")).isEqualTo("7200");
        assertThat(webinar.get("webinar")).isEqualTo("54072");
    }

    @Test
    void should_name_the_field_when_a_value_does_not_convert() {
        FieldMapping mapping = FieldMapping.parse("when = $.data.contact.email as timestamp");

        assertThatThrownBy(() -> mapping.apply(event("contact.tag.added.json")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("field 'when'")
                .hasMessageContaining("not an ISO-8601 date-time");
    }

    @Test
    void should_refuse_a_mapping_with_a_mistake_and_name_the_line() {
        assertThatThrownBy(() -> FieldMapping.parse("a = $.x\nb $.y"))
                .hasMessageContaining("mapping line 2");
        assertThatThrownBy(() -> FieldMapping.parse("a = data.x"))
                .hasMessageContaining("unknown source 'data.x'");
        assertThatThrownBy(() -> FieldMapping.parse("a = $.x as money"))
                .hasMessageContaining("unknown value type 'money'");
        assertThatThrownBy(() -> FieldMapping.parse("a = $.x[y]"))
                .hasMessageContaining("is not valid at character 4");
        assertThatThrownBy(() -> FieldMapping.parse("a = $.x\na = $.y"))
                .hasMessageContaining("names a field twice");
        assertThatThrownBy(() -> FieldMapping.parse("  \n# only comments\n"))
                .hasMessageContaining("no fields");
    }

    @Test
    void should_format_amounts_dates_and_codes_for_people_in_the_mapping_time_zone() {
        FieldMapping mapping = FieldMapping.parse("""
                amount   = $.data.offer_price_plan.direct_charge_amount as cents
                day      = $.created_at as date
                time     = $.created_at as datetime
                currency = $.data.offer_price_plan.currency as upper
                received = event.received_at as datetime
                summary  = event.summary
                """, ZoneId.of("Europe/Paris"));

        Map<String, Object> values = mapping.apply(event("customer.sale.completed.json"));

        assertThat(values).containsExactly(
                Map.entry("amount", new BigDecimal("5.83")),
                Map.entry("day", LocalDate.of(2021, 9, 10)),
                Map.entry("time", LocalDateTime.of(2021, 9, 10, 16, 23, 33)),
                Map.entry("currency", "EUR"),
                Map.entry("received", LocalDateTime.of(2026, 11, 22, 11, 0, 0)),
                // the summary goes by the event's type, here one without a description of its own
                Map.entry("summary", "some.type"));
    }

    @Test
    void should_take_a_date_across_midnight_in_the_mapping_time_zone() {
        // 23:30 at +01:00 is 22:30 UTC on the same day, and 23:30 in Paris
        FieldMapping utc = FieldMapping.parse("day = $.created_at as date");
        FieldMapping tokyo = FieldMapping.parse("day = $.created_at as date", ZoneId.of("Asia/Tokyo"));
        JournalEvent sale = event("adversarial/sale-with-hostile-strings.json");

        assertThat(utc.apply(sale).get("day")).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(tokyo.apply(sale).get("day")).isEqualTo(LocalDate.of(2026, 11, 2));
    }

    @Test
    void should_turn_whole_and_odd_cent_amounts_into_two_decimal_units() {
        FieldMapping mapping = FieldMapping.parse("amount = $.amount as cents");

        assertThat(mapping.apply(event("{\"amount\":500}".getBytes(StandardCharsets.UTF_8))).get("amount"))
                .isEqualTo(new BigDecimal("5.00"));
        assertThat(mapping.apply(event("{\"amount\":\"1999\"}".getBytes(StandardCharsets.UTF_8))).get("amount"))
                .isEqualTo(new BigDecimal("19.99"));
        assertThat(mapping.apply(event("{\"amount\":7}".getBytes(StandardCharsets.UTF_8))).get("amount"))
                .isEqualTo(new BigDecimal("0.07"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-148554587", "1e100000000", "\"1E+999999999\"", "0.00000000000000000000000000000000000000001"})
    void should_refuse_amounts_with_absurd_exponents_at_once(String amount) {
        FieldMapping cents = FieldMapping.parse("amount = $.amount as cents");
        FieldMapping decimal = FieldMapping.parse("amount = $.amount as decimal");
        byte[] body = ("{\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8);
        // read as the bridge reads bodies: floats as exact decimals
        JournalEvent sale = new JournalEvent("01a2-id", "systeme", "some.type", Instant.EPOCH, body,
                new io.hookbridge.payload.PayloadParser()::parseStored);

        long started = System.nanoTime();
        assertThatThrownBy(() -> cents.apply(sale)).isInstanceOf(MappingException.class).hasMessageContaining("digits");
        assertThatThrownBy(() -> decimal.apply(sale)).isInstanceOf(MappingException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
}
