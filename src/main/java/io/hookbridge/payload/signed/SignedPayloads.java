package io.hookbridge.payload.signed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites the body of a signed systeme.io webhook (Settings → Webhooks) in the shape of the
 * automation-rule webhooks, {@code {"type": ..., "data": {...}, "created_at": ...}}, so that every
 * flow reads both formats with the same paths ({@code $.data.customer.email},
 * {@code $.data.offer_price_plan.direct_charge_amount}, {@code $.data.tag.name}...).
 *
 * <p>{@code data} holds the body's keys converted from camelCase to snake_case, at every level
 * ({@code funnelStep} → {@code funnel_step}, {@code clientIp} → {@code client_ip},
 * {@code sourceURL} → {@code source_url}), except inside {@code fields}: those keys are the
 * slugs of the account's custom fields and are kept as written. Where a contact's
 * {@code fields} is a list of {@code {"fieldName", "slug", "value"}} entries, it becomes an
 * object from slug to value, as the automation format has it. The price plan, {@code pricePlan},
 * becomes {@code offer_price_plan}, and its {@code amount} (already in cents) is also given as
 * {@code direct_charge_amount}. Values are kept as they are. When two keys convert to the same
 * name, the first is kept.
 */
public final class SignedPayloads {

    /** The journal's source name for signed webhooks: the bodies this class rewrites. */
    public static final String SOURCE = "systeme-signed";

    /** Deeper than any body the parser accepts (64 levels); past it a subtree is kept as it is. */
    static final int MAX_DEPTH = 128;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** As the automation-rule payloads write their times: 2026-09-27T20:16:26+00:00. */
    private static final DateTimeFormatter SECONDS_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    /** Top-level keys whose automation-format name is not their plain snake_case. */
    private static final Map<String, String> TOP_LEVEL_NAMES = Map.of("pricePlan", "offer_price_plan");

    /** Top-level fields (after conversion) that would give the time of the event itself. */
    private static final List<String> EVENT_TIME_FIELDS = List.of(
            "created_at", "occurred_at", "timestamp", "added_at", "removed_at", "canceled_at", "cancelled_at");

    private SignedPayloads() {
    }

