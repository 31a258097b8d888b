package io.hookbridge.alerts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks the alerts make on their own, run by the instance that sends the digests:
 * <ul>
 * <li>quiet: no webhook for the quiet period raises one alert, and the next webhook one
 * notice that they arrive again (console samples do not count). Measured from the newest
 * webhook, or, before the first, from when the bridge began watching;</li>
 * <li>disk: the free space of the embedded journal's folder below the threshold raises one
 * alert, and room again one notice;</li>
 * <li>the daily summary, once a day at its time (not for a time already past when it is
 * first turned on).</li>
 * </ul>
 * Each raised condition is kept in the journal, so a restart neither repeats nor forgets it.
 */
final class AlertWatches {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWatches.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String QUIET = "quiet";
    static final String QUIET_WATCH = "quiet-watch";
    static final String DISK_LOW = "disk-low";
    static final String DAILY_SUMMARY = "daily-summary";
    private static final Duration DISK_EVERY = Duration.ofMinutes(1);
    private static final Duration QUIET_EVERY_AT_MOST = Duration.ofMinutes(1);

    private final AlertStore store;
    private final Duration quietPeriod;
    private final Duration quietEvery;
    private final DiskThreshold disk;
    private final Path journalFolder;
    private final DailySummary summary;
    private Instant nextQuietCheck = Instant.MIN;
    private Instant nextDiskCheck = Instant.MIN;
    private Instant summaryMark;
    private AlertStore.State watch;
    private boolean diskUnreadable;

    /**
     * @param quietPeriod   zero turns the quiet check off
     * @param journalFolder the embedded journal's folder; null for a journal on a database server
     * @param summary       null when there is no daily summary
     */
    AlertWatches(AlertStore store, Duration quietPeriod, Duration tick, DiskThreshold disk, Path journalFolder,
            DailySummary summary) {
        this.store = store;
        this.quietPeriod = quietPeriod;
        Duration eighth = quietPeriod.dividedBy(8);
        this.quietEvery = eighth.compareTo(tick) < 0 ? tick
                : eighth.compareTo(QUIET_EVERY_AT_MOST) > 0 ? QUIET_EVERY_AT_MOST : eighth;
        this.disk = disk;
        this.journalFolder = journalFolder;
        this.summary = summary;
    }

    void check(Instant now) throws SQLException {
        quiet(now);
        disk(now);
        summary(now);
    }

    private void quiet(Instant now) throws SQLException {
        if (quietPeriod.isZero() || now.isBefore(nextQuietCheck)) {
            return;
        }
        nextQuietCheck = now.plus(quietEvery);
        if (watch == null) {
            watch = store.keep(QUIET_WATCH, now, null);
        }
        Instant newest = store.newestWebhook();
        AlertStore.State quiet = store.state(QUIET);
        if (quiet == null) {
            Instant since = newest == null || newest.isBefore(watch.since()) ? watch.since() : newest;
            if (!now.isBefore(since.plus(quietPeriod))) {
                ObjectNode details = JSON.objectNode().put("period_seconds", quietPeriod.toSeconds());
                if (newest != null) {
                    details.put("last_webhook_at", newest.toString());
                } else {
                    details.put("watching_since", watch.since().toString());
                }
                if (store.raise(QUIET, now, newest == null ? null : newest.toEpochMilli(), AlertKind.QUIET, QUIET,
                        details)) {
                    LOG.warn("No webhook received for {} (hookbridge.operator.quiet-period): the operator is told",
                            DigestWriter.human(quietPeriod));
                }
            }
        } else if (newest != null && (quiet.mark() == null || newest.toEpochMilli() > quiet.mark())) {
            ObjectNode details = JSON.objectNode().put("first_at", newest.toString());
            if (quiet.mark() != null) {
                details.put("last_webhook_at", Instant.ofEpochMilli(quiet.mark()).toString());
            } else {
                details.put("watching_since", watch.since().toString());
            }
            if (store.clear(QUIET, now, AlertKind.WEBHOOKS_AGAIN, QUIET, details)) {
                LOG.info("Webhooks arrive again after a quiet period: the operator is told");
            }
        }
    }

    private void disk(Instant now) throws SQLException {
        if (journalFolder == null || disk.off() || now.isBefore(nextDiskCheck)) {
            return;
        }
        nextDiskCheck = now.plus(DISK_EVERY);
        long free;
        long total;
        try {
            FileStore fileStore = Files.getFileStore(journalFolder);
            free = fileStore.getUsableSpace();
            total = fileStore.getTotalSpace();
            diskUnreadable = false;
        } catch (IOException e) {
            if (!diskUnreadable) {
                LOG.warn("Cannot read the free space of the journal's folder {}: {}", journalFolder, e.toString());
            }
            diskUnreadable = true;
            return;
        }
        ObjectNode details = JSON.objectNode().put("folder", journalFolder.toString()).put("free_bytes", free)
                .put("total_bytes", total).put("minimum_bytes", disk.minimum(total));
        AlertStore.State low = store.state(DISK_LOW);
        if (low == null && disk.low(free, total)) {
            if (store.raise(DISK_LOW, now, free, AlertKind.DISK_LOW, journalFolder.toString(), details)) {
                LOG.warn("The journal's disk has {} free, below hookbridge.operator.disk-free-min ({}): the operator is"
                        + " told", DigestWriter.size(free), disk.text());
            }
        } else if (low != null && disk.recovered(free, total)) {
            store.clear(DISK_LOW, now, AlertKind.DISK_OK, journalFolder.toString(), details);
        }
    }

    private void summary(Instant now) throws SQLException {
        if (summary == null) {
            return;
        }
        Instant due = summary.latestDue(now);
        if (summaryMark == null) {
            // first turned on now: the summary of a time already past is not sent
            AlertStore.State kept = store.keep(DAILY_SUMMARY, now, due.toEpochMilli());
            summaryMark = kept.mark() == null ? Instant.MIN : Instant.ofEpochMilli(kept.mark());
        }
        if (!due.isAfter(summaryMark)) {
            return;
        }
        store.advance(DAILY_SUMMARY, due.toEpochMilli(), AlertKind.DAILY_SUMMARY, due.toString(), summary.figures(due),
                now);
        summaryMark = due;
    }
}
