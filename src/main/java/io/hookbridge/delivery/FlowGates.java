package io.hookbridge.delivery;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a flow may be called now, in this instance: not paused after failures
 * ({@link FlowCircuits}), not held back by its pace ({@link FlowPacing}), and, for a flow with
 * a writer, only while this instance holds the writer's lease ({@link WriterLeases}).
 */
public final class FlowGates {

    private final FlowCatalog flows;
    private final FlowCircuits circuits;
    private final FlowPacing pacing;
    private final WriterLeases writers;
    private final DeliveryStore store;
    private final Set<String> paceResumed = new HashSet<>();
    private Set<String> heldWriters = Set.of();

    public FlowGates(FlowCatalog flows, FlowCircuits circuits, FlowPacing pacing, WriterLeases writers,
            DeliveryStore store) {
        this.flows = flows;
        this.circuits = circuits;
        this.pacing = pacing;
        this.writers = writers;
        this.store = store;
    }

    /** Flows that are off: their deliveries (made before they were switched off) wait until they are on again. */
    public List<String> flowsOff() {
        return flows.declaredOff();
    }

    /** Holds every flow of the writer until then (the sink asked to wait, with Retry-After). */
    public void holdWriter(String writer, Instant until) {
        pacing.holdWriter(writer, until);
    }

    /** The paced flows: the worker claims their deliveries apart, a batch at a time, when they may go. */
    public Set<String> pacedFlows() {
        return flows.pacedFlows().keySet();
    }

    /** The paced flows that may be called now; takes or renews writer leases where due. */
    public List<String> openPacedFlows() throws SQLException {
        Set<String> held = writers.refresh(flows.writers());
        resumePaces(held);
        heldWriters = held;
        List<String> open = flows.pacedFlows().keySet().stream().filter(this::open).sorted().toList();
        if (open.size() < 2) {
            return open;
        }
        // oldest first: the flow whose oldest waiting delivery came first goes first (flows with none last)
        Map<String, Long> oldest = store.oldestPending(open);
        return open.stream().sorted(java.util.Comparator.comparingLong(flow -> oldest.getOrDefault(flow, Long.MAX_VALUE)))
                .toList();
    }

    /**
     * A digest flow's pace continues from its last delivery in the journal, from before this
     * start or by the instance that held its writer before: read when this instance starts
     * delivering it, and again whenever it takes the writer over.
     */
    private void resumePaces(Set<String> held) throws SQLException {
        for (Map.Entry<String, FlowPolicy> entry : flows.pacedFlows().entrySet()) {
            String flow = entry.getKey();
            FlowPolicy policy = entry.getValue();
            boolean writerTaken = policy.writer() != null && held.contains(policy.writer())
                    && !heldWriters.contains(policy.writer());
            if (!policy.every().isZero() && (writerTaken || (policy.writer() == null && paceResumed.add(flow)))) {
                Instant last = store.lastDelivered(flow);
                if (last != null) {
                    pacing.lastCalledAt(flow, policy, last);
                }
            }
        }
    }

    /** Whether the flow may be called right now (checked before each batch). */
    public boolean open(String flow) {
        FlowPolicy policy = flows.policy(flow);
        return !circuits.isPaused(flow) && pacing.mayCall(flow, policy)
                && (policy.writer() == null || writers.holds(policy.writer()));
    }

    /** The earliest time a flow held back by its pace may go, or null. */
    public Instant nextOpening() {
        return pacing.nextOpening(flows.pacedFlows());
    }

    public FlowPolicy policy(String flow) {
        return flows.policy(flow);
    }

    /** How many events the flow's next call may carry. */
    public int batchSize(String flow) {
        return circuits.probing(flow) ? 1 : pacing.batchSize(flow, flows.policy(flow));
    }

    /** The sink refused a whole batch of a paced flow: the next calls carry half as many events. */
    public void refused(String flow, int size) {
        pacing.refused(flow, size);
    }

    /** A call of the flow went through. */
    public void delivered(String flow) {
        pacing.delivered(flow, flows.policy(flow));
    }

    /** Records that a call of the flow starts now. */
    public void calling(String flow) {
        pacing.calling(flow, flows.policy(flow));
    }

    /**
     * Records a call of the writer starting now that is not one of its flows' batches (a sink setting its target
     * up at startup): it counts against the writer's calls per minute like theirs.
     */
    public void writerCalling(String writer) {
        int callsPerMinute = flows.pacedFlows().values().stream().filter(policy -> writer.equals(policy.writer()))
                .mapToInt(FlowPolicy::callsPerMinute).filter(calls -> calls > 0).min().orElse(0);
        pacing.writerCalling(writer, callsPerMinute);
    }

    /** Holds the flow back until then, so that more events can join its next call. */
    public void waitForMore(String flow, Instant until) {
        pacing.waitForMore(flow, until);
    }

    /** Hands the writer leases back at stop, each once its last minute's calls are out of the quota window. */
    public void releaseWriters() {
        writers.releaseAll(pacing::freeFrom);
    }
}
