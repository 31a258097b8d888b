package io.hookbridge.ingress.server;

import io.hookbridge.metrics.BridgeMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** Adds the bridge's own handlers to the HTTP server once it is up: request timing, the drain, the client access gate, the JSON content-type gate, JSON error pages. */
public final class HttpServerSetup implements StartupListener {

    private final int port;
    private final IngressDrain drain;
    private final ClientAccessGate accessGate;
    private final BridgeMetrics metrics;

    public HttpServerSetup(int port, IngressDrain drain, ClientAccessGate accessGate, BridgeMetrics metrics) {
        this.port = port;
        this.drain = drain;
        this.accessGate = accessGate;
        this.metrics = metrics;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the server binds its router while the context starts: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException(
                    "no HTTP server on port " + port + ": check camel.server.enabled and camel.server.port");
        }
        IngressMetricsHandler.install(router, "/webhooks/*", metrics);
        drain.install(router, "/webhooks/*");
        accessGate.install(router, "/webhooks/*");
        JsonContentTypeGate.install(router, "/webhooks/*");
        JsonErrorPages.install(router);
    }
}
