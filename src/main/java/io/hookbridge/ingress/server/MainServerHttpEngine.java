package io.hookbridge.ingress.server;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine, told the port of the main HTTP server. Camel's own engine finds the
 * port by looking for the only HTTP server, and with the management server beside it finds none
 * and falls back to 8080, so the routes' endpoints would not find their server on any other port.
 */
public final class MainServerHttpEngine extends VertxPlatformHttpEngine {

    private final int port;

    public MainServerHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
