package io.hookbridge.admin;

import io.hookbridge.web.RequestRejectedException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** The filters of an event listing, read from query parameters. */
record EventFilter(String type, String status, Instant from, Instant to, int limit) {

    static final Set<String> STATUSES = Set.of("routed", "unrouted", "pending", "delivered", "dead", "skipped");
    static final int MAX_LIMIT = 1000;

    static EventFilter of(String type, String status, String from, String to, String limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw new RequestRejectedException(400, "bad_parameter", "status must be one of " + STATUSES);
        }
        return new EventFilter(blankToNull(type), status, instant("from", from), instant("to", to), limit(limit));
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new RequestRejectedException(400, "bad_parameter",
                    name + " must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new RequestRejectedException(400, "bad_parameter", "limit must be a number from 1 to " + MAX_LIMIT);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
