package io.hookbridge.alerts;

import io.hookbridge.Texts;
import io.hookbridge.alerts.AlertStore.Alert;
import io.hookbridge.alerts.AlertStore.DigestState;
import io.hookbridge.alerts.AlertStore.Waiting;
import io.hookbridge.alerts.DigestWriter.Digest;
import io.hookbridge.db.SqlFailures;
import io.hookbridge.delivery.WriterLeases;
import io.hookbridge.metrics.BridgeMetrics;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the operator's digests, on a thread of its own, from one bridge instance at a time: the
 * one holding the {@code operator-alerts} lease in the journal ({@link WriterLeases}), which also
 * runs the {@link AlertWatches}.
 *
 * <p>For each channel and kind, a digest goes out when alerts wait and the last digest is at
 * least the digest interval old, once the kind has been still for the digest wait (so a burst
 * goes out as one mail), or its oldest alert has waited a whole interval. It says how many and
 * lists the first {@value #LISTED}. Its rows are marked sent on that channel, and its state
 * recorded, in one transaction after the send; a send that fails is logged, counted, recorded
 * with its error (shown in the admin overview) and tried again with a growing delay, up to the
 * digest interval. A digest is sent at least once: only a crash between the send and its record
 * sends it again.
 */
final class AlertSender extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);
    static final String LEASE = "operator-alerts";
    static final int LISTED = 10;
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY_AT_MOST = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY_AT_LEAST = Duration.ofMillis(100);
    private static final long JOURNAL_WARNING_EVERY_MILLIS = 60_000;
    private static final int MAX_ERROR_LENGTH = 500;

    /** Sends a digest on a channel; a failure throws. */
    interface Transport {
        void send(Channel channel, Digest digest) throws Exception;
    }

    /** A digest sent whose record failed: recorded before anything else is sent, never sent again meanwhile. */
    private record Unrecorded(AlertKind kind, Channel channel, long maxId, Instant at) {
    }

    private final AlertStore store;
    private final OperatorAlerts alerts;
    private final AlertWatches watches;
    private final DigestWriter writer;
    private final WriterLeases leases;
    private final Transport transport;
    private final List<Channel> channels;
    private final List<Channel> channelsOff;
    private final Clock clock;
    private final Duration interval;
    private final Duration wait;
    private final Duration tick;
    private final BridgeMetrics metrics;
    private final String webhookUrl;
    private final List<Unrecorded> unrecorded = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private Instant nextRefresh = Instant.MIN;
    private long lastJournalWarning = Long.MIN_VALUE / 2;

    /**
     * @param channels   the channels that are on
     * @param interval   least time between two digests of a kind on a channel
     * @param wait       how long a kind must be still before its digest goes
     * @param tick       how often the sender looks
     * @param webhookUrl the operator's webhook, never written out whole in an error (empty: none)
     */
    AlertSender(AlertStore store, OperatorAlerts alerts, AlertWatches watches, DigestWriter writer, WriterLeases leases,
            Transport transport, List<Channel> channels, Clock clock, Duration interval, Duration wait, Duration tick,
            BridgeMetrics metrics, String webhookUrl) {
        this.store = store;
        this.alerts = alerts;
        this.watches = watches;
        this.writer = writer;
        this.leases = leases;
        this.transport = transport;
        this.channels = List.copyOf(channels);
        this.channelsOff = java.util.Arrays.stream(Channel.values()).filter(c -> !channels.contains(c)).toList();
        this.clock = clock;
        this.interval = interval;
        this.wait = wait;
        this.tick = tick;
        this.metrics = metrics;
        this.webhookUrl = webhookUrl;
    }

    @Override
    protected void doStart() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hookbridge-operator-alerts");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("The operator's alerts were still sending at stop; what was not recorded goes at the next start");
        }
        leases.releaseAll(writer -> clock.instant());
    }

    private void tick() {
        try {
            round();
        } catch (SQLException | RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastJournalWarning >= JOURNAL_WARNING_EVERY_MILLIS) {
                lastJournalWarning = now;
                LOG.warn("The operator's alerts could not use the journal, trying again every {} ms: {}", tick.toMillis(),
                        SqlFailures.describeAny(e));
            }
        }
    }

    /** One look: flows paused (every instance), then, by the lease holder only, the checks and the digests due. */
    void round() throws SQLException {
        Instant now = clock.instant();
        if (!now.isBefore(nextRefresh)) {
            alerts.refresh();
            nextRefresh = now.plus(REFRESH_EVERY);
        }
        if (!leases.refresh(List.of(LEASE)).contains(LEASE)) {
            return;
        }
        while (!unrecorded.isEmpty()) {
            Unrecorded sent = unrecorded.get(0);
            store.sent(sent.kind(), sent.channel(), channelsOff, sent.maxId(), sent.at());
            unrecorded.remove(0);
        }
        watches.check(now);
        for (Channel channel : channels) {
            Map<AlertKind, DigestState> states = store.digests(channel);
            for (Waiting waiting : store.waiting(channel)) {
                now = clock.instant();
                DigestState state = states.get(waiting.kind());
                if (!due(state, waiting, now)) {
                    continue;
                }
                if (!leases.holds(LEASE) || !isRunAllowed()) {
                    return;
                }
                send(channel, waiting, state, now);
            }
        }
    }

    private boolean due(DigestState state, Waiting waiting, Instant now) {
        if (state != null && state.attempts() > 0) {
            return !now.isBefore(state.nextAttemptAt());
        }
        if (state != null && state.sentAt() != null && now.isBefore(state.sentAt().plus(interval))) {
            return false;
        }
        return !now.isBefore(waiting.newest().plus(wait)) || !now.isBefore(waiting.oldest().plus(interval));
    }

    private void send(Channel channel, Waiting waiting, DigestState state, Instant now) throws SQLException {
        AlertKind kind = waiting.kind();
        List<Alert> listed = store.first(kind, channel, waiting.maxId(), LISTED);
        Digest digest = writer.write(kind, waiting.count(), listed, now);
        String alertsText = waiting.count() == 1 ? "1 alert" : waiting.count() + " alerts";
        try {
            transport.send(channel, digest);
        } catch (Exception e) {
            int attempts = (state == null ? 0 : state.attempts()) + 1;
            Duration delay = retryDelay(attempts);
            String error = describe(e);
            metrics.operatorDigest(kind.key, channel.key, "failed");
            LOG.warn("Could not send the operator's digest of {} ({}) by {}, attempt {}; trying again in {}: {}",
                    alertsText, kind.key, channel.key, attempts, DigestWriter.human(delay), error);
            store.failed(kind, channel, attempts, now.plus(delay), error, now);
            return;
        }
        metrics.operatorDigest(kind.key, channel.key, "sent");
        LOG.info("Sent the operator a digest of {} ({}) by {}", alertsText, kind.key, channel.key);
        try {
            store.sent(kind, channel, channelsOff, waiting.maxId(), now);
        } catch (SQLException | RuntimeException e) {
            unrecorded.add(new Unrecorded(kind, channel, waiting.maxId(), now));
            throw e;
        }
    }

    /** The delay before a failed digest's next try: from the digest wait (between 100 ms and 5 s), doubling, up to the interval. */
    Duration retryDelay(int attempts) {
        Duration first = wait.compareTo(FIRST_RETRY_AT_MOST) > 0 ? FIRST_RETRY_AT_MOST
                : wait.compareTo(FIRST_RETRY_AT_LEAST) < 0 ? FIRST_RETRY_AT_LEAST : wait;
        Duration delay = first.multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(interval) > 0 ? interval : delay;
    }

    /**
     * What went wrong, on one line: the exception under Camel's wrappers and its root cause; the
     * operator's webhook shown by its origin only (its path may hold a secret).
     */
    String describe(Throwable failure) {
        Throwable shown = failure;
        while ((shown instanceof CamelExecutionException || shown instanceof RuntimeCamelException)
                && shown.getCause() != null) {
            shown = shown.getCause();
        }
        StringBuilder text = new StringBuilder(shown.getClass().getSimpleName());
        if (shown.getMessage() != null) {
            text.append(": ").append(shown.getMessage());
        }
        Throwable root = shown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != shown && root.getMessage() != null && text.indexOf(root.getMessage()) < 0) {
            text.append(" (").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage()).append(')');
        }
        String line = text.toString().replaceAll("\\s+", " ").strip();
        String origin = origin(webhookUrl);
        if (origin != null) {
            line = line.replace(webhookUrl, origin + "/...")
                    .replaceAll(Pattern.quote(origin) + "/\\S+", Matcher.quoteReplacement(origin + "/..."));
        }
        return Texts.cut(line, MAX_ERROR_LENGTH);
    }

    /** scheme://host[:port] of an http(s) address (without a login in it), or null. */
    static String origin(String url) {
        Matcher matcher = Pattern.compile("(https?://)(?:[^/?#@]*@)?([^/?#]+).*").matcher(url == null ? "" : url);
        return matcher.matches() ? matcher.group(1) + matcher.group(2) : null;
    }
}
