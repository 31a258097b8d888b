package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowPacingTest {

    private final ManualClock clock = new ManualClock();
    private final FlowPacing pacing = new FlowPacing(clock);

    private static FlowPolicy writer(String writer, int callsPerMinute) {
        return new FlowPolicy(500, Duration.ZERO, Duration.ZERO, writer, callsPerMinute, true);
    }

    @Test
    void should_never_let_a_writer_make_more_calls_in_any_minute_than_its_limit() {
        FlowPolicy sales = writer("google", 55);
        FlowPolicy events = writer("google", 55);
        List<Instant> calls = new ArrayList<>();
        // two flows of one writer, each wanting to call every 10 ms for five minutes
        for (int step = 0; step < 30_000; step++) {
            for (Map.Entry<String, FlowPolicy> flow : Map.of("sales", sales, "events", events).entrySet()) {
                if (pacing.mayCall(flow.getKey(), flow.getValue())) {
                    pacing.calling(flow.getKey(), flow.getValue());
                    calls.add(clock.instant());
                }
            }
            clock.advance(Duration.ofMillis(10));
        }

        int most = 0;
        for (int i = 0; i < calls.size(); i++) {
            int within = 0;
            for (int j = i; j < calls.size() && calls.get(j).isBefore(calls.get(i).plusSeconds(60)); j++) {
                within++;
            }
            most = Math.max(most, within);
        }
        assertThat(most).isEqualTo(55);
        // evenly spaced, not 55 at once and then a silent minute
        assertThat(Duration.between(calls.get(0), calls.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(1090));
        assertThat(calls).hasSizeBetween(5 * 55 - 2, 5 * 55 + 1);
    }

    @Test
    void should_report_waiting_flows_and_when_the_first_may_go() {
        FlowPolicy sheets = writer("google", 60);
        Map<String, FlowPolicy> paced = Map.of("sales-to-sheets", sheets);
        assertThat(pacing.mayCall("sales-to-sheets", sheets)).isTrue();
        assertThat(pacing.nextOpening(paced)).isNull();

        pacing.calling("sales-to-sheets", sheets);

        assertThat(pacing.mayCall("sales-to-sheets", sheets)).isFalse();
        assertThat(pacing.nextOpening(paced)).isEqualTo(clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(pacing.mayCall("sales-to-sheets", sheets)).isTrue();
    }

    @Test
    void should_call_a_digest_flow_at_most_once_per_its_every_even_after_a_restart() {
        FlowPolicy digest = new FlowPolicy(500, Duration.ZERO, Duration.ofMinutes(15), null, 0, false);
        pacing.lastCalledAt("alerts", digest, clock.instant().minus(Duration.ofMinutes(10)));

        assertThat(pacing.mayCall("alerts", digest)).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(pacing.mayCall("alerts", digest)).isTrue();
        pacing.calling("alerts", digest);
        clock.advance(Duration.ofMinutes(14));
        assertThat(pacing.mayCall("alerts", digest)).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(pacing.mayCall("alerts", digest)).isTrue();
    }

    @Test
    void should_hold_a_flow_back_while_it_waits_for_more_events() {
        FlowPolicy batched = new FlowPolicy(500, Duration.ofSeconds(2), Duration.ZERO, null, 0, false);
        pacing.waitForMore("events-to-sheets", clock.instant().plusSeconds(2));

        assertThat(pacing.mayCall("events-to-sheets", batched)).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(pacing.mayCall("events-to-sheets", batched)).isTrue();
    }

    @Test
    void should_free_a_writer_for_other_instances_one_minute_after_its_last_call() {
        FlowPolicy sheets = writer("google", 55);
        assertThat(pacing.freeFrom("google")).isEqualTo(clock.instant());

        pacing.calling("sales-to-sheets", sheets);
        clock.advance(Duration.ofSeconds(20));

        assertThat(pacing.freeFrom("google")).isEqualTo(clock.instant().plusSeconds(40));
    }

    @Test
    void should_hold_every_flow_of_a_writer_when_the_sink_asks_to_wait() {
        FlowPolicy sales = writer("google", 55);
        FlowPolicy events = writer("google", 55);
        pacing.holdWriter("google", clock.instant().plusSeconds(3));

        assertThat(pacing.mayCall("sales-to-sheets", sales)).isFalse();
        assertThat(pacing.mayCall("events-to-sheets", events)).isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(pacing.mayCall("events-to-sheets", events)).isTrue();
    }

    @Test
    void should_halve_the_batches_of_a_refused_flow_and_grow_them_back_after_successes() {
        FlowPolicy sheets = writer("google", 55);
        pacing.refused("sales-to-sheets", 500);
        assertThat(pacing.batchSize("sales-to-sheets", sheets)).isEqualTo(250);
        pacing.refused("sales-to-sheets", 250);
        assertThat(pacing.batchSize("sales-to-sheets", sheets)).isEqualTo(125);

        pacing.delivered("sales-to-sheets", sheets);
        assertThat(pacing.batchSize("sales-to-sheets", sheets)).isEqualTo(250);
        pacing.delivered("sales-to-sheets", sheets);
        assertThat(pacing.batchSize("sales-to-sheets", sheets)).isEqualTo(500);
    }
}
