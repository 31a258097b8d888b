package io.hookbridge.delivery;

import java.sql.SQLException;
import java.time.Instant;
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

    public FlowGates(FlowCatalog flows, FlowCircuits circuits, FlowPacing pacing, WriterLeases writers) {
        this.flows = flows;
        this.circuits = circuits;
        this.pacing = pacing;
        this.writers = writers;
    }

    /** The paced flows: the worker claims their deliveries apart, a batch at a time, when they may go. */
    public Set<String> pacedFlows() {
        return flows.pacedFlows().keySet();
    }

    /** The paced flows that may be called now; takes or renews writer leases where due. */
    public List<String> openPacedFlows() throws SQLException {
        writers.refresh(flows.writers());
        return flows.pacedFlows().keySet().stream().filter(this::open).sorted().toList();
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

    /** Records that a call of the flow starts now. */
    public void calling(String flow) {
        pacing.calling(flow, flows.policy(flow));
    }

    /** Holds the flow back until then, so that more events can join its next call. */
    public void waitForMore(String flow, Instant until) {
        pacing.waitForMore(flow, until);
    }

    /** Takes the pace of digest flows from their last delivery before this start. */
    public void resumePaces(DeliveryStore store) throws SQLException {
        for (Map.Entry<String, FlowPolicy> entry : flows.pacedFlows().entrySet()) {
            if (!entry.getValue().every().isZero()) {
                Instant last = store.lastDelivered(entry.getKey());
                if (last != null) {
                    pacing.lastCalledAt(entry.getKey(), entry.getValue(), last);
                }
            }
        }
    }

    /** Hands the writer leases back at stop, each once its last minute's calls are out of the quota window. */
    public void releaseWriters() {
        writers.releaseAll(pacing::freeFrom);
    }
}
