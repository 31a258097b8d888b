package io.hookbridge.delivery;

import io.hookbridge.journal.JournalEvent;
import java.time.Instant;

/**
 * A pending delivery whose time has come ({@code due}), with its event, as claimed: {@code
 * claimVersion} is the row's claim version that this claim set. The claim holds only while the
 * row still has it.
 */
public record DueDelivery(long id, String flow, int attempts, Instant due, JournalEvent event, long claimVersion) {
}