    /**
     * The signed body in the automation-rule shape.
     *
     * <p>{@code created_at} is the order's {@code createdAt} when the body has a valid one,
     * otherwise a top-level time of the event ({@code createdAt}, {@code occurredAt},
     * {@code timestamp}, {@code addedAt}...), otherwise {@code receivedAt}. A cancelled sale
     * does not take the order's time: that is when the sale was made, not when it was cancelled.
     *
     * @param type our event type, from {@link SignedEventNames#eventType}
     * @param signedBody the parsed body; any JSON object is accepted
     * @param receivedAt when the request arrived, the time of last resort
     * @throws IllegalArgumentException when the body is not a JSON object
     */
    public static ObjectNode normalise(String type, JsonNode signedBody, Instant receivedAt) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (signedBody == null || !signedBody.isObject()) {
            throw new IllegalArgumentException("the body of a signed webhook must be a JSON object");
        }
        ObjectNode data = NODES.objectNode();
        JsonNode sale = signedBody.get("sale");
        boolean wrappedSale = type.startsWith("customer.sale.") && sale != null && sale.isObject()
                && !signedBody.has("customer");
        if (wrappedSale) {
            // a sale wrapped as {"sale": {...}} is read as the body itself
            putConverted(data, sale, null);
        }
        putConverted(data, signedBody, wrappedSale ? "sale" : null);
        if (data.get("offer_price_plan") instanceof ObjectNode plan && plan.path("amount").isValueNode()
                && !plan.has("direct_charge_amount")) {
            plan.set("direct_charge_amount", plan.get("amount"));
        }
        if (type.startsWith("contact.")) {
            data = withContactInPlace(data);
        }
        ObjectNode event = NODES.objectNode();
        event.put("type", type);
        event.set("data", data);
        event.put("created_at", createdAt(type, data, receivedAt));
        return event;
    }

    /** camelCase → snake_case: {@code contactId} → {@code contact_id}, {@code sourceURL} → {@code source_url}. */
    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isUpperCase(c)) {
                out.append(c);
                continue;
            }
            char previous = i > 0 ? key.charAt(i - 1) : '_';
            boolean wordStart = Character.isLowerCase(previous) || Character.isDigit(previous)
                    // the last capital of an acronym starts the next word: URLPath → url_path
                    || Character.isUpperCase(previous) && i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
            if (wordStart && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static void putConverted(ObjectNode data, JsonNode body, String skippedKey) {
        body.properties().forEach(entry -> {
            if (!entry.getKey().equals(skippedKey)) {
                put(data, TOP_LEVEL_NAMES.getOrDefault(entry.getKey(), snakeCase(entry.getKey())), entry.getValue(), 1);
            }
        });
    }

    private static void put(ObjectNode target, String name, JsonNode value, int depth) {
        if (!target.has(name)) {
            target.set(name, name.equals("fields") ? customFields(value, depth) : converted(value, depth));
        }
    }

    private static JsonNode converted(JsonNode node, int depth) {
        if (depth >= MAX_DEPTH) {
            return node;
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(entry -> put(out, snakeCase(entry.getKey()), entry.getValue(), depth + 1));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode(node.size());
            node.forEach(element -> out.add(converted(element, depth + 1)));
            return out;
        }
        return node;
    }

    /** A {@code fields} value: keys kept; a list of slug/value entries becomes an object. */
    private static JsonNode customFields(JsonNode fields, int depth) {
        if (fields.isArray() && !fields.isEmpty() && depth < MAX_DEPTH) {
            boolean slugged = true;
            for (JsonNode entry : fields) {
                slugged &= entry.path("slug").isTextual();
            }
            if (slugged) {
                ObjectNode bySlug = NODES.objectNode();
                for (JsonNode entry : fields) {
                    if (!bySlug.has(entry.get("slug").asText())) {
                        JsonNode value = entry.get("value");
                        bySlug.set(entry.get("slug").asText(), value == null ? NullNode.getInstance() : copied(value, depth + 2));
                    }
                }
                return bySlug;
            }
        }
        return copied(fields, depth);
    }

    /** A copy with the keys as they are. */
    private static JsonNode copied(JsonNode node, int depth) {
        if (depth >= MAX_DEPTH) {
            return node;
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(entry -> out.set(entry.getKey(), copied(entry.getValue(), depth + 1)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode(node.size());
            node.forEach(element -> out.add(copied(element, depth + 1)));
            return out;
        }
        return node;
    }

    /**
     * Puts the contact at {@code data.contact}, where the automation format has it: unwraps a
     * {@code {"contact": {"contact": {...}}}} nesting, and wraps a body that is the contact itself.
     */
    private static ObjectNode withContactInPlace(ObjectNode data) {
        JsonNode contact = data.get("contact");
        if (contact instanceof ObjectNode outer) {
            if (!outer.has("email") && outer.get("contact") instanceof ObjectNode inner) {
                data.set("contact", inner);
                if (!data.has("tag") && outer.has("tag")) {
                    data.set("tag", outer.get("tag"));
                }
            }
            return data;
        }
        if (contact == null && data.path("email").isTextual()) {
            ObjectNode wrapped = NODES.objectNode();
            JsonNode tag = data.remove("tag");
            wrapped.set("contact", data);
            if (tag != null) {
                wrapped.set("tag", tag);
            }
            return wrapped;
        }
        return data;
    }

    private static String createdAt(String type, ObjectNode data, Instant receivedAt) {
        if (!type.equals("customer.sale.cancelled")) {
            String orderTime = time(data.path("order").path("created_at"));
            if (orderTime != null) {
                return orderTime;
            }
        }
        for (String field : EVENT_TIME_FIELDS) {
            String eventTime = time(data.path(field));
            if (eventTime != null) {
                return eventTime;
            }
        }
        return receivedAt.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).format(SECONDS_WITH_OFFSET);
    }

    /** The text of a date-time with an offset, as the mapping's {@code as timestamp} reads it; else null. */
    private static String time(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            OffsetDateTime.parse(node.asText().trim());
            return node.asText();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
