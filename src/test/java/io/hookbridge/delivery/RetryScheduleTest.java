package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void should_follow_the_default_schedule_then_give_up() {
        RetrySchedule schedule = RetrySchedule.parse("5s,5m,30m,2h,5h,10h,14h,20h,24h", "setting");

        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(4)).isEqualTo(Duration.ofHours(2));
        assertThat(schedule.delayAfter(9)).isEqualTo(Duration.ofHours(24));
        assertThat(schedule.delayAfter(10)).isNull();
        assertThat(schedule.maxAttempts()).isEqualTo(10);
    }

    @Test
    void should_accept_milliseconds_days_and_spaces() {
        RetrySchedule schedule = RetrySchedule.parse(" 250ms , 1d ", "setting");

        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofDays(1));
        assertThat(schedule.delayAfter(3)).isNull();
    }

    @Test
    void should_make_an_empty_schedule_mean_one_attempt() {
        assertThat(RetrySchedule.parse("", "setting").delayAfter(1)).isNull();
    }

    @Test
    void should_name_the_setting_when_a_delay_is_wrong() {
        assertThatThrownBy(() -> RetrySchedule.parse("5s,five minutes", "hookbridge.delivery.retry-schedule"))
                .hasMessageStartingWith("hookbridge.delivery.retry-schedule: 'five minutes' is not a duration");
    }
}
