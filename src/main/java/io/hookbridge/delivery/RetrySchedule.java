package io.hookbridge.delivery;

import io.hookbridge.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long to wait before each retry of a failed delivery. The first attempt is immediate;
 * after the last delay has been used, the next failure makes the delivery dead.
 */
public final class RetrySchedule {

    private final List<Duration> delays;

    public RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** Parses {@code 5s,5m,30m,2h}; units ms, s, m, h, d. An empty text means no retries. */
    public static RetrySchedule parse(String text, String settingName) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                delays.add(Durations.parse(part, settingName));
            }
        }
        return new RetrySchedule(delays);
    }

    /** The delay before the next attempt after {@code failedAttempts} failures, or null when out of attempts. */
    public Duration delayAfter(int failedAttempts) {
        int index = failedAttempts - 1;
        return index >= 0 && index < delays.size() ? delays.get(index) : null;
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }
}
