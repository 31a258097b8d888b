package io.hookbridge.payload.signed;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The event type of a signed systeme.io webhook (Settings → Webhooks), from its
 * {@code x-webhook-event} header: {@code SALE_NEW} is {@code customer.sale.completed}, the
 * type the automation-rule webhooks give the same event, so one flow serves both.
 *
 * <p>Names are read case-insensitively, with {@code -}, {@code .} or a space in place of
 * {@code _} ({@code sale-new}, {@code Contact.Tag.Added}). A well-formed name that is not known
 * (letters, digits and those separators, at most {@value #MAX_LENGTH} characters) becomes
 * {@code systeme.signed.<name in lower snake case>}, so the event is still kept, unrouted. A
 * blank or malformed name gives no type at all: the caller refuses the request.
 */
public final class SignedEventNames {

    /** The prefix of the type of a signed event whose name is not known. */
    public static final String UNKNOWN_PREFIX = "systeme.signed.";

    static final int MAX_LENGTH = 100;

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_\\-. ]{1," + MAX_LENGTH + "}");
    private static final Pattern SEPARATORS = Pattern.compile("[_\\-. ]+");

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("SALE_NEW", "customer.sale.completed"),
            Map.entry("NEW_SALE", "customer.sale.completed"),
            Map.entry("SALE_CANCELED", "customer.sale.cancelled"),
            Map.entry("SALE_CANCELLED", "customer.sale.cancelled"),
            Map.entry("CANCELED_SALE", "customer.sale.cancelled"),
            Map.entry("CONTACT_CREATED", "contact.created"),
            Map.entry("NEW_CONTACT", "contact.created"),
            Map.entry("CONTACT_TAG_ADDED", "contact.tag.added"),
            Map.entry("TAG_ADDED", "contact.tag.added"),
            Map.entry("CONTACT_TAG_REMOVED", "contact.tag.removed"),
            Map.entry("TAG_REMOVED", "contact.tag.removed"),
            Map.entry("CONTACT_OPT_IN", "contact.optin.completed"),
            Map.entry("OPT_IN", "contact.optin.completed"),
            Map.entry("CONTACT_OPTIN", "contact.optin.completed"));

    private SignedEventNames() {
    }

    /**
     * Our event type for an {@code x-webhook-event} value; empty when the value is missing,
     * blank, longer than {@value #MAX_LENGTH} characters, or holds any other character.
     */
    public static Optional<String> eventType(String headerValue) {
        if (headerValue == null || !WELL_FORMED.matcher(headerValue).matches()) {
            return Optional.empty();
        }
        String name = trimUnderscores(SEPARATORS.matcher(headerValue).replaceAll("_")).toUpperCase(Locale.ROOT);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(KNOWN.getOrDefault(name, UNKNOWN_PREFIX + name.toLowerCase(Locale.ROOT)));
    }

    private static String trimUnderscores(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '_') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(start, end);
    }
}
