package io.hookbridge.journal;

/**
 * The outcome of journaling a webhook: a new event, or the event a repeat of it (the same body,
 * or the same message id) created before. {@code type} is the journaled event's type, which for a
 * repeat is the first one's.
 */
public record Acceptance(String eventId, boolean duplicate, String type) {
}
