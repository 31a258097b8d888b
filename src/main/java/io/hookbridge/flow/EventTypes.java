package io.hookbridge.flow;

import io.hookbridge.payload.signed.SignedEventNames;
import java.util.List;

/** The systeme.io event types a flow may name in its {@code types}. */
public final class EventTypes {

    /** Every type systeme.io documents, in the order the console lists them. */
    public static final List<String> KNOWN = List.of(
            "customer.sale.completed",
            "customer.sale.cancelled",
            "contact.created",
            "contact.optin.completed",
            "contact.tag.added",
            "contact.tag.removed",
            "contact.course.enrolled",
            "contact.course_bundle.enrolled",
            "contact.webinar.registered",
            "contact.campaign.finished",
            "contact.page.visited",
            "contact.email_link.clicked");

    private EventTypes() {
    }

    /** A documented type, or the type of a signed webhook whose event name is not one of them. */
    public static boolean isKnown(String type) {
        return KNOWN.contains(type) || type.startsWith(SignedEventNames.UNKNOWN_PREFIX) && type.length()
                > SignedEventNames.UNKNOWN_PREFIX.length();
    }
}
