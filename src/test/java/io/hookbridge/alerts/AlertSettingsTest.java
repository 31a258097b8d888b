package io.hookbridge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** How the alerts read their settings: the disk threshold, the summary's time, the sender's pace, the webhook's origin. */
class AlertSettingsTest {

    private static final long GB = 1L << 30;

    @Test
    void should_read_the_disk_threshold_as_a_size_or_a_share_and_count_room_again_only_above_a_margin() {
        DiskThreshold size = DiskThreshold.parse("1GB", "setting");
        assertThat(size.low(GB - 1, 100 * GB)).isTrue();
        assertThat(size.low(GB, 100 * GB)).isFalse();
        assertThat(size.recovered(GB + GB / 20, 100 * GB)).as("within the margin").isFalse();
        assertThat(size.recovered(GB + GB / 5, 100 * GB)).isTrue();
        DiskThreshold share = DiskThreshold.parse("5 %", "setting");
        assertThat(share.low(4 * GB, 100 * GB)).isTrue();
        assertThat(share.low(6 * GB, 100 * GB)).isFalse();
        assertThat(DiskThreshold.parse("500mb", "setting").bytes()).isEqualTo(500L << 20);
        assertThat(DiskThreshold.parse("0", "setting").off()).isTrue();
        assertThat(DiskThreshold.parse("0", "setting").low(0, 100 * GB)).isFalse();
        assertThatThrownBy(() -> DiskThreshold.parse("plenty", "hookbridge.operator.disk-free-min"))
                .hasMessageContaining("hookbridge.operator.disk-free-min");
        assertThatThrownBy(() -> DiskThreshold.parse("100%", "hookbridge.operator.disk-free-min"))
                .hasMessageContaining("below 100%");
    }

    @Test
    void should_find_the_latest_time_the_daily_summary_was_due_in_the_time_zone() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        LocalTime eight = LocalTime.of(8, 0);
        assertThat(DailySummary.latestDue(Instant.parse("2026-03-10T06:59:59Z"), eight, paris))
                .isEqualTo(Instant.parse("2026-03-09T07:00:00Z"));
        assertThat(DailySummary.latestDue(Instant.parse("2026-03-10T07:00:00Z"), eight, paris))
                .isEqualTo(Instant.parse("2026-03-10T07:00:00Z"));
        // summer time: 08:00 in Paris is 06:00 UTC
        assertThat(DailySummary.latestDue(Instant.parse("2026-07-10T12:00:00Z"), eight, paris))
                .isEqualTo(Instant.parse("2026-07-10T06:00:00Z"));
    }

    @Test
    void should_look_often_enough_for_the_digest_wait_and_the_quiet_period_and_at_most_every_second() {
        assertThat(AlertsSetup.tick(Duration.ofSeconds(30), Duration.ofHours(24))).isEqualTo(Duration.ofSeconds(1));
        assertThat(AlertsSetup.tick(Duration.ofSeconds(2), Duration.ofHours(24))).isEqualTo(Duration.ofMillis(500));
        assertThat(AlertsSetup.tick(Duration.ofSeconds(30), Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(250));
        assertThat(AlertsSetup.tick(Duration.ZERO, Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void should_show_the_operator_webhook_by_its_origin_only() {
        assertThat(AlertSender.origin("https://hooks.slack.com/services/T0/B0/secret")).isEqualTo("https://hooks.slack.com");
        assertThat(AlertSender.origin("http://user:pass@chat.example:8065/hooks/abc?x=1"))
                .isEqualTo("http://chat.example:8065");
        assertThat(AlertSender.origin("hooks.example.com/abc")).isNull();
    }

    @Test
    void should_write_durations_and_sizes_as_people_read_them() {
        assertThat(DigestWriter.human(Duration.ofMillis(400))).isEqualTo("400 ms");
        assertThat(DigestWriter.human(Duration.ofSeconds(2))).isEqualTo("2 s");
        assertThat(DigestWriter.human(Duration.ofMinutes(15))).isEqualTo("15 min");
        assertThat(DigestWriter.human(Duration.ofHours(24))).isEqualTo("24 h");
        assertThat(DigestWriter.human(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(DigestWriter.size(812L << 20)).isEqualTo("812 MB");
        assertThat(DigestWriter.size(3L << 29)).isEqualTo("1.5 GB");
    }
}
