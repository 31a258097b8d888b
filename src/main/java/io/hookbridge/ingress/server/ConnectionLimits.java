package io.hookbridge.ingress.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * How many connections are open, in all and per peer address, so that one client cannot take
 * them all. An IPv6 peer counts by its /64, which one host or one customer line usually holds
 * whole. Addresses the exemption accepts (trusted reverse proxies, which carry many clients)
 * count toward the total only. Addresses refused as senders (outside
 * {@code hookbridge.ingress.allowed-ips}) share at most half of the total between them, so
 * that they can never take the places of the allowed senders.
 */
final class ConnectionLimits {

    private final int maxConnections;
    private final int maxPerAddress;
    private final int maxRefused;
    private final Predicate<InetAddress> exempt;
    private final Predicate<InetAddress> refusedSender;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger openRefused = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> openPerAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int maxConnections, int maxPerAddress, Predicate<InetAddress> exempt) {
        this(maxConnections, maxPerAddress, exempt, address -> false);
    }

    /**
     * @param refusedSender addresses whose webhooks are refused; they still reach the pages the
     *     allowlist does not cover (the admin console), from half of the places at most
     */
    ConnectionLimits(int maxConnections, int maxPerAddress, Predicate<InetAddress> exempt,
            Predicate<InetAddress> refusedSender) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.maxRefused = maxConnections / 2;
        this.exempt = exempt;
        this.refusedSender = refusedSender;
    }

    /**
     * Takes a place for a new connection from this address.
     *
     * @return what gives the place back when the connection closes, or null when a limit is reached
     *     (nothing is taken then)
     */
    Runnable tryOpen(InetAddress address) {
        if (exempt.test(address)) {
            return takeOne(open, maxConnections) ? open::decrementAndGet : null;
        }
        boolean refused = refusedSender.test(address);
        if (refused && !takeOne(openRefused, maxRefused)) {
            return null;
        }
        Runnable releaseRefused = refused ? openRefused::decrementAndGet : () -> { };
        if (!takeOne(open, maxConnections)) {
            releaseRefused.run();
            return null;
        }
        InetAddress key = counted(address);
        boolean[] taken = {false};
        openPerAddress.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            open.decrementAndGet();
            releaseRefused.run();
            return null;
        }
        return () -> {
            openPerAddress.computeIfPresent(key, (k, count) -> count > 1 ? count - 1 : null);
            open.decrementAndGet();
            releaseRefused.run();
        };
    }

    /** What the per-address limit counts: an IPv4 address as it is, an IPv6 address by its /64. */
    static InetAddress counted(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] network = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(network, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("sixteen bytes are always an IPv6 address", e);
        }
    }

    private static boolean takeOne(AtomicInteger counter, int max) {
        while (true) {
            int current = counter.get();
            if (current >= max) {
                return false;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }
}
