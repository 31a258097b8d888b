package io.hookbridge.ingress.server;

import io.hookbridge.web.ErrorResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Once the bridge begins to stop, the webhook addresses answer 503 with {@code Retry-After}
 * (the sender tries again later, reaching this or another instance) instead of accepting
 * work the bridge is about to leave.
 */
public final class IngressDrain {

    private final AtomicBoolean draining = new AtomicBoolean();

    public void begin() {
        draining.set(true);
    }

    void install(VertxPlatformHttpRouter router, String pathPattern) {
        router.route(pathPattern).order(-2000).handler(ctx -> {
            if (draining.get()) {
                ctx.response().putHeader("Retry-After", String.valueOf(ErrorResponse.RETRY_AFTER_SECONDS));
                JsonErrorPages.answer(ctx, 503, "shutting_down", "the bridge is stopping; retry later");
            } else {
                ctx.next();
            }
        });
    }
}
