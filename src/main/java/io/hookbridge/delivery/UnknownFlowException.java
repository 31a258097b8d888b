package io.hookbridge.delivery;

/** A delivery names a flow that no route implements: a configuration mistake, not worth retrying soon. */
public class UnknownFlowException extends Exception {
    public UnknownFlowException(String message) {
        super(message);
    }
}
