package io.hookbridge.delivery;

import io.hookbridge.journal.JournalEvent;
import java.time.Instant;

/** A pending delivery whose time has come ({@code due}), with its event. */
public record DueDelivery(long id, String flow, int attempts, Instant due, JournalEvent event) {
}
