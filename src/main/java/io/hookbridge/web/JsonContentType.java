package io.hookbridge.web;

import java.util.Locale;

/**
 * Which request bodies are read as JSON: {@code application/json} and any {@code +json} type,
 * with any parameters, and a request without a content type. The webhook addresses refuse the
 * rest before the body is read; the admin API before it reads one.
 */
public final class JsonContentType {

    private JsonContentType() {
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
