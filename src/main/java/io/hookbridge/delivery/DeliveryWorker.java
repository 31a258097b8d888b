package io.hookbridge.delivery;

import io.hookbridge.db.SqlFailures;
import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.delivery.DeliveryStore.Outcome;
import io.hookbridge.delivery.FailureClassifier.Failure;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers pending rows off the request thread. It claims due deliveries for this instance,
 * runs them through their flows (in batches where the flow's sink takes them), and records
 * each attempt: delivered, a retry time, or dead. Woken by each journal commit; otherwise it
 * looks again every poll interval, which also picks up retries whose time has come, rows left
 * pending by an earlier run, and rows whose claim by a dead instance has expired.
 *
 * <p>Nothing is sent on a claim that no longer holds: before each call of a sink the worker
 * renews the lease of the call's deliveries (and, when half the lease has gone, of the rest of
 * its claim) where its claim still holds, and leaves out the deliveries whose claim was taken
 * over by another instance or replayed. Outcomes are recorded on the same condition.
 *
 * <p>An Error that reaches the worker's loop (a class that cannot be loaded, memory exhausted)
 * ends the thread: it is logged, and {@link #failure()} tells readiness.
 */
public final class DeliveryWorker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Ingress counts as busy for this long after its last commit. */
    private static final long INGRESS_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final DeliveryStore store;
    private final FlowDispatcher dispatcher;
    private final RetryPolicy retries;
    private final FailureClassifier classifier;
    private final FlowCircuits circuits;
    private final FlowGates gates;
    private final Clock clock;
    private final Settings settings;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile long lastWakeNanos = System.nanoTime() - INGRESS_QUIET_NANOS;
    private volatile Thread thread;
    private volatile Throwable failure;
    /** When the whole of the current claim's lease is renewed next (before a call, once half the lease has gone). */
    private Instant claimRenewal = Instant.MIN;
    /** Deliveries of the current claim found taken over or replayed: left out of its later calls. */
    private final Set<Long> lostFromClaim = new HashSet<>();

    /**
     * @param instance     this bridge's name on the claims it takes
     * @param claimLimit   most deliveries claimed at once
     * @param lease        how long a claim holds before another instance may take the rows
     * @param pollInterval longest wait between two looks for due rows
     * @param grace        how long a stop waits for the deliveries in progress
     * @param yieldToIngress while draining a backlog (a full claim) and webhooks are arriving,
     *                     pause after each batch for as long as it took: the backlog drains at
     *                     half pace and the acknowledgements keep theirs. Fresh events are
     *                     delivered at full pace.
     */
    public record Settings(String instance, int claimLimit, Duration lease, Duration pollInterval, Duration grace,
            boolean yieldToIngress) {
    }

    private final BridgeMetrics metrics;
    private final DeliveryAlerts alerts;

    /** @param alerts told when a flow pauses after failures and when it delivers (the operator's alerts) */
    public DeliveryWorker(DeliveryStore store, FlowDispatcher dispatcher, RetryPolicy retries,
            FailureClassifier classifier, FlowCircuits circuits, FlowGates gates, Clock clock, Settings settings,
            BridgeMetrics metrics, DeliveryAlerts alerts) {
        this.metrics = metrics;
        this.alerts = alerts;
        this.store = store;
        this.dispatcher = dispatcher;
        this.retries = retries;
        this.classifier = classifier;
        this.circuits = circuits;
        this.gates = gates;
        this.clock = clock;
        this.settings = settings;
    }

    /** The Error that ended the worker's thread, or null while it runs (or never ran). */
    public Throwable failure() {
        return failure;
    }

    /** Tells the worker there may be new work (called after each journal commit). */
    public void wake() {
        lastWakeNanos = System.nanoTime();
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
        if (running == null) {
            return;
        }
        wake();
        running.join(settings.grace().toMillis());
        if (running.isAlive()) {
            LOG.warn("Deliveries still running after the {} s grace period; their rows stay claimed until the lease"
                    + " ({} s) runs out", settings.grace().toSeconds(), settings.lease().toSeconds());
            return;
        }
        gates.releaseWriters();
        try {
            int released = store.releaseAll(settings.instance());
            if (released > 0) {
                LOG.info("Left {} claimed deliveries pending for the next start", released);
            }
        } catch (SQLException e) {
            LOG.warn("Could not release this instance's claims: {}", SqlFailures.describe(e));
        }
    }

    private void run() {
        while (isRunAllowed()) {
            try {
                int claimed = deliverDue();
                if (claimed < settings.claimLimit()) {
                    wakeUp.tryAcquire(idleWaitMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException e) {
                LOG.warn("Delivery worker could not use the journal, trying again in {} ms: {}",
                        settings.pollInterval().toMillis(), SqlFailures.describe(e));
                pause();
            } catch (RuntimeException e) {
                LOG.error("Delivery worker failed, trying again in {} ms", settings.pollInterval().toMillis(), e);
                pause();
            } catch (Throwable e) {
                failure = e;
                LOG.error("The delivery worker thread stopped on an error: this instance delivers nothing until it is"
                        + " restarted (readiness is DOWN); its claimed deliveries go to other instances once their lease"
                        + " ({} s) runs out", settings.lease().toSeconds(), e);
                return;
            }
        }
    }

    /** Until the next look for due rows: the poll interval, or less when a paced flow may go sooner. */
    private long idleWaitMillis() {
        long poll = settings.pollInterval().toMillis();
        Instant opening = gates.nextOpening();
        if (opening == null) {
            return poll;
        }
        long untilOpening = Duration.between(clock.instant(), opening).toMillis() + 1;
        return Math.max(1, Math.min(poll, untilOpening));
    }

    /**
     * One round: claims the due deliveries of the flows that are not paced and delivers them,
     * then gives each paced flow that may go now one batch of its own (so that its batch is
     * never cut short by the other flows' share of a claim).
     */
    private int deliverDue() throws SQLException {
        List<String> openPaced = gates.openPacedFlows();
        Set<String> excluded = new HashSet<>(circuits.paused());
        excluded.addAll(gates.pacedFlows());
        excluded.addAll(gates.flowsOff());
        Instant now = clock.instant();
        List<DueDelivery> claimed = store.claim(settings.instance(), now, now.plus(settings.lease()),
                settings.claimLimit(), excluded);
        newClaim(now);
        Map<String, List<DueDelivery>> byFlow = new LinkedHashMap<>();
        for (DueDelivery delivery : claimed) {
            byFlow.computeIfAbsent(delivery.flow(), f -> new ArrayList<>()).add(delivery);
        }
        List<List<DueDelivery>> groups = new ArrayList<>(byFlow.values());
        for (int g = 0; g < groups.size(); g++) {
            if (!isRunAllowed()) {
                store.release(settings.instance(), remaining(groups, g));
                break;
            }
            deliverFlow(groups.get(g), claimed.size() >= settings.claimLimit(), remaining(groups, g + 1));
        }
        for (String flow : openPaced) {
            if (!isRunAllowed()) {
                break;
            }
            deliverPacedBatch(flow);
        }
        return claimed.size();
    }

    /** Claims and delivers the next batch of a paced flow that may go now (in journal order if it is ordered). */
    private void deliverPacedBatch(String flow) throws SQLException {
        FlowPolicy policy = gates.policy(flow);
        Instant at = clock.instant();
        Instant leaseUntil = at.plus(settings.lease());
        List<DueDelivery> batch;
        Instant waitUntil = null;
        if (policy.ordered()) {
            DeliveryStore.OrderedClaim claim = store.claimInOrder(settings.instance(), flow, at, leaseUntil,
                    gates.batchSize(flow));
            batch = claim.deliveries();
            waitUntil = claim.waitUntil();
        } else {
            batch = store.claimFlow(settings.instance(), flow, at, leaseUntil, gates.batchSize(flow));
        }
        if (!batch.isEmpty()) {
            newClaim(at);
            deliverFlow(batch, false, List.of());
            return;
        }
        // nothing can go: look again when the oldest may, or a little later rather than on every commit
        Duration idle = policy.batchWait().compareTo(settings.pollInterval()) > 0 ? policy.batchWait()
                : settings.pollInterval();
        gates.waitForMore(flow, waitUntil != null && waitUntil.isBefore(at.plus(idle)) ? waitUntil : at.plus(idle));
    }

    /**
     * @param backlog    the claim was full: there is a backlog, not just the latest events
     * @param laterFlows the deliveries of the claim's other flows, delivered after these
     */
    private void deliverFlow(List<DueDelivery> deliveries, boolean backlog, List<DueDelivery> laterFlows)
            throws SQLException {
        String flow = deliveries.get(0).flow();
        FlowPolicy policy = gates.policy(flow);
        int batchSize = gates.batchSize(flow);
        for (int start = 0; start < deliveries.size(); start += batchSize) {
            List<DueDelivery> rest = deliveries.subList(start, deliveries.size());
            if (!isRunAllowed() || !gates.open(flow) || waitsForMore(flow, policy, rest, batchSize)) {
                store.release(settings.instance(), rest);
                return;
            }
            List<DueDelivery> batch = rest.subList(0, Math.min(batchSize, rest.size()));
            Instant renewedAt = clock.instant();
            List<DueDelivery> held = fence(batch, rest.subList(batch.size(), rest.size()), laterFlows, renewedAt);
            if (policy.ordered() && held.size() < batch.size()) {
                // nothing passes a delivery of an ordered flow: send up to the first one lost, give back the others
                int kept = 0;
                while (kept < held.size() && held.get(kept).id() == batch.get(kept).id()) {
                    kept++;
                }
                store.release(settings.instance(), rest.subList(kept, rest.size()));
                held = held.subList(0, kept);
                if (held.isEmpty()) {
                    return;
                }
                start = deliveries.size();
            }
            if (held.isEmpty()) {
                continue;
            }
            long batchStart = System.nanoTime();
            // the lease was renewed just now, and every call of a sink ends within half of it
            Instant leaseEnd = renewedAt.plus(settings.lease());
            gates.calling(flow);
            record(attempt(flow, policy, held), leaseEnd);
            if (backlog) {
                yieldToIngress(System.nanoTime() - batchStart);
            }
            if (circuits.isPaused(flow)) {
                LOG.warn("Flow '{}' paused for {} s after repeated failures; its other deliveries wait without"
                        + " using attempts", flow, circuits.remainingPause(flow).toSeconds());
            }
            batchSize = gates.batchSize(flow);
        }
    }

    /** A claim begins: its lease runs from {@code at}, and none of its deliveries is lost yet. */
    private void newClaim(Instant at) {
        claimRenewal = at.plus(settings.lease().dividedBy(2));
        lostFromClaim.clear();
    }

    /**
     * Right before a call of the sink: renews the lease of the call's deliveries where this
     * instance's claim on them still holds, and of the rest of the claim too once half its lease
     * has gone. Returns the deliveries of the call that are still held, in order: only those may
     * be sent. Those taken over by another instance or replayed are left out, here and in the
     * claim's later calls.
     */
    private List<DueDelivery> fence(List<DueDelivery> call, List<DueDelivery> laterOfFlow,
            List<DueDelivery> laterFlows, Instant now) throws SQLException {
        List<DueDelivery> renewing = new ArrayList<>();
        for (DueDelivery delivery : call) {
            if (!lostFromClaim.contains(delivery.id())) {
                renewing.add(delivery);
            }
        }
        if (renewing.isEmpty()) {
            return List.of();
        }
        int callSize = renewing.size();
        boolean wholeClaim = !now.isBefore(claimRenewal);
        if (wholeClaim) {
            for (DueDelivery delivery : laterOfFlow) {
                if (!lostFromClaim.contains(delivery.id())) {
                    renewing.add(delivery);
                }
            }
            for (DueDelivery delivery : laterFlows) {
                if (!lostFromClaim.contains(delivery.id())) {
                    renewing.add(delivery);
                }
            }
        }
        Set<Long> held = store.renew(settings.instance(), renewing, now.plus(settings.lease()));
        if (wholeClaim) {
            claimRenewal = now.plus(settings.lease().dividedBy(2));
        }
        List<DueDelivery> sendable = new ArrayList<>(callSize);
        int lost = 0;
        for (int i = 0; i < renewing.size(); i++) {
            DueDelivery delivery = renewing.get(i);
            if (!held.contains(delivery.id())) {
                lostFromClaim.add(delivery.id());
                lost++;
            } else if (i < callSize) {
                sendable.add(delivery);
            }
        }
        if (lost > 0) {
            LOG.info("{} claimed deliver{} of flow '{}' and later ones no longer held by this instance (taken over"
                    + " after the lease ran out, or replayed): not sent from this claim", lost, lost == 1 ? "y" : "ies",
                    call.get(0).flow());
        }
        return sendable;
    }

    /**
     * Whether a short batch should wait for more events: only for a flow with a batch wait, and
     * only until its oldest event has waited that long.
     */
    private boolean waitsForMore(String flow, FlowPolicy policy, List<DueDelivery> waiting, int batchSize) {
        if (policy.batchWait().isZero() || waiting.size() >= batchSize) {
            return false;
        }
        Instant ready = waiting.get(0).due().plus(policy.batchWait());
        if (ready.isAfter(clock.instant())) {
            gates.waitForMore(flow, ready);
            return true;
        }
        return false;
    }

    private List<Outcome> attempt(String flow, FlowPolicy policy, List<DueDelivery> batch) {
        Instant started = clock.instant();
        try {
            int calls = dispatcher.deliver(flow, batch);
            // the call counted before the batch was one; a sink that made more counts them now
            for (int more = 1; more < calls; more++) {
                gates.calling(flow);
            }
            circuits.succeeded(flow);
            alerts.flowDelivered(flow);
            gates.delivered(flow);
            Instant finished = clock.instant();
            return batch.stream().map(d -> Outcome.delivered(d, started, finished)).toList();
        } catch (Exception e) {
            Failure failure = classifier.classify(e);
            if (batch.size() > 1 && !failure.retryable() && failure.oneEvent()) {
                return split(flow, policy, batch, failure, started);
            }
            if (failure.retryable() && !policy.ordered() && circuits.failed(flow)) {
                alerts.flowPaused(flow, circuits.remainingPause(flow), failure.description());
            }
            return failed(flow, policy, batch, failure, started, clock.instant());
        }
    }

    /**
     * A batch refused for what may be one event's data: a paced flow tries it again in halves,
     * each a paced call of its own (the refused ones keep their place and their attempts); any
     * other flow tries the events one by one at once. Either way only the bad event goes dead.
     */
    private List<Outcome> split(String flow, FlowPolicy policy, List<DueDelivery> batch, Failure failure,
            Instant started) {
        if (policy.paced()) {
            LOG.info("Flow '{}' refused a batch of {}; trying batches of {} to find what it refuses: {}", flow,
                    batch.size(), Math.max(1, batch.size() / 2), failure.description());
            gates.refused(flow, batch.size());
            Instant now = clock.instant();
            return batch.stream().map(d -> Outcome.split(d, started, now, failure.description())).toList();
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (DueDelivery delivery : batch) {
            // each one is a call of its own: sent only while its claim still holds
            List<DueDelivery> held;
            try {
                held = fence(List.of(delivery), List.of(), List.of(), clock.instant());
            } catch (SQLException e) {
                // the journal is away: record what was sent; the others come back when their lease runs out
                LOG.warn("Could not renew the claim of delivery {} before its call, leaving it for later: {}",
                        delivery.id(), SqlFailures.describe(e));
                break;
            }
            if (!held.isEmpty()) {
                outcomes.addAll(attempt(flow, policy, held));
            }
        }
        return outcomes;
    }

    /**
     * The outcomes of a failed batch: each delivery dead when out of attempts (or at once when
     * the failure is not worth a retry), otherwise due again at its retry time, which is stored
     * on its row. A {@code Retry-After} holds the flow's whole writer, not just this flow.
     */
    private List<Outcome> failed(String flow, FlowPolicy policy, List<DueDelivery> batch, Failure failure,
            Instant started, Instant now) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        Instant latest = null;
        for (DueDelivery delivery : batch) {
            int failedAttempts = delivery.attempts() + 1;
            Instant next = failure.retryable()
                    ? retries.nextAttempt(flow, failedAttempts, failure.retryAfter(), now)
                    : null;
            if (next == null) {
                LOG.warn("Delivery {} of {} to flow '{}' is dead after {} attempt(s): {}", delivery.id(),
                        delivery.event(), flow, failedAttempts, failure.description());
                outcomes.add(Outcome.dead(delivery, started, now, failure.description()));
            } else {
                latest = latest == null || next.isAfter(latest) ? next : latest;
                outcomes.add(Outcome.retryAt(delivery, next, started, now, failure.description()));
            }
        }
        if (failure.retryAfter() != null && policy.writer() != null) {
            gates.holdWriter(policy.writer(), now.plus(failure.retryAfter()));
        }
        if (latest != null) {
            LOG.info("Flow '{}' failed on {} deliver{} ({}), tried again from {}{}: {}", flow, batch.size(),
                    batch.size() == 1 ? "y" : "ies", batch.size() == 1 ? "attempt " + (batch.get(0).attempts() + 1)
                            + " of " + retries.maxAttempts(flow) : "a batch", latest,
                    policy.ordered() ? ", the deliveries behind waiting in order" : "", failure.description());
        }
        return outcomes;
    }

    /**
     * Writes the outcomes; while the journal cannot take them, tries again until the claim's
     * lease is about to end, so that a delivery the sink took is not delivered a second time
     * after a short journal outage.
     */
    private void record(List<Outcome> outcomes, Instant leaseEnd) throws SQLException {
        int lost;
        while (true) {
            try {
                lost = store.record(settings.instance(), outcomes);
                break;
            } catch (SQLException e) {
                if (!isRunAllowed() || clock.instant().plus(settings.pollInterval()).isAfter(leaseEnd)) {
                    throw e;
                }
                LOG.warn("Could not record {} outcome(s), trying again in {} ms: {}", outcomes.size(),
                        settings.pollInterval().toMillis(), SqlFailures.describe(e));
                pause();
            }
        }
        outcomes.forEach(outcome -> metrics.delivery(outcome.delivery().flow(), outcome.attemptOutcome()));
        if (lost > 0) {
            LOG.warn("{} deliveries were taken over by another instance, or replayed, while this one was sending"
                    + " them; their outcome here is kept in the attempts only (a call of a sink must end within"
                    + " half of hookbridge.delivery.lease)", lost);
        }
    }

    private void yieldToIngress(long batchNanos) {
        if (settings.yieldToIngress() && System.nanoTime() - lastWakeNanos < INGRESS_QUIET_NANOS) {
            try {
                TimeUnit.NANOSECONDS.sleep(batchNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<DueDelivery> remaining(List<List<DueDelivery>> groups, int from) {
        List<DueDelivery> rest = new ArrayList<>();
        for (int i = from; i < groups.size(); i++) {
            rest.addAll(groups.get(i));
        }
        return rest;
    }

    private void pause() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
