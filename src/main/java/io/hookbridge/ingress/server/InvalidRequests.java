package io.hookbridge.ingress.server;

import io.hookbridge.metrics.BridgeMetrics;
import io.hookbridge.web.JsonResponses;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/**
 * Answers, in JSON, the requests the HTTP server cannot read before any route runs: a header
 * name or value with a control character HTTP does not allow (NUL, ESC, DEL, ...), a request
 * line or header block over the server's limits. Vert.x would answer them with an empty body.
 * The connection is closed afterwards, as Vert.x does; a refused webhook is counted by its code.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

    private final BridgeMetrics metrics;

    public InvalidRequests(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String code;
        String text;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            code = "uri_too_long";
            text = "the request line is longer than the server reads";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            code = "headers_too_large";
            text = "the request headers are larger than the server reads";
        } else if (cause != null && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("header")) {
            status = 400;
            code = "invalid_header";
            text = "a request header has a character HTTP does not allow in it (a control character)";
        } else {
            status = 400;
            code = "bad_request";
            text = "the request could not be read as HTTP/1.1";
        }
        String path = request.path();
        if (path != null && path.startsWith("/webhooks/")) {
            metrics.rejected(code);
        }
        HttpServerResponse response = request.response();
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(JsonResponses.errorBody(code, text).toString());
        response.close();
    }
}
