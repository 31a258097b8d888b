package io.hookbridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Pauses a flow whose sink keeps failing, so that its waiting deliveries do not each burn an
 * attempt against a sink that is down, while other flows keep flowing.
 *
 * <p>After {@code failureThreshold} retryable failures in a row a flow is paused; when the
 * pause is over one delivery goes through as a probe: success resumes the flow, failure pauses
 * it again for twice as long, up to {@code maxPause}.
 */
public final class FlowCircuits {

    private final Clock clock;
    private final int failureThreshold;
    private final Duration pause;
    private final Duration maxPause;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    public FlowCircuits(Clock clock, int failureThreshold, Duration pause, Duration maxPause) {
        this.clock = clock;
        this.failureThreshold = failureThreshold;
        this.pause = pause;
        this.maxPause = maxPause;
    }

    /** Flows paused right now: their deliveries are not claimed. */
    public Set<String> paused() {
        Instant now = clock.instant();
        return circuits.entrySet().stream().filter(e -> e.getValue().pausedAt(now)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Whether the flow's pause is over and its next delivery is a probe that decides whether it resumes. */
    public boolean probing(String flow) {
        Circuit circuit = circuits.get(flow);
        return circuit != null && circuit.openedAt != null && !circuit.pausedAt(clock.instant());
    }

    public boolean isPaused(String flow) {
        Circuit circuit = circuits.get(flow);
        return circuit != null && circuit.pausedAt(clock.instant());
    }

    public void succeeded(String flow) {
        circuits.remove(flow);
    }

    /** Counts a retryable failure; true when it pauses the flow. */
    public boolean failed(String flow) {
        Circuit circuit = circuits.computeIfAbsent(flow, f -> new Circuit());
        synchronized (circuit) {
            Instant now = clock.instant();
            if (circuit.openedAt != null) {
                circuit.currentPause = circuit.currentPause.multipliedBy(2).compareTo(maxPause) > 0
                        ? maxPause : circuit.currentPause.multipliedBy(2);
                circuit.openedAt = now;
                return true;
            }
            circuit.failures++;
            if (circuit.failures >= failureThreshold) {
                circuit.openedAt = now;
                circuit.currentPause = pause;
                return true;
            }
            return false;
        }
    }

    /** How long the flow is paused for, from now; zero when it is not. */
    public Duration remainingPause(String flow) {
        Circuit circuit = circuits.get(flow);
        if (circuit == null) {
            return Duration.ZERO;
        }
        Instant end = circuit.pauseEnd();
        Duration left = end == null ? Duration.ZERO : Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static final class Circuit {
        int failures;
        Instant openedAt;
        Duration currentPause;

        boolean pausedAt(Instant now) {
            Instant end = pauseEnd();
            return end != null && now.isBefore(end);
        }

        /** When the pause ends, or null when the flow was never paused. */
        Instant pauseEnd() {
            return openedAt == null ? null : openedAt.plus(currentPause);
        }
    }
}
