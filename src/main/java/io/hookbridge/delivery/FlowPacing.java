package io.hookbridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a paced flow may be called next, in this instance: after its batch wait, after its
 * {@code every} since its last call, and within its writer's calls per minute.
 *
 * <p>A writer's calls are spaced at least 60 s / {@code callsPerMinute} apart and never more
 * than {@code callsPerMinute} fall within any 60 s, so a burst of events turns into a steady
 * stream of full batches instead of a burst of calls that a quota would refuse.
 *
 * <p>When the sink refuses a whole batch for one bad event, the flow's batches are halved
 * until the bad event is alone, each half a paced call of its own, and grow back after each
 * success: the bad event is found in a handful of calls within the quota.
 */
public final class FlowPacing {

    static final Duration MINUTE = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> writerCalls = new ConcurrentHashMap<>();
    private final Map<String, Integer> batchCaps = new ConcurrentHashMap<>();
    private final Map<String, Instant> writerHolds = new ConcurrentHashMap<>();

    public FlowPacing(Clock clock) {
        this.clock = clock;
    }

    /** The earliest time one of the waiting flows among {@code paced} may be called, or null when none waits. */
    public Instant nextOpening(Map<String, FlowPolicy> paced) {
        Instant now = clock.instant();
        Instant earliest = null;
        for (Map.Entry<String, FlowPolicy> entry : paced.entrySet()) {
            Instant next = nextCall(entry.getKey(), entry.getValue());
            if (next.isAfter(now) && (earliest == null || next.isBefore(earliest))) {
                earliest = next;
            }
        }
        return earliest;
    }

    public boolean mayCall(String flow, FlowPolicy policy) {
        return !nextCall(flow, policy).isAfter(clock.instant());
    }

    /** Holds the flow back until then, so that more events can join its next call. */
    public void waitForMore(String flow, Instant until) {
        notBefore.merge(flow, until, FlowPacing::latest);
    }

    /** Records a call of the flow starting now. */
    public void calling(String flow, FlowPolicy policy) {
        Instant now = clock.instant();
        notBefore.put(flow, now.plus(policy.every()));
        if (policy.writer() != null && policy.callsPerMinute() > 0) {
            Deque<Instant> calls = writerCalls.computeIfAbsent(policy.writer(), w -> new ArrayDeque<>());
            synchronized (calls) {
                calls.addLast(now);
                while (calls.size() > policy.callsPerMinute()) {
                    calls.removeFirst();
                }
            }
        }
    }

    /**
     * Records a call of the writer starting now that is not a flow's batch (a sink setting its target up), so that
     * the calls of its flows leave room for it within {@code callsPerMinute}.
     */
    public void writerCalling(String writer, int callsPerMinute) {
        if (writer == null || callsPerMinute <= 0) {
            return;
        }
        Deque<Instant> calls = writerCalls.computeIfAbsent(writer, w -> new ArrayDeque<>());
        synchronized (calls) {
            calls.addLast(clock.instant());
            while (calls.size() > callsPerMinute) {
                calls.removeFirst();
            }
        }
    }

    /** Holds every flow of the writer until then. */
    public void holdWriter(String writer, Instant until) {
        writerHolds.merge(writer, until, FlowPacing::latest);
    }

    /** How many events the flow's next call may carry: its batch size, less while a refused batch is being halved. */
    public int batchSize(String flow, FlowPolicy policy) {
        return Math.min(policy.batchSize(), batchCaps.getOrDefault(flow, policy.batchSize()));
    }

    /** The sink refused a batch of this size as a whole: the next ones are half as large. */
    public void refused(String flow, int size) {
        batchCaps.put(flow, Math.max(1, size / 2));
    }

    /** A call went through: batches grow back towards the flow's batch size. */
    public void delivered(String flow, FlowPolicy policy) {
        batchCaps.computeIfPresent(flow, (f, cap) -> cap * 2 >= policy.batchSize() ? null : cap * 2);
    }

    /** Takes the time of the flow's last call from before this start (a digest keeps its pace through a restart). */
    public void lastCalledAt(String flow, FlowPolicy policy, Instant at) {
        waitForMore(flow, at.plus(policy.every()));
    }

    /**
     * The time from which another instance may take the writer over without exceeding its
     * calls per minute: one minute after this instance's last call of it.
     */
    public Instant freeFrom(String writer) {
        Deque<Instant> calls = writerCalls.get(writer);
        Instant now = clock.instant();
        if (calls == null) {
            return now;
        }
        synchronized (calls) {
            Instant last = calls.peekLast();
            return last == null || last.plus(MINUTE).isBefore(now) ? now : last.plus(MINUTE);
        }
    }

    private Instant nextCall(String flow, FlowPolicy policy) {
        Instant next = notBefore.getOrDefault(flow, Instant.MIN);
        if (policy.writer() != null) {
            Instant held = writerHolds.getOrDefault(policy.writer(), Instant.MIN);
            Instant writerNext = policy.callsPerMinute() > 0
                    ? nextWriterCall(policy.writer(), policy.callsPerMinute()) : Instant.MIN;
            next = latest(next, latest(held, writerNext));
        }
        return next;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private Instant nextWriterCall(String writer, int callsPerMinute) {
        Deque<Instant> calls = writerCalls.get(writer);
        if (calls == null) {
            return Instant.MIN;
        }
        synchronized (calls) {
            if (calls.isEmpty()) {
                return Instant.MIN;
            }
            Instant spaced = calls.peekLast().plus(MINUTE.dividedBy(callsPerMinute));
            if (calls.size() < callsPerMinute) {
                return spaced;
            }
            // the oldest of the last callsPerMinute calls must leave the 60 s window first
            Instant windowFree = calls.peekFirst().plus(MINUTE).plusMillis(1);
            return windowFree.isAfter(spaced) ? windowFree : spaced;
        }
    }
}
