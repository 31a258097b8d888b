package io.hookbridge.ingress.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one log line per kind of event per interval, with the count of those left out, so a
 * flood of bad requests cannot flood the log.
 */
final class ThrottledLog {

    private final Logger log;
    private final long intervalMillis;
    private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    ThrottledLog(Class<?> owner, long intervalMillis) {
        this.log = LoggerFactory.getLogger(owner);
        this.intervalMillis = intervalMillis;
    }

    void info(String kind, String format, Object... arguments) {
        long now = System.currentTimeMillis();
        AtomicLong last = lastLogged.computeIfAbsent(kind, k -> new AtomicLong(Long.MIN_VALUE / 2));
        long previous = last.get();
        AtomicLong skipped = suppressed.computeIfAbsent(kind, k -> new AtomicLong());
        if (now - previous < intervalMillis || !last.compareAndSet(previous, now)) {
            skipped.incrementAndGet();
            return;
        }
        long left = skipped.getAndSet(0);
        if (left > 0) {
            log.info(format + " (and {} more like it left out of the log)", append(arguments, left));
        } else {
            log.info(format, arguments);
        }
    }

    private static Object[] append(Object[] arguments, Object last) {
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = last;
        return all;
    }
}
