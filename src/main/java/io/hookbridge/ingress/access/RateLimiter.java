package io.hookbridge.ingress.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per second per client address (a token bucket each: {@code burst} requests at once,
 * refilled at {@code perSecond}). Idle addresses are forgotten; when more addresses than it
 * tracks are busy at once, the extra ones share one bucket, so memory stays bounded.
 */
public final class RateLimiter {

    private static final String OVERFLOW = "*";

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final int maxTracked;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst, LongSupplier nanoTime, int maxTracked) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.maxTracked = maxTracked;
    }

    /** 0 when this address may send now, otherwise the whole seconds until it may. */
    public long acquire(String address) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            if (buckets.size() >= maxTracked) {
                forgetIdle(now);
            }
            String key = buckets.size() >= maxTracked ? OVERFLOW : address;
            bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        }
        return bucket.take(now);
    }

    int tracked() {
        return buckets.size();
    }

    private void forgetIdle(long now) {
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    private final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            long elapsed = Math.max(0, now - updatedNanos);
            tokens = Math.min(burst, tokens + elapsed * perSecond / 1e9);
            updatedNanos = now;
        }
    }
}
