package io.hookbridge.ingress.server;

import io.hookbridge.web.JsonContentType;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Refuses, with 415 and before the body is read, a webhook whose Content-Type is not JSON:
 * systeme.io sends {@code application/json}, and the HTTP server would turn the fields of a form
 * or multipart body into headers and lose the raw body. A request without a content type is
 * read as JSON; {@code application/json} and any {@code +json} type pass, with any parameters
 * ({@link JsonContentType}).
 */
final class JsonContentTypeGate {

    private JsonContentTypeGate() {
    }

    static void install(VertxPlatformHttpRouter router, String pathPattern) {
        router.route(pathPattern).order(-1000).handler(ctx -> {
            if (JsonContentType.isJsonOrAbsent(ctx.request().getHeader("Content-Type"))) {
                ctx.next();
            } else {
                JsonErrorPages.answer(ctx, 415, "unsupported_media_type",
                        "send the webhook body as JSON with Content-Type: application/json");
            }
        });
    }
}
