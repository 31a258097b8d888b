package io.hookbridge.journal;

/**
 * The journal database refused one event's data (a value too long or a character its column
 * does not take, a constraint), while it stored the events committed with it: the webhook is
 * not stored, and sending the same one again would fail the same way.
 */
public class JournalRefusedException extends RuntimeException {

    private final String sqlState;

    /** @param description what the database said, without the event's values (it is logged) */
    public JournalRefusedException(String sqlState, String description) {
        super("the journal database refused the event: " + description);
        this.sqlState = sqlState;
    }

    /** The SQLState the database answered, or null. */
    public String sqlState() {
        return sqlState;
    }

    /** What was wrong, for the sender: by the SQLState's class, never with the event's values. */
    public String problem() {
        if (sqlState != null && sqlState.startsWith("23")) {
            return "the event breaks a rule of the journal's tables (SQLState " + sqlState + ")";
        }
        return "a value of the event is too long, or holds a character, that the journal's column does not take"
                + " (SQLState " + sqlState + ")";
    }
}
