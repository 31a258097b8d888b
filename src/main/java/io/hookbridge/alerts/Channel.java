package io.hookbridge.alerts;

/**
 * How digests reach the operator: by email (hookbridge.operator.email) and as a JSON POST
 * (hookbridge.operator.webhook-url), each through its route in routes/alerts/. Each channel keeps
 * its own record of what it sent, so a failure of one never sends the other's digest twice.
 */
enum Channel {
    EMAIL("email", "mailed_at_ms", "direct:operator-alert-email"),
    WEBHOOK("webhook", "posted_at_ms", "direct:operator-alert-webhook");

    final String key;
    /** The column of hookbridge_alert that says when a digest carried the row on this channel. */
    final String sentColumn;
    final String endpoint;

    Channel(String key, String sentColumn, String endpoint) {
        this.key = key;
        this.sentColumn = sentColumn;
        this.endpoint = endpoint;
    }
}
