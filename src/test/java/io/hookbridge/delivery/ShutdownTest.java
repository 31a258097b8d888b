package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A stop: webhooks get 503 with Retry-After, the delivery in progress finishes, the rest stays pending. */
class ShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void should_answer_503_while_stopping_finish_the_delivery_in_progress_and_leave_the_rest_pending() throws Exception {
        try (TestDatabase db = TestDatabase.embedded()) {
            Map<String, String> settings = RunningBridge.withTestRoutes(Map.of("test.sale-flows", "slow-flow",
                    "test.slow.millis", "3000", "test.http.url", "http://127.0.0.1:1/",
                    "hookbridge.delivery.shutdown-grace", "10s"));
            RunningBridge bridge = RunningBridge.start(db, settings);
            for (int order = 1; order <= 3; order++) {
                byte[] sale = Samples.text("customer.sale.completed.json").replace("\"id\": 612661", "\"id\": " + order)
                        .getBytes(StandardCharsets.UTF_8);
                assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale).statusCode()).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> db.count("hookbridge_delivery") == 3
                    && !db.rows("SELECT id FROM hookbridge_delivery WHERE claimed_by IS NOT NULL").isEmpty());

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(bridge::close);
            HttpResponse<String> during = await().atMost(WAIT).until(
                    () -> bridge.postSample("contact.tag.added.json"), response -> response.statusCode() != 202);
            stopping.get();

            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(new ObjectMapper().readTree(during.body()).get("error").asText()).isEqualTo("shutting_down");
            List<Map<String, Object>> rows = db.rows("SELECT status, attempts, claimed_by FROM hookbridge_delivery ORDER BY id");
            assertThat(rows).extracting(r -> r.get("status")).containsExactly("delivered", "pending", "pending");
            assertThat(rows.subList(1, 3)).allMatch(r -> r.get("claimed_by") == null && ((Integer) r.get("attempts")) == 0);
            assertThat(db.count("hookbridge_event")).isEqualTo(3);

            try (RunningBridge again = RunningBridge.start(db, settings)) {
                await().atMost(WAIT).until(() -> db.rows("SELECT id FROM hookbridge_delivery WHERE status = 'delivered'")
                        .size() == 3);
            }
            assertThat(db.rows("SELECT DISTINCT attempts FROM hookbridge_delivery")).containsExactly(Map.of("attempts", 1));
        }
    }
}
