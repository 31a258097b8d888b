package io.hookbridge.delivery;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.hookbridge.delivery.DeliveryStore.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers pending rows off the request thread: runs each due delivery through its flow and
 * records delivered, a retry time, or dead. Woken by each journal commit; otherwise it looks
 * again every {@code pollInterval}, which also picks up retries whose time has come and rows
 * left pending by an earlier run.
 */
public final class DeliveryWorker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int BATCH = 100;
    /**
     * Outcomes are written every this many deliveries, in one transaction: fewer commits, and
     * at most this many deliveries are run again if the process dies before writing them.
     */
    private static final int RECORD_EVERY = 20;

    private final DeliveryStore store;
    private final FlowDispatcher dispatcher;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final Duration pollInterval;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread thread;

    public DeliveryWorker(DeliveryStore store, FlowDispatcher dispatcher, RetrySchedule schedule, Clock clock,
            Duration pollInterval) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.schedule = schedule;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** Tells the worker there may be new work (called after each journal commit). */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    @Override
    protected void doStart() {
        thread = new Thread(this::run, "hookbridge-delivery-worker");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        Thread running = thread;
        if (running != null) {
            wake();
            running.join(TimeUnit.SECONDS.toMillis(20));
        }
    }

    private void run() {
        while (isRunAllowed()) {
            try {
                int delivered = deliverDue();
                if (delivered < BATCH) {
                    wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Delivery worker could not read the journal, trying again in {} ms: {}", pollInterval.toMillis(),
                        e.getMessage());
                sleepQuietly();
            }
        }
    }

    private int deliverDue() throws SQLException {
        List<DueDelivery> due = store.due(clock.instant(), BATCH);
        List<Outcome> outcomes = new ArrayList<>(RECORD_EVERY);
        for (DueDelivery delivery : due) {
            if (!isRunAllowed()) {
                break;
            }
            outcomes.add(deliver(delivery));
            if (outcomes.size() == RECORD_EVERY) {
                store.record(outcomes);
                outcomes.clear();
            }
        }
        store.record(outcomes);
        return due.size();
    }

    private Outcome deliver(DueDelivery delivery) {
        try {
            dispatcher.deliver(delivery);
            return Outcome.delivered(delivery, clock.instant());
        } catch (Exception e) {
            return failure(delivery, e);
        }
    }

    private Outcome failure(DueDelivery delivery, Exception failure) {
        Instant now = clock.instant();
        int failedAttempts = delivery.attempts() + 1;
        String error = describe(failure);
        Duration delay = schedule.delayAfter(failedAttempts);
        if (delay == null) {
            LOG.warn("Delivery {} of {} to flow '{}' is dead after {} attempts: {}", delivery.id(), delivery.event(),
                    delivery.flow(), failedAttempts, error);
            return Outcome.dead(delivery, now, error);
        }
        LOG.info("Delivery {} of {} to flow '{}' failed (attempt {} of {}), retrying in {}: {}", delivery.id(),
                delivery.event(), delivery.flow(), failedAttempts, schedule.maxAttempts(), delay, error);
        return Outcome.retryAt(delivery, now.plus(delay), now, error);
    }

    /** The innermost cause says what went wrong (a wrapper such as Spring's adds little): one line. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().replaceAll("\\s+", " ").trim();
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
