package io.hookbridge.journal;

/** The outcome of journaling a webhook: a new event, or the event an identical body created before. */
public record Acceptance(String eventId, boolean duplicate) {
}
