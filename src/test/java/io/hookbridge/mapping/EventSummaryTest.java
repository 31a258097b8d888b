package io.hookbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JournalEvent event(String type, byte[] body) {
        return new JournalEvent("id", "systeme", type, Instant.EPOCH, body, bytes -> {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "customer.sale.completed.json | Sale: Comment cr\\u00e9er un blog qui rapporte, 5.83 EUR",
        "contact.optin.completed.funnel-step.json | Opt-in: Squeeze page, webhook data structure documentation",
        "contact.optin.completed.blog-page.json | Opt-in: Home page, Test blog",
        "contact.tag.added.json | Tag added: MyAwesomeTag",
        "contact.tag.removed.json | Tag removed: MyAwesomeTag",
        "contact.webinar.registered.json | Webinar registration: webinar funnel, 2021-10-05T15:00:00+00:00",
        "contact.course.enrolled.json | Enrolled in course: webhook data structure doc",
        "contact.course_bundle.enrolled.json | Enrolled in bundle: webhook data structure doc",
        "contact.campaign.finished.json | Campaign finished: test campaign",
        "contact.page.visited.json | Page visited: Thank You \\/ Download Page, webhook data structure documentation",
        "contact.email_link.clicked.json | Email link clicked: test email webhook"})
    void should_describe_every_documented_type_in_one_line(String sample, String summary) throws IOException {
        byte[] body = Samples.bytes(sample);
        assertThat(EventSummary.of(event(JSON.readTree(body).get("type").asText(), body))).isEqualTo(summary);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "contact.tag.added | {\"data\":{\"tag\":null}} | Tag added",
        "customer.sale.completed | {\"data\":{\"offer_price_plan\":{\"direct_charge_amount\":1999}}} | Sale: 19.99",
        "subscription.payment.failed | {\"data\":{}} | subscription.payment.failed"})
    void should_leave_out_what_the_payload_lacks(String type, String body, String summary) {
        assertThat(EventSummary.of(event(type, body.getBytes(StandardCharsets.UTF_8)))).isEqualTo(summary);
    }
}
