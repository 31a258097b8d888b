package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlowCircuitsTest {

    private final ManualClock clock = new ManualClock();
    private final FlowCircuits circuits = new FlowCircuits(clock, 3, Duration.ofSeconds(30), Duration.ofMinutes(2));

    @Test
    void should_pause_a_flow_after_consecutive_failures_and_leave_others_alone() {
        assertThat(circuits.failed("http")).isFalse();
        assertThat(circuits.failed("http")).isFalse();
        assertThat(circuits.failed("http")).isTrue();

        assertThat(circuits.paused()).containsExactly("http");
        assertThat(circuits.isPaused("sql")).isFalse();
        assertThat(circuits.remainingPause("http")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void should_forget_failures_after_a_success() {
        circuits.failed("http");
        circuits.failed("http");
        circuits.succeeded("http");

        assertThat(circuits.failed("http")).isFalse();
        assertThat(circuits.paused()).isEmpty();
    }

    @Test
    void should_probe_after_the_pause_and_double_the_pause_when_the_probe_fails() {
        circuits.failed("http");
        circuits.failed("http");
        circuits.failed("http");
        clock.advance(Duration.ofSeconds(31));

        assertThat(circuits.paused()).isEmpty();
        assertThat(circuits.probing("http")).isTrue();
        assertThat(circuits.failed("http")).isTrue();
        assertThat(circuits.remainingPause("http")).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(61));
        circuits.failed("http");
        clock.advance(Duration.ofSeconds(121));
        circuits.failed("http");
        assertThat(circuits.remainingPause("http")).isEqualTo(Duration.ofMinutes(2));

        clock.advance(Duration.ofMinutes(3));
        circuits.succeeded("http");
        assertThat(circuits.probing("http")).isFalse();
        assertThat(circuits.paused()).isEmpty();
    }
}
