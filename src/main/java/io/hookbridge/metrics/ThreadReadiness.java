package io.hookbridge.metrics;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one of the bridge's own threads (the journal writer, the delivery worker): DOWN,
 * naming the thread and the Error, once an Error has ended it. Such a thread is not started
 * again; the bridge needs a restart.
 */
public final class ThreadReadiness extends AbstractHealthCheck {

    private final String thread;
    private final Supplier<Throwable> failure;

    /**
     * @param id      the check's name in the health answer, such as {@code journal-writer}
     * @param thread  what the thread does, for the message
     * @param failure the Error that ended the thread, or null while it runs
     */
    public ThreadReadiness(String id, String thread, Supplier<Throwable> failure) {
        super("hookbridge", id);
        this.thread = thread;
        this.failure = failure;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Throwable error = failure.get();
        if (error == null) {
            builder.up();
        } else {
            builder.message("the " + thread + " thread (" + getId() + ") stopped on " + error
                    + ": restart the bridge").error(error).down();
        }
    }
}
