package io.hookbridge.ingress;

import java.util.Locale;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Refuses form and multipart bodies on the webhook addresses with 415 before the HTTP server
 * decodes them: the server would turn their fields into headers and lose the raw body.
 * systeme.io sends {@code application/json}; a request without a content type is read as JSON too.
 */
final class FormBodyGate {

    private FormBodyGate() {
    }

    static void install(VertxPlatformHttpRouter router, String pathPattern) {
        router.route(pathPattern).order(-1000).handler(ctx -> {
            String contentType = ctx.request().getHeader("Content-Type");
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
            if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
                JsonErrorPages.answer(ctx, 415, "unsupported_media_type",
                        "send the webhook body as JSON with Content-Type: application/json");
            } else {
                ctx.next();
            }
        });
    }
}
