package io.hookbridge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.journal.DedupeKeys;
import io.hookbridge.payload.signed.SignedEventNames;
import io.hookbridge.web.RequestRejectedException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * systeme.io's signed webhooks (Settings → Webhooks), at {@code /webhooks/systeme-signed}:
 * authenticated by {@code x-webhook-signature} over the raw body, typed by {@code x-webhook-event}.
 *
 * <p>The signature covers the body only: the headers are not signed. So a repeat is recognised by
 * the body (its {@link DedupeKeys#ofBody key}) as well as by {@code x-webhook-message-id}, and the
 * event name must fit the body: a sale's body (with an order, an order item, a price plan or a
 * wrapped sale) only under a sale event, any other body never under one, and a sale's body never
 * under a contact event. The body cannot tell a new sale from a cancelled one; a body journaled
 * under one name and sent again under another is refused by the journal commit (409).
 */
public final class SignedWebhooks implements WebhookFormat {

    static final String SIGNATURE = "x-webhook-signature";
    static final String EVENT = "x-webhook-event";
    static final String MESSAGE_ID = "x-webhook-message-id";
    private static final String SALE_TYPES = "customer.sale.";
    private static final String CONTACT_TYPES = "contact.";
    /** Top-level objects of a sale's body (a sale may also come wrapped as {"sale": {...}}). */
    private static final List<String> SALE_KEYS = List.of("order", "orderItem", "pricePlan", "sale");
    private static final Pattern READABLE_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final SystemeSignature signature;

    /** @param signature null while {@code hookbridge.ingress.signing-secret} is not set: the address is off */
    public SignedWebhooks(SystemeSignature signature) {
        this.signature = signature;
    }

    @Override
    public List<String> headerNames() {
        return List.of(SIGNATURE, EVENT, MESSAGE_ID);
    }

    @Override
    public List<String> journaledHeaderNames() {
        return List.of(EVENT, MESSAGE_ID, "x-webhook-event-timestamp", "x-webhook-delivery-attempt-id");
    }

    @Override
    public void authenticate(Map<String, String> headers, byte[] body) {
        if (signature == null) {
            throw new RequestRejectedException(404, "signed_webhooks_off",
                    "signed webhooks are off: set hookbridge.ingress.signing-secret to the secret typed into systeme.io");
        }
        String presented = headers.get(SIGNATURE);
        if (presented == null || presented.isBlank()) {
            throw new RequestRejectedException(401, "missing_signature", "the request has no " + SIGNATURE + " header");
        }
        if (!signature.verifies(body, presented)) {
            throw new RequestRejectedException(401, "invalid_signature", SIGNATURE + " does not match the body"
                    + " (check that hookbridge.ingress.signing-secret is the secret typed into systeme.io)");
        }
    }

    @Override
    public Identity identify(String source, Map<String, String> headers, JsonNode payload, byte[] body) {
        String type = SignedEventNames.eventType(headers.get(EVENT)).orElseThrow(() -> new RequestRejectedException(400,
                "invalid_event", "the " + EVENT + " header is missing or is not an event name"));
        boolean saleType = type.startsWith(SALE_TYPES);
        boolean contactType = type.startsWith(CONTACT_TYPES);
        boolean saleBody = SALE_KEYS.stream().anyMatch(key -> payload.path(key).isObject());
        // a sale body goes only with a sale event: under any other name (a contact event, or one
        // this bridge does not know) it would take the sale's place in the journal
        if (saleType && !saleBody || !saleType && saleBody) {
            throw new RequestRejectedException(400, "event_mismatch", "the " + EVENT + " header names a "
                    + (saleType ? "sale" : contactType ? "contact" : "non-sale") + " event, and the body is " + (saleBody ? "a sale" : "not a sale"));
        }
        String dedupeKey = DedupeKeys.ofBody(source, body);
        String messageId = headers.get(MESSAGE_ID);
        if (messageId == null || messageId.isBlank()) {
            return new Identity(type, dedupeKey);
        }
        if (!READABLE_ID.matcher(messageId.trim()).matches()) {
            throw new RequestRejectedException(400, "invalid_message_id",
                    "the " + MESSAGE_ID + " header must be 1 to 200 visible characters");
        }
        return new Identity(type, dedupeKey, DedupeKeys.ofMessageId(source, messageId.trim()));
    }
}
