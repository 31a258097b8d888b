package io.hookbridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's own Prometheus metrics (served with Camel's at /observe/metrics on the
 * management port): webhooks by outcome, events by type, deliveries by flow and outcome,
 * Google Sheets calls and ingress latency. The journal's levels are in {@link JournalGauges}.
 */
public final class BridgeMetrics {

    /** Distinct event types, flows and reasons kept as label values; more are counted as "other". */
    static final int MAX_LABEL_VALUES = 200;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Set<String> seenLabels = ConcurrentHashMap.newKeySet();
    // meters of the ingress path, built once per label value rather than looked up on every request
    private final Map<String, Counter> receivedByType = new ConcurrentHashMap<>();
    private final Map<Integer, Timer> requestsByStatus = new ConcurrentHashMap<>();
    private final Map<String, Counter> webhooksByOutcome = new ConcurrentHashMap<>();

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A webhook stored as a new event of this type (answered 202). */
    public void accepted(String type) {
        webhooks("accepted", "none");
        receivedByType.computeIfAbsent(bounded("type", type), label -> Counter.builder("hookbridge.events.received")
                .description("Webhooks stored as new events, by event type").tag("type", label).register(registry))
                .increment();
    }

    /** A repeat of an event already stored (answered 200). */
    public void duplicate() {
        webhooks("duplicate", "none");
    }

    /** A webhook refused with this error code (the "error" of its JSON answer). */
    public void rejected(String reason) {
        webhooks("rejected", bounded("reason", reason));
    }

    /** Outcome of one delivery attempt: delivered, retry, split or dead. */
    /** An event whose type a flow takes, skipped by that flow because its condition did not hold. */
    public void skipped(String flow) {
        Counter.builder("hookbridge.flow.skipped").description("Events a flow skipped because its condition did not hold")
                .tag("flow", bounded("flow", flow)).register(registry).increment();
    }

    public void delivery(String flow, String outcome) {
        Counter.builder("hookbridge.deliveries").description("Delivery attempts by flow and outcome")
                .tag("flow", bounded("flow", flow)).tag("outcome", outcome).register(registry).increment();
    }

    /** A digest of the operator's alerts of one kind, sent (or failed) on one channel (email, webhook). */
    public void operatorDigest(String kind, String channel, String outcome) {
        Counter.builder("hookbridge.operator.digests").description("Digests of alerts sent to the operator, by kind,"
                + " channel and outcome (sent, failed)").tag("kind", kind).tag("channel", channel).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** One call to the Google Sheets API: ok, rate_limited (429) or error. */
    public void sheetsCall(String outcome) {
        Counter.builder("hookbridge.sheets.calls").description("Google Sheets API calls by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** Time from a webhook request's arrival to its answer, by HTTP status. */
    public void ingressRequest(int status, long nanos) {
        requestsByStatus.computeIfAbsent(status, code -> Timer.builder("hookbridge.ingress.request")
                .description("Webhook requests, arrival to answer, by HTTP status")
                .tag("status", String.valueOf(code))
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private void webhooks(String outcome, String reason) {
        webhooksByOutcome.computeIfAbsent(outcome + '\u0000' + reason, key -> Counter.builder("hookbridge.webhooks")
                .description("Webhook requests by outcome (accepted, duplicate, rejected) and, when rejected, the reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry)).increment();
    }

    /** A label value from the outside (an event type, a flow name), capped so a sender cannot grow the metrics without end. */
    private String bounded(String label, String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        String key = label + '\u0000' + value;
        if (seenLabels.contains(key)) {
            return value;
        }
        if (seenLabels.size() >= MAX_LABEL_VALUES) {
            return OTHER;
        }
        seenLabels.add(key);
        return value;
    }
}
