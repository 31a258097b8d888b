package io.hookbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.journal.JournalEvent;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A one-line description of an event for people reading a sheet or an email ("Tag added:
 * VIP", "Sale: Course A, 5.83 EUR"), the mapping source {@code event.summary}. Parts the
 * payload lacks are left out; an unknown type is described by its name.
 */
public final class EventSummary {

    private EventSummary() {
    }

    public static String of(JournalEvent event) {
        JsonNode data = event.payload().path("data");
        return switch (event.type()) {
            case "customer.sale.completed" -> line("Sale", text(data, "offer_price_plan", "name"), amount(data));
            case "contact.optin.completed" -> line("Opt-in",
                    first(text(data, "funnel_step", "name"), text(data, "page_model", "name")),
                    first(text(data, "funnel_step", "funnel", "name"), text(data, "page_model", "blog", "name")));
            case "contact.tag.added" -> line("Tag added", text(data, "tag", "name"));
            case "contact.tag.removed" -> line("Tag removed", text(data, "tag", "name"));
            case "contact.webinar.registered" -> line("Webinar registration",
                    text(data, "webinar", "funnel_step", "funnel", "name"), text(data, "scheduled_at"));
            case "contact.course.enrolled" -> line("Enrolled in course", text(data, "course", "name"));
            case "contact.course_bundle.enrolled" -> line("Enrolled in bundle", text(data, "course_bundle", "name"));
            case "contact.campaign.finished" -> line("Campaign finished", text(data, "campaign", "name"));
            case "contact.page.visited" -> line("Page visited", text(data, "funnel_step", "name"),
                    text(data, "funnel_step", "funnel", "name"));
            case "contact.email_link.clicked" -> line("Email link clicked", text(data, "sent_email", "subject"));
            default -> event.type();
        };
    }

    /** "5.83 EUR" from the sale's amount in hundredths and its currency. */
    private static String amount(JsonNode data) {
        JsonNode plan = data.path("offer_price_plan");
        JsonNode cents = plan.path("direct_charge_amount");
        if (!cents.isNumber()) {
            return null;
        }
        String currency = text(plan, "currency");
        return BigDecimal.valueOf(cents.longValue(), 2).toPlainString()
                + (currency == null ? "" : " " + currency.toUpperCase(Locale.ROOT));
    }

    private static String text(JsonNode node, String... path) {
        JsonNode value = node;
        for (String step : path) {
            value = value.path(step);
        }
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** "Label: part, part" with the missing parts left out; just the label when all are missing. */
    private static String line(String label, String... parts) {
        String details = Stream.of(parts).filter(Objects::nonNull).collect(Collectors.joining(", "));
        return details.isEmpty() ? label : label + ": " + details;
    }
}
