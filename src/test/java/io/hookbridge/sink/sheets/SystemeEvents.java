package io.hookbridge.sink.sheets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * systeme.io payloads for the Sheets tests, each one of the samples with a few values changed: the contact of a
 * contact event and its tag, the order of a sale, and the event's own time ({@code created_at}, which also keeps
 * two events with otherwise equal bodies apart: the bridge takes an identical body for a repeat).
 */
final class SystemeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SYSTEME_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    /** The time of every event made here is this, plus its {@code second}. */
    static final OffsetDateTime START = OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    private SystemeEvents() {
    }

    /** An opt-in on a funnel step (the sample's "Squeeze page") by this contact. */
    static byte[] optIn(long contactId, String email, int second) {
        return contactEvent("contact.optin.completed.funnel-step.json", contactId, email, null, second);
    }

    static byte[] tagAdded(long contactId, String email, String tag, int second) {
        return contactEvent("contact.tag.added.json", contactId, email, tag, second);
    }

    /** A tag removed; the sample's contact has a first name and surname ("Tema test", "Testovich"). */
    static byte[] tagRemoved(long contactId, String email, String tag, int second) {
        return contactEvent("contact.tag.removed.json", contactId, email, tag, second);
    }

    /** The sale of the sample with this order id, at its own time. */
    static byte[] sale(long orderId) {
        ObjectNode sale = sample("customer.sale.completed.json");
        ((ObjectNode) sale.path("data").path("order")).put("id", orderId);
        return bytes(sale);
    }

    /** The cancellation of the sale with this order id (the built sample), {@code second}s after {@link #START}. */
    static byte[] cancellation(long orderId, int second) {
        ObjectNode cancellation = sample("built/customer.sale.cancelled.json");
        ((ObjectNode) cancellation.path("data").path("order")).put("id", orderId);
        cancellation.put("created_at", time(second));
        return bytes(cancellation);
    }

    /** The text of {@code created_at} for an event {@code second}s after {@link #START}: 2026-03-01T09:00:07+00:00. */
    static String time(int second) {
        return START.plusSeconds(second).format(SYSTEME_TIME);
    }

    /** How the Sheets UI shows that time in a UTC flow: 2026-03-01 09:00:07. */
    static String shown(int second) {
        return START.plusSeconds(second).format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"));
    }

    private static byte[] contactEvent(String sampleName, long contactId, String email, String tag, int second) {
        ObjectNode event = sample(sampleName);
        ObjectNode contact = (ObjectNode) event.path("data").path("contact");
        contact.put("id", contactId);
        contact.put("email", email);
        if (tag != null) {
            ((ObjectNode) event.path("data").path("tag")).put("name", tag);
        }
        event.put("created_at", time(second));
        return bytes(event);
    }

    private static ObjectNode sample(String name) {
        try {
            return (ObjectNode) JSON.readTree(Samples.bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
