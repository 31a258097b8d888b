package io.hookbridge.web;

import java.util.Map;

/** A request refused before anything changes; its status and code go back to the caller as JSON. */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public RequestRejectedException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public RequestRejectedException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Headers the answer needs, such as {@code Allow} on a 405. */
    public Map<String, String> headers() {
        return headers;
    }
}
