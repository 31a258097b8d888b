package io.hookbridge.ingress;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * How many connections are open, in all and per peer address, so that one client cannot take
 * them all. Addresses the exemption accepts (trusted reverse proxies, which carry many clients)
 * count toward the total only.
 */
final class ConnectionLimits {

    private final int maxConnections;
    private final int maxPerAddress;
    private final Predicate<InetAddress> exempt;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> openPerAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int maxConnections, int maxPerAddress, Predicate<InetAddress> exempt) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.exempt = exempt;
    }

    /**
     * Takes a place for a new connection from this address.
     *
     * @return what gives the place back when the connection closes, or null when a limit is reached
     *     (nothing is taken then)
     */
    Runnable tryOpen(InetAddress address) {
        if (!takeOne()) {
            return null;
        }
        if (exempt.test(address)) {
            return open::decrementAndGet;
        }
        boolean[] taken = {false};
        openPerAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            open.decrementAndGet();
            return null;
        }
        return () -> {
            openPerAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
            open.decrementAndGet();
        };
    }

    private boolean takeOne() {
        while (true) {
            int current = open.get();
            if (current >= maxConnections) {
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }
}
