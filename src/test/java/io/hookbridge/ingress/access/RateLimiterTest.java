package io.hookbridge.ingress.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void should_allow_the_burst_then_the_rate_per_address() {
        RateLimiter limiter = new RateLimiter(2, 5, nanos::get, 1000);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        assertThat(limiter.acquire("a")).isEqualTo(1);
        assertThat(limiter.acquire("b")).as("another address has its own bucket").isZero();
        nanos.addAndGet(500_000_000);
        assertThat(limiter.acquire("a")).as("half a second at 2/s refills one").isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
    }

    @Test
    void should_say_how_long_to_wait_in_whole_seconds() {
        RateLimiter limiter = new RateLimiter(0.1, 1, nanos::get, 1000);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(10);
        nanos.addAndGet(4_000_000_000L);
        assertThat(limiter.acquire("a")).isEqualTo(6);
    }

    @Test
    void should_keep_memory_bounded_by_forgetting_idle_addresses_and_sharing_one_bucket_beyond_the_bound() {
        RateLimiter limiter = new RateLimiter(1, 2, nanos::get, 100);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire("10.0." + (i / 250) + "." + (i % 250));
        }
        assertThat(limiter.tracked()).isLessThanOrEqualTo(101);
        nanos.addAndGet(10_000_000_000L);
        limiter.acquire("192.0.2.1");
        assertThat(limiter.tracked()).as("idle buckets forgotten").isEqualTo(1);
    }
}
