package io.hookbridge.alerts;

/** What an alert for the operator is about; each kind has digests of its own. */
enum AlertKind {
    DEAD_DELIVERY("dead-delivery"),
    FLOW_PAUSED("flow-paused"),
    FLOW_RESUMED("flow-resumed"),
    QUIET("quiet"),
    WEBHOOKS_AGAIN("webhooks-again"),
    DISK_LOW("disk-low"),
    DISK_OK("disk-ok"),
    DAILY_SUMMARY("daily-summary");

    /** The kind as the journal, the overview and the webhook's JSON name it. */
    final String key;

    AlertKind(String key) {
        this.key = key;
    }

    /** The kind of this key, or null for a key this version does not know. */
    static AlertKind of(String key) {
        for (AlertKind kind : values()) {
            if (kind.key.equals(key)) {
                return kind;
            }
        }
        return null;
    }
}
