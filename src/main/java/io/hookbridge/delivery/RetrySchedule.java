package io.hookbridge.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long to wait before each retry of a failed delivery. The first attempt is immediate;
 * after the last delay has been used, the next failure makes the delivery dead.
 */
public final class RetrySchedule {

    private static final Pattern DELAY = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final List<Duration> delays;

    public RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** Parses {@code 5s,5m,30m,2h}; units ms, s, m, h, d. An empty text means no retries. */
    public static RetrySchedule parse(String text, String settingName) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            String item = part.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            Matcher matcher = DELAY.matcher(item);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(settingName + ": '" + part.trim()
                        + "' is not a delay; write a list such as 5s,5m,30m,2h (units ms, s, m, h, d)");
            }
            long amount = Long.parseLong(matcher.group(1));
            delays.add(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
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
