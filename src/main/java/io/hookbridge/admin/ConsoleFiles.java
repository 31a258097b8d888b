package io.hookbridge.admin;

import io.hookbridge.web.RequestRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The admin console's files ({@value #FOLDER} in the jar), served at {@code /admin/} by
 * routes/admin/admin-console.camel.yaml whether or not the admin API is on (the page then says
 * how to turn it on). Only the files listed here are served, each with headers that keep the page
 * to itself: scripts, styles and calls from the bridge only and no inline script, never framed,
 * never sniffed, never cached.
 */
public final class ConsoleFiles {

    static final String FOLDER = "admin/";
    static final String PAGE = "index.html";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            PAGE, "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** Reads every file now: a missing one stops the startup rather than the first visit. */
    public ConsoleFiles() {
        for (String name : CONTENT_TYPES.keySet()) {
            files.put(name, resource(FOLDER + name));
        }
    }

    /**
     * GET /admin/ answers the page; GET /admin is redirected to /admin/, so that the page's
     * relative addresses (console.js, api/...) resolve under it.
     */
    public void page(Exchange exchange) {
        Message message = exchange.getMessage();
        String uri = message.getHeader(Exchange.HTTP_URI, String.class);
        if (uri != null && !uri.split("\\?", 2)[0].endsWith("/")) {
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 308);
            message.setHeader("Location", "/admin/");
            message.setBody("");
            return;
        }
        answer(message, PAGE);
    }

    /** GET /admin/{file}: one of the console's files, or 404. */
    public void file(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = message.getHeader("file", String.class);
        if (name == null || !files.containsKey(name) || PAGE.equals(name)) {
            message.removeHeaders("*");
            throw new RequestRejectedException(404, "not_found", "the admin console has no such file");
        }
        answer(message, name);
    }

    /**
     * The response headers the console's routes let through: the HTTP component's usual filter,
     * which drops a Cache-Control set by the route, but with Cache-Control kept.
     */
    public static HeaderFilterStrategy headerFilter() {
        HttpHeaderFilterStrategy filter = new HttpHeaderFilterStrategy();
        filter.getOutFilter().remove("cache-control");
        return filter;
    }

    private void answer(Message message, String name) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPES.get(name));
        message.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        message.setHeader("X-Frame-Options", "DENY");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("Cache-Control", "no-store");
        message.setBody(files.get(name));
    }

    private static byte[] resource(String path) {
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
