package io.hookbridge.delivery;

import io.hookbridge.journal.JournalEvent;

/** A pending delivery whose time has come, with its event. */
public record DueDelivery(long id, String flow, int attempts, JournalEvent event) {
}
