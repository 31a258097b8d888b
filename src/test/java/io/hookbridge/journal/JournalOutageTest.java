package io.hookbridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.CuttableTcpProxy;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the journal database out of reach the bridge answers 503 and never 2xx, then recovers by itself. */
class JournalOutageTest {

    @Test
    void should_answer_503_while_the_journal_database_is_down_and_202_again_once_it_is_back() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CuttableTcpProxy proxy = new CuttableTcpProxy(db.port());
                RunningBridge bridge = RunningBridge.startWith(Map.of("hookbridge.db.url", db.urlOnPort(proxy.port()),
                        "hookbridge.db.username", db.username(), "hookbridge.db.password", db.password()))) {
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);

            proxy.cut();
            HttpResponse<String> during = bridge.postSample("customer.sale.completed.json");

            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(new ObjectMapper().readTree(during.body()).get("error").asText()).isEqualTo("journal_unavailable");

            proxy.restore();
            List<Integer> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                statuses.add(bridge.postSample("customer.sale.completed.json").statusCode());
                return statuses.get(statuses.size() - 1) == 202;
            });
            assertThat(statuses.subList(0, statuses.size() - 1)).allMatch(status -> status == 503);
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(200);

            assertThat(db.rows("SELECT type FROM hookbridge_event ORDER BY received_at_ms"))
                    .extracting(row -> row.get("type")).containsExactly("contact.tag.added", "customer.sale.completed");
        }
    }
}
