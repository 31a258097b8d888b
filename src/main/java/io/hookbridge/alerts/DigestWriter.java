package io.hookbridge.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.alerts.AlertStore.Alert;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a digest: one mail's subject and plain text, and the JSON POSTed to the operator's
 * webhook, for the alerts of one kind that waited for it: how many, and the first few listed.
 * Times are shown in hookbridge.time-zone; an event is linked to its page in the admin console.
 */
final class DigestWriter {

    /** One digest as sent: the mail's subject and text, the webhook's JSON body. */
    record Digest(AlertKind kind, long count, String subject, String text, byte[] json) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String PREFIX = "[Hookbridge] ";
    private static final int MAX_SUBJECT = 200;

    private final String consoleUrl;
    private final DateTimeFormatter time;
    private final Duration interval;
    private final Duration quietPeriod;
    private final String diskFreeMin;

    /**
     * @param consoleUrl  the admin console's address, ending in /admin/
     * @param interval    least time between two digests of a kind
     * @param quietPeriod hookbridge.operator.quiet-period, as the quiet alert names it
     * @param diskFreeMin hookbridge.operator.disk-free-min as written
     */
    DigestWriter(String consoleUrl, ZoneId zone, Duration interval, Duration quietPeriod, String diskFreeMin) {
        this.consoleUrl = consoleUrl;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT).withZone(zone);
        this.interval = interval;
        this.quietPeriod = quietPeriod;
        this.diskFreeMin = diskFreeMin;
    }

    /** The address of an event's page in the admin console. */
    String eventLink(String eventId) {
        return consoleUrl + "#event=" + URLEncoder.encode(eventId, StandardCharsets.UTF_8);
    }

    Digest write(AlertKind kind, long count, List<Alert> listed, Instant now) {
        StringBuilder text = new StringBuilder();
        text.append(intro(kind, count, listed)).append("\n\n");
        ArrayNode items = JSON.arrayNode();
        for (Alert alert : listed) {
            ObjectNode details = alert.details();
            if (listed.size() > 1 || count > 1) {
                text.append("- ");
            }
            text.append(item(kind, details).replace("\n", listed.size() > 1 || count > 1 ? "\n  " : "\n")).append("\n\n");
            ObjectNode item = JSON.objectNode().put("created_at", alert.createdAt().toString());
            item.setAll(details);
            if (details.hasNonNull("event_id")) {
                item.put("event_url", eventLink(details.get("event_id").asText()));
            }
            items.add(item);
        }
        if (count > listed.size()) {
            text.append("... and ").append(count - listed.size()).append(" more: see them in the console, ")
                    .append(consoleUrl).append("\n\n");
        }
        String after = afterword(kind, listed);
        if (!after.isEmpty()) {
            text.append(after).append("\n\n");
        }
        text.append("-- \nHookbridge admin console: ").append(consoleUrl).append("\nAt most one mail like this every ")
                .append(human(interval)).append(" (hookbridge.operator.digest-interval); sent ")
                .append(time.format(now)).append(".\n");
        String subject = oneLine(PREFIX + subject(kind, count, listed));
        ObjectNode json = JSON.objectNode()
                .put("source", "hookbridge")
                .put("kind", kind.key)
                .put("count", count)
                .put("listed", listed.size())
                .put("subject", subject)
                .put("text", text.toString())
                .put("console_url", consoleUrl)
                .put("sent_at", now.toString());
        json.set("alerts", items);
        return new Digest(kind, count, subject, text.toString(), json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String subject(AlertKind kind, long count, List<Alert> listed) {
        JsonNode first = listed.isEmpty() ? JSON.objectNode() : listed.get(0).details();
        boolean one = count == 1;
        return switch (kind) {
            case DEAD_DELIVERY -> one ? "A delivery to " + text(first, "flow") + " went dead (" + text(first, "type") + ")"
                    : count + " deliveries went dead";
            case FLOW_PAUSED -> one ? "Flow " + text(first, "flow") + " is paused after repeated failures"
                    : count + " flows paused after repeated failures";
            case FLOW_RESUMED -> one ? "Flow " + text(first, "flow") + " delivers again" : count + " flows deliver again";
            case QUIET -> "No webhook received for " + human(quietPeriod);
            case WEBHOOKS_AGAIN -> "Webhooks arrive again";
            case DISK_LOW -> "Little disk space left for the journal";
            case DISK_OK -> "Disk space for the journal is back";
            case DAILY_SUMMARY -> "Daily summary" + (first.hasNonNull("to") ? " to " + time.format(instant(first, "to")) : "");
        };
    }

    private String intro(AlertKind kind, long count, List<Alert> listed) {
        String shown = count > listed.size() ? " The first " + listed.size() + ":" : "";
        return switch (kind) {
            case DEAD_DELIVERY -> count == 1 ? "A delivery went dead: it is not tried again until it is replayed."
                    : count + " deliveries went dead since the last mail: they are not tried again until they are"
                    + " replayed." + shown;
            case FLOW_PAUSED -> (count == 1 ? "A flow failed several times in a row and is paused: its deliveries"
                    : count + " flows failed several times in a row and are paused: their deliveries") + " wait,"
                    + " without using their attempts, and are tried again after the pause (each failed try doubles"
                    + " it, up to 10 minutes)." + shown;
            case FLOW_RESUMED -> (count == 1 ? "A flow that was paused after failures delivers again."
                    : count + " flows that were paused after failures deliver again.") + shown;
            case QUIET -> "No webhook has arrived for " + human(quietPeriod) + " (hookbridge.operator.quiet-period).";
            case WEBHOOKS_AGAIN -> "Webhooks arrive again.";
            case DISK_LOW -> "The disk of the journal is running out of space.";
            case DISK_OK -> "The disk of the journal has room again.";
            case DAILY_SUMMARY -> "What the bridge did in the last day.";
        };
    }

    private String item(AlertKind kind, JsonNode details) {
        return switch (kind) {
            case DEAD_DELIVERY -> lines("Flow", text(details, "flow"), "Type", text(details, "type")
                    + (details.hasNonNull("summary") && !text(details, "summary").equals(text(details, "type"))
                            ? " (" + text(details, "summary") + ")" : ""),
                    "Contact", details.hasNonNull("contact") ? text(details, "contact") : "none in the event",
                    "Received", when(details, "received_at"), "Attempts", text(details, "attempts"),
                    "Error", text(details, "error"), "Event", eventLink(text(details, "event_id")));
            case FLOW_PAUSED -> "Flow " + text(details, "flow") + " is paused for "
                    + human(Duration.ofSeconds(details.path("pause_seconds").asLong())) + " after repeated failures."
                    + "\nLast error: " + text(details, "error");
            case FLOW_RESUMED -> "Flow " + text(details, "flow") + " delivers again.";
            case QUIET -> details.hasNonNull("last_webhook_at")
                    ? "The last webhook arrived at " + when(details, "last_webhook_at") + "."
                    : "None has arrived since the bridge began watching, at " + when(details, "watching_since") + ".";
            case WEBHOOKS_AGAIN -> "A webhook arrived at " + when(details, "first_at") + ", the first after "
                    + (details.hasNonNull("last_webhook_at") ? "the one of " + when(details, "last_webhook_at")
                            : "the bridge began watching, at " + when(details, "watching_since")) + ".";
            case DISK_LOW -> "The disk of " + text(details, "folder") + " has " + size(details.path("free_bytes").asLong())
                    + " free of " + size(details.path("total_bytes").asLong()) + ", below "
                    + "hookbridge.operator.disk-free-min (" + diskFreeMin + ").";
            case DISK_OK -> "The disk of " + text(details, "folder") + " has " + size(details.path("free_bytes").asLong())
                    + " free of " + size(details.path("total_bytes").asLong()) + ".";
            case DAILY_SUMMARY -> summary(details);
        };
    }

    private String afterword(AlertKind kind, List<Alert> listed) {
        return switch (kind) {
            case DEAD_DELIVERY -> "Once the cause is fixed, replay "
                    + (listed.size() == 1 ? "it on the event's page in the console" : "them in the console")
                    + " (Replay), or every dead delivery of a flow with POST /admin/api/flows/<flow>/replay-dead.";
            case FLOW_PAUSED -> "You get another mail when it delivers again.";
            case QUIET -> "If systeme.io should have sent something since, look at its automation rules and their"
                    + " webhook actions: a rule that stopped sending says nothing. This mail comes once; another"
                    + " follows when webhooks arrive again.";
            case DISK_LOW -> "Once the disk is full, webhooks can no longer be journaled and are refused (503). Free"
                    + " some space, or keep delivered events for less time (hookbridge.journal.retention). This mail"
                    + " comes once; another follows when there is room again.";
            default -> "";
        };
    }

    /** The daily summary's text, from the figures in its alert. */
    private String summary(JsonNode details) {
        StringBuilder text = new StringBuilder();
        text.append("From ").append(when(details, "from")).append(" to ").append(when(details, "to")).append(":\n");
        JsonNode events = details.path("events");
        long total = 0;
        for (JsonNode count : events) {
            total += count.asLong();
        }
        text.append("\nEvents received: ").append(total).append('\n');
        for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> type = it.next();
            text.append("  ").append(type.getKey()).append(": ").append(type.getValue().asLong()).append('\n');
        }
        text.append("\nDeliveries by flow (delivered in that time; dead and waiting now):\n");
        JsonNode flows = details.path("flows");
        if (!flows.fields().hasNext()) {
            text.append("  none\n");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = flows.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> flow = it.next();
            text.append("  ").append(flow.getKey()).append(": ").append(flow.getValue().path("delivered").asLong())
                    .append(" delivered, ").append(flow.getValue().path("dead").asLong()).append(" dead, ")
                    .append(flow.getValue().path("waiting").asLong()).append(" waiting\n");
        }
        text.append("\nDead deliveries: ").append(details.path("dead").asLong())
                .append(details.path("dead").asLong() > 0 ? " (replay them in the console once the cause is fixed)" : "")
                .append("\nOldest waiting delivery: ").append(details.hasNonNull("oldest_waiting_received_at")
                        ? "of an event received " + when(details, "oldest_waiting_received_at") : "none");
        return text.toString();
    }

    /** Lines of "Name: value", the values aligned. */
    private static String lines(String... namesAndValues) {
        int width = 0;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            width = Math.max(width, namesAndValues[i].length());
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                text.append('\n');
            }
            text.append(namesAndValues[i]).append(':').append(" ".repeat(width - namesAndValues[i].length() + 1))
                    .append(namesAndValues[i + 1]);
        }
        return text.toString();
    }

    private String when(JsonNode details, String field) {
        Instant at = instant(details, field);
        return at == null ? "unknown" : time.format(at);
    }

    private static Instant instant(JsonNode details, String field) {
        try {
            return details.hasNonNull(field) ? Instant.parse(details.get(field).asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode details, String field) {
        return details.hasNonNull(field) ? details.get(field).asText() : "";
    }

    /** A duration as people read it: 400 ms, 45 s, 15 min, 24 h, 3 days. */
    static String human(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + " ms";
        }
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 120 * 60) {
            return seconds / 60 + " min";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + " h";
        }
        return seconds / 86400 + " days";
    }

    /** A size in bytes as people read it: 812 MB, 1.5 GB. */
    static String size(long bytes) {
        double value = bytes;
        String[] units = {"bytes", "KB", "MB", "GB", "TB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : (value < 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.valueOf(Math.round(value))) + " " + units[unit];
    }

    /** A subject on one line, of bounded length. */
    private static String oneLine(String subject) {
        String line = subject.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replaceAll(" {2,}", " ").strip();
        return line.length() > MAX_SUBJECT ? line.substring(0, MAX_SUBJECT - 1) + "…" : line;
    }
}
