package io.hookbridge.journal;

/** The journal could not commit an event, so the webhook must not be acknowledged. */
public class JournalUnavailableException extends RuntimeException {
    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
