package io.hookbridge.ingress.server;

import io.hookbridge.ingress.access.ClientAddresses;
import io.hookbridge.ingress.access.IpRanges;
import io.hookbridge.ingress.access.RateLimiter;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.util.Optional;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Who may knock at all, decided from the addresses alone before the body is read: a client
 * outside {@code hookbridge.ingress.allowed-ips} gets 403, one over its rate gets 429 with
 * {@code Retry-After}.
 */
public final class ClientAccessGate {

    private final ClientAddresses addresses;
    private final IpRanges allowed;
    private final RateLimiter limiter;
    private final ThrottledLog log = new ThrottledLog(ClientAccessGate.class, 10_000);

    /** @param limiter null when there is no rate limit */
    public ClientAccessGate(ClientAddresses addresses, IpRanges allowed, RateLimiter limiter) {
        this.addresses = addresses;
        this.allowed = allowed;
        this.limiter = limiter;
    }

    void install(VertxPlatformHttpRouter router, String pathPattern) {
        router.route(pathPattern).order(-1500).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress().hostAddress();
        Optional<InetAddress> client = addresses.resolve(peer, ctx.request().headers().getAll(addresses.header().headerName()));
        if (!allowed.isEmpty() && (client.isEmpty() || !allowed.contains(client.get()))) {
            log.info("refused", "Refused a webhook from {}: not in hookbridge.ingress.allowed-ips",
                    client.map(InetAddress::getHostAddress).orElse("an unreadable forwarded address"));
            JsonErrorPages.answer(ctx, 403, "address_not_allowed",
                    "this address may not send webhooks (hookbridge.ingress.allowed-ips)");
            return;
        }
        if (limiter != null) {
            String key = client.map(InetAddress::getHostAddress).orElse("unknown via " + peer);
            long waitSeconds = limiter.acquire(key);
            if (waitSeconds > 0) {
                log.info("limited", "Answered 429 to {}: over hookbridge.ingress.rate-limit", key);
                ctx.response().putHeader("Retry-After", String.valueOf(waitSeconds));
                JsonErrorPages.answer(ctx, 429, "rate_limited",
                        "too many requests from this address; retry after " + waitSeconds + " s");
                return;
            }
        }
        ctx.next();
    }
}
