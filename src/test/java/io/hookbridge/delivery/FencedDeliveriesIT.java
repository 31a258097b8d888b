package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two bridge processes on one PostgreSQL, forwarding every event to a receiver that takes a
 * second per call: a claim holds more work than its lease lasts, so without fencing the lease
 * runs out in the middle of a claim and the other instance sends the same deliveries again.
 * The receiver must get every delivery exactly once.
 */
class FencedDeliveriesIT {

    private static final int EVENTS = 30;

    @Test
    void should_send_every_delivery_exactly_once_when_a_claim_takes_longer_than_its_lease() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); RecordingHttpServer receiver = new RecordingHttpServer()) {
            receiver.answer(new RecordingHttpServer.Answer(200, Map.of(), Duration.ofSeconds(1)));
            Map<String, String> common = new HashMap<>(Map.of("hookbridge.db.url", db.url(),
                    "hookbridge.db.username", db.username(), "hookbridge.db.password", db.password(),
                    "hookbridge.delivery.lease", "4s", "hookbridge.delivery.claim-limit", "20",
                    "hookbridge.delivery.poll-interval-ms", "200", "hookbridge.forward.url", receiver.url("/in"),
                    "hookbridge.forward.connect-timeout-ms", "300", "hookbridge.forward.read-timeout-ms", "1500"));
            BridgeProcess first = BridgeProcess.start(BridgeProcess.newHome(),
                    RunningBridge.with(common, "hookbridge.instance-name", "first"));
            BridgeProcess second = BridgeProcess.start(BridgeProcess.newHome(),
                    RunningBridge.with(common, "hookbridge.instance-name", "second"));
            try {
                List<String> webhooks = List.of(first.url(RunningBridge.WEBHOOK), second.url(RunningBridge.WEBHOOK));
                String template = Samples.text("contact.tag.added.json");
                for (int i = 0; i < EVENTS; i++) {
                    String body = template.replace("\"id\": 29143587", "\"id\": " + (40_000_000 + i));
                    int status = RunningBridge.send(HttpRequest.newBuilder(URI.create(webhooks.get(i % 2)))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
                    assertThat(status).isEqualTo(202);
                }

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> db.rows(
                        "SELECT id FROM hookbridge_delivery WHERE status <> 'delivered' LIMIT 1").isEmpty());
                // a second send of a delivery would come after its first was recorded: give it time to show
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.requests().size() == receiver.answered());

                List<String> keys = receiver.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
                Map<String, Long> sentTwice = keys.stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                        .entrySet().stream().filter(e -> e.getValue() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                assertThat(sentTwice).as("deliveries the receiver got more than once").isEmpty();
                assertThat(keys).as("calls to the receiver").hasSize(EVENTS);
                assertThat(db.rows("SELECT delivery_id FROM hookbridge_attempt WHERE outcome = 'delivered'"
                        + " GROUP BY delivery_id HAVING COUNT(*) > 1")).as("deliveries recorded twice").isEmpty();
                Collection<Object> senders = db.rows("SELECT DISTINCT a.instance FROM hookbridge_attempt a"
                        + " JOIN hookbridge_delivery d ON d.id = a.delivery_id WHERE d.flow = 'events-to-http'")
                        .stream().map(row -> row.get("instance")).toList();
                assertThat(senders).as("both instances delivered").containsExactlyInAnyOrder("first", "second");
            } finally {
                first.close();
                second.close();
            }
        }
    }
}
