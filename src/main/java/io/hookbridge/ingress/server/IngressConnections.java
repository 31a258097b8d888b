package io.hookbridge.ingress.server;

import io.hookbridge.Settings;
import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server allows one connection: the header, request and idle timeouts, and the
 * connection limits (in all and per peer address). Camel makes the server with default options,
 * so these reach it through the Vert.x instance bound in the registry ({@link IngressVertx}).
 */
public final class IngressConnections {

    private static final Logger LOG = LoggerFactory.getLogger(IngressConnections.class);
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

    private final Duration idleTimeout;
    private final int webhookPort;
    private final boolean refuseAtConnect;
    private final Predicate<InetAddress> refusedSender;
    private final ConnectionLimits limits;
    private final SlowClientTimeouts timeouts;
    private final String summary;

    private IngressConnections(Duration headerTimeout, Duration requestTimeout, Duration idleTimeout,
            int maxConnections, int maxPerAddress, int webhookPort, boolean refuseAtConnect,
            Predicate<InetAddress> exemptFromAddressLimit, Predicate<InetAddress> refusedSender) {
        this.idleTimeout = idleTimeout;
        this.webhookPort = webhookPort;
        this.refuseAtConnect = refuseAtConnect;
        this.refusedSender = refusedSender;
        this.limits = new ConnectionLimits(maxConnections, maxPerAddress, exemptFromAddressLimit, refusedSender);
        this.timeouts = new SlowClientTimeouts(headerTimeout, requestTimeout);
        this.summary = "request headers within " + text(headerTimeout) + ", bodies within " + text(requestTimeout)
                + " of them, idle connections closed after " + text(idleTimeout) + "; at most " + maxConnections
                + " connections, " + maxPerAddress + " per address (per /64 for IPv6)" + (refuseAtConnect
                        ? "; senders outside hookbridge.ingress.allowed-ips closed at connect (the admin console is off)"
                        : "");
    }

    /**
     * Reads the hookbridge.ingress timeouts and limits.
     *
     * @param exemptFromAddressLimit addresses the per-address limit does not apply to (reverse
     *     proxies, whose clients all share their address)
     * @param webhookPort    the port of the webhook server (the management server's connections
     *     are left to the limits alone)
     * @param refusedSender peers whose webhooks are refused (outside the allowlist, and not a
     *     trusted proxy): closed at connect on the webhook port while the admin console is off,
     *     else sharing at most half of the connections (they may reach the console)
     */
    public static IngressConnections from(Settings settings, int webhookPort,
            Predicate<InetAddress> exemptFromAddressLimit, Predicate<InetAddress> refusedSender) {
        // with the admin console off, the webhook port serves webhooks only: a peer that may not
        // send one has nothing to do there and never takes a connection slot
        boolean adminConsoleOff = settings.text("hookbridge.admin.token", "").isEmpty();
        return new IngressConnections(
                positive(settings, "hookbridge.ingress.header-timeout", "10s"),
                positive(settings, "hookbridge.ingress.request-timeout", "30s"),
                positive(settings, "hookbridge.ingress.idle-timeout", "60s"),
                atLeastOne(settings, "hookbridge.ingress.max-connections", 1000),
                atLeastOne(settings, "hookbridge.ingress.max-connections-per-address", 100),
                webhookPort, adminConsoleOff, exemptFromAddressLimit, refusedSender);
    }

    /**
     * The Vert.x instance for the registry, made with these options, its HTTP servers answering
     * requests they cannot read with {@code invalidRequests}; closed when the Camel context stops.
     */
    public Vertx vertx(CamelContext context, VertxOptions options, Handler<HttpServerRequest> invalidRequests) {
        IngressVertx vertx = new IngressVertx(options, this::serverOptions, this::connected, invalidRequests);
        // on the stopped event rather than as a service: the HTTP server, added to the context
        // before any service of ours, would be stopped after it, on a closed Vert.x
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextStoppedEvent) {
                    vertx.close(CLOSE_TIMEOUT_MILLIS);
                }
            }
        });
        LOG.info("Ingress connections: {}", summary);
        return vertx.proxy();
    }

    private HttpServerOptions serverOptions(HttpServerOptions options) {
        return options.setIdleTimeout(Math.toIntExact(idleTimeout.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // with clear-text HTTP/2 on, Vert.x sees a connection only once its first bytes
                // have come, and HTTP/2 requests would escape the header and body timeouts
                .setHttp2ClearTextEnabled(false);
    }

    private void connected(HttpConnection connection) {
        if (!(connection instanceof HttpServerConnection server)) {
            return;
        }
        Channel channel = server.channel();
        if (!(channel.remoteAddress() instanceof InetSocketAddress peer)) {
            timeouts.watch(channel);
            return;
        }
        if (!(channel.localAddress() instanceof InetSocketAddress local) || local.getPort() != webhookPort) {
            // the management server (health, metrics): never limited by what senders of webhooks hold
            timeouts.watch(channel);
            return;
        }
        if (refuseAtConnect && refusedSender.test(peer.getAddress())) {
            channel.close();
            return;
        }
        Runnable release = limits.tryOpen(peer.getAddress());
        if (release == null) {
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> release.run());
        timeouts.watch(channel);
    }

    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static Duration positive(Settings settings, String key, String defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be more than 0 and less than 24 days, not " + text(value));
        }
        return value;
    }

    private static int atLeastOne(Settings settings, String key, int defaultValue) {
        int value = settings.integer(key, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
        return value;
    }
}
