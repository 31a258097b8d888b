package io.hookbridge.journal;

import io.hookbridge.Texts;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A new row of {@code hookbridge_delivery}, as the journal commit and a routing of an event
 * again both write it: not tried yet, due at once, with a note (why it was skipped) or none.
 */
public final class DeliveryRows {

    /** The insert whose parameters {@link #bind} sets. */
    public static final String INSERT = "INSERT INTO hookbridge_delivery"
            + " (event_id, flow, status, attempts, next_attempt_at_ms, updated_at_ms, last_error)"
            + " VALUES (?, ?, ?, 0, ?, ?, ?)";
    /** The longest note kept ({@code last_error} holds 2,000 characters). */
    public static final int MAX_NOTE = 2000;

    private DeliveryRows() {
    }

    /** Sets the parameters of {@link #INSERT} for one delivery; the caller executes or batches it. */
    public static void bind(PreparedStatement insert, String eventId, String flow, String status, long now,
            String note) throws SQLException {
        insert.setString(1, eventId);
        insert.setString(2, flow);
        insert.setString(3, status);
        insert.setLong(4, now);
        insert.setLong(5, now);
        insert.setString(6, Texts.cut(note, MAX_NOTE));
    }
}
