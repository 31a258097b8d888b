package io.hookbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The email of the person an event is about: {@code $.data.contact.email}, or for a sale
 * {@code $.data.customer.email} (the same sources as the contact_email column of events-to-sql).
 */
public final class ContactEmail {

    private ContactEmail() {
    }

    /** The email of a payload in the automation-rule shape; null when it names none. */
    public static String of(JsonNode payload) {
        JsonNode data = payload.path("data");
        String contact = text(data.path("contact").path("email"));
        return contact != null ? contact : text(data.path("customer").path("email"));
    }

    private static String text(JsonNode value) {
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
