package io.hookbridge.ingress.server;

import io.hookbridge.web.JsonResponses;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * JSON answers for what the HTTP server refuses before any Camel route runs: a body over
 * {@code camel.server.max-body-size} (413), an address no route serves (404), and failures
 * inside the server (500).
 */
final class JsonErrorPages {

    private JsonErrorPages() {
    }

    static void install(VertxPlatformHttpRouter router) {
        router.route().last().handler(ctx -> answer(ctx, 404, "not_found", "no endpoint at this address"));
        router.route().failureHandler(JsonErrorPages::failure);
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        switch (status) {
            case 413 -> answer(ctx, 413, "body_too_large",
                    "the body is larger than hookbridge.ingress.max-body-bytes allows");
            case 400 -> answer(ctx, 400, "bad_request", "the request could not be read");
            default -> answer(ctx, status, "internal_error", "the bridge failed to handle this request");
        }
    }

    static void answer(RoutingContext ctx, int status, String code, String text) {
        ctx.put(IngressMetricsHandler.REJECTION, code);
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(JsonResponses.errorBody(code, text).toString());
    }
}
