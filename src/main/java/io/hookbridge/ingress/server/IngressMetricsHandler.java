package io.hookbridge.ingress.server;

import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.web.ErrorResponse;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * First handler of the webhook addresses: times each request from arrival to answer, and counts
 * the refusals the HTTP server makes before any route runs (the routes count their own in
 * {@link ErrorResponse} and {@link io.hookbridge.journal.commit.JournalCommit}).
 */
final class IngressMetricsHandler {

    /** Routing-context key under which {@link JsonErrorPages} leaves the error code it answered. */
    static final String REJECTION = "hookbridge.rejection";

    private IngressMetricsHandler() {
    }

    static void install(VertxPlatformHttpRouter router, String pathPattern, BridgeMetrics metrics) {
        router.route(pathPattern).order(-3000).handler(ctx -> {
            long arrived = System.nanoTime();
            ctx.addEndHandler(done -> {
                metrics.ingressRequest(ctx.response().getStatusCode(), System.nanoTime() - arrived);
                String rejection = ctx.get(REJECTION);
                if (rejection != null) {
                    metrics.rejected(rejection);
                }
            });
            ctx.next();
        });
    }
}
