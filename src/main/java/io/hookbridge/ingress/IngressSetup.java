package io.hookbridge.ingress;

import io.hookbridge.Settings;
import io.hookbridge.ingress.access.ClientAddresses;
import io.hookbridge.ingress.access.IpRanges;
import io.hookbridge.ingress.access.RateLimiter;
import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.ingress.access.WebhookToken;
import io.hookbridge.ingress.server.ClientAccessGate;
import io.hookbridge.ingress.server.IngressConnections;
import io.hookbridge.ingress.server.InvalidRequests;
import io.hookbridge.ingress.server.MainServerHttpEngine;
import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.web.ErrorResponse;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may send webhooks, from the {@code hookbridge.ingress.*} settings: the address token, the
 * signing secret, the allowed addresses and trusted proxies, the rate limit, the connection
 * limits and timeouts. Binds the HTTP server's Vert.x, the ingress routes' guards and the answer
 * of the HTTP routes that fail, and returns the gate the HTTP server puts in front of them.
 */
public final class IngressSetup {

    private static final Logger LOG = LoggerFactory.getLogger(IngressSetup.class);
    /** Most client addresses with a rate-limit bucket at once; more share one bucket. */
    private static final int RATE_LIMITED_ADDRESSES = 100_000;

    private IngressSetup() {
    }

    public static ClientAccessGate configure(CamelContext context, Settings settings, PayloadParser parser, Clock clock,
            int port, int requestThreads, BridgeMetrics metrics) {
        Registry registry = context.getRegistry();
        registry.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                new MainServerHttpEngine(port));
        int maxBodyBytes = maxBodyBytes(settings);
        IpRanges trusted = IpRanges.parse(settings.text("hookbridge.ingress.trusted-proxies", ""),
                "hookbridge.ingress.trusted-proxies");
        ClientAddresses clients = new ClientAddresses(trusted, ClientAddresses.ForwardingHeader.of(
                settings.text("hookbridge.ingress.forwarded-header", "X-Forwarded-For"), "hookbridge.ingress.forwarded-header"));
        IpRanges allowed = IpRanges.parse(settings.text("hookbridge.ingress.allowed-ips", ""),
                "hookbridge.ingress.allowed-ips");
        RateLimiter limiter = rateLimiter(settings);
        // each request waits on a worker thread until its event is committed, so the pool bounds
        // how many webhooks one group commit can carry; a trusted proxy carries many clients' connections;
        // a peer that is neither allowed nor a trusted proxy is the client itself, and its webhooks get 403
        registry.bind("vertx", Vertx.class, IngressConnections.from(settings, port, trusted::contains,
                peer -> !allowed.isEmpty() && !trusted.contains(peer) && !allowed.contains(peer))
                .vertx(context, new VertxOptions().setWorkerPoolSize(requestThreads), new InvalidRequests(metrics)));

        String baseUrl = publicUrl(settings, port) + "/webhooks/systeme/";
        WebhookToken token = WebhookToken.resolve(settings.text(WebhookToken.SETTING, ""),
                Path.of(settings.text("hookbridge.data-dir", "./data")), baseUrl, System.out::println);
        registry.bind("ingressGuard", new IngressGuard(new AutomationRuleWebhooks(token), parser, clients, maxBodyBytes, clock));
        String signingSecret = settings.text("hookbridge.ingress.signing-secret", "");
        registry.bind("signedIngressGuard", new IngressGuard(new SignedWebhooks(
                signingSecret.isEmpty() ? null : new SystemeSignature(signingSecret)), parser, clients, maxBodyBytes, clock));
        // the answer of every HTTP route that fails (routes/http-errors: the webhooks', the admin API's)
        registry.bind("errorResponse", new ErrorResponse(metrics, IngressGuard.SOURCE_PROPERTY));

        LOG.info("Webhook endpoint: POST {}<token> (token from {}; bodies up to {} bytes)", baseUrl, token.origin(),
                maxBodyBytes);
        LOG.info(signingSecret.isEmpty()
                ? "Signed webhooks are off: set hookbridge.ingress.signing-secret to receive them at POST {}"
                : "Signed webhooks: POST {} (x-webhook-signature checked with hookbridge.ingress.signing-secret)",
                publicUrl(settings, port) + "/webhooks/systeme-signed");
        LOG.info("Webhook senders: {}; {}; {}",
                allowed.isEmpty() ? "any address (hookbridge.ingress.allowed-ips is empty)" : "only " + allowed,
                trusted.isEmpty() ? "no trusted proxies (the socket peer is the client)"
                        : "client address read from " + clients.header().headerName() + " behind " + trusted,
                limiter == null ? "no rate limit" : "at most " + java.math.BigDecimal.valueOf(
                        settings.decimal("hookbridge.ingress.rate-limit", 100)).stripTrailingZeros().toPlainString()
                        + " requests/s per address (bursts of " + settings.integer("hookbridge.ingress.rate-limit-burst", 2000)
                        + ")");
        return new ClientAccessGate(clients, allowed, limiter);
    }

    /** The largest webhook body accepted, in bytes (hookbridge.ingress.max-body-bytes). */
    public static int maxBodyBytes(Settings settings) {
        return settings.integer("hookbridge.ingress.max-body-bytes", 1_048_576);
    }

    /** Requests per second per client address; 0 turns the limit off. */
    private static RateLimiter rateLimiter(Settings settings) {
        double perSecond = settings.decimal("hookbridge.ingress.rate-limit", 100);
        int burst = settings.integer("hookbridge.ingress.rate-limit-burst", 2000);
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("hookbridge.ingress.rate-limit must be 0 (off) or more, and"
                    + " hookbridge.ingress.rate-limit-burst at least 1");
        }
        return perSecond == 0 ? null : new RateLimiter(perSecond, burst, System::nanoTime, RATE_LIMITED_ADDRESSES);
    }

    /** The address the bridge is reached at from the internet, as shown to the operator. */
    static String publicUrl(Settings settings, int port) {
        String url = settings.text("hookbridge.public-url", "");
        if (url.isEmpty()) {
            return "http://<this host>:" + port;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("hookbridge.public-url must start with https:// (or http://), not '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
