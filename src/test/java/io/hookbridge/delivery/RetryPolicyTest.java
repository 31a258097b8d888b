package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final RetrySchedule DEFAULT = RetrySchedule.parse("10s,5m", "setting");

    private static RetryPolicy policy(double jitter, double random) {
        return new RetryPolicy(DEFAULT, Map.of("fast", RetrySchedule.parse("1s", "x"))::get, jitter, () -> random);
    }

    @Test
    void should_spread_a_delay_within_the_jitter() {
        assertThat(policy(0.2, 0.0).nextAttempt("any", 1, null, NOW)).isEqualTo(NOW.plusSeconds(8));
        assertThat(policy(0.2, 0.5).nextAttempt("any", 1, null, NOW)).isEqualTo(NOW.plusSeconds(10));
        assertThat(policy(0.2, 0.75).nextAttempt("any", 1, null, NOW)).isEqualTo(NOW.plusSeconds(11));
        assertThat(policy(0, 0.9).nextAttempt("any", 2, null, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void should_wait_at_least_as_long_as_retry_after_asks() {
        assertThat(policy(0.2, 0.5).nextAttempt("any", 1, Duration.ofMinutes(2), NOW)).isEqualTo(NOW.plusSeconds(120));
        assertThat(policy(0.2, 0.5).nextAttempt("any", 1, Duration.ofSeconds(1), NOW)).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void should_use_the_flows_own_schedule_and_end_after_its_last_delay() {
        assertThat(policy(0, 0.5).nextAttempt("fast", 1, null, NOW)).isEqualTo(NOW.plusSeconds(1));
        assertThat(policy(0, 0.5).nextAttempt("fast", 2, null, NOW)).isNull();
        assertThat(policy(0, 0.5).nextAttempt("any", 3, null, NOW)).isNull();
        assertThat(policy(0, 0.5).maxAttempts("fast")).isEqualTo(2);
    }

    @Test
    void should_refuse_a_jitter_outside_zero_to_one() {
        assertThatThrownBy(() -> policy(1.5, 0)).hasMessageContaining("hookbridge.delivery.retry-jitter");
    }
}
