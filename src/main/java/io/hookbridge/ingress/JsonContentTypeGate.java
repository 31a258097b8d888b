package io.hookbridge.ingress;

import java.util.Locale;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Refuses, with 415 and before the body is read, a webhook whose Content-Type is not JSON:
 * systeme.io sends {@code application/json}, and the HTTP server would turn the fields of a form
 * or multipart body into headers and lose the raw body. A request without a content type is
 * read as JSON; {@code application/json} and any {@code +json} type pass, with any parameters.
 */
public final class JsonContentTypeGate {

    private JsonContentTypeGate() {
    }

    static void install(VertxPlatformHttpRouter router, String pathPattern) {
        router.route(pathPattern).order(-1000).handler(ctx -> {
            if (isJsonOrAbsent(ctx.request().getHeader("Content-Type"))) {
                ctx.next();
            } else {
                JsonErrorPages.answer(ctx, 415, "unsupported_media_type",
                        "send the webhook body as JSON with Content-Type: application/json");
            }
        });
    }

    /** Whether a request's Content-Type is JSON ({@code application/json} or {@code +json}), or absent. */
    public static boolean isJsonOrAbsent(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }
}
