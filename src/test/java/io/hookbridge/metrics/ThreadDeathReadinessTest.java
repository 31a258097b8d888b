package io.hookbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.FaultyJdbcDriver;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the journal writer or the delivery worker thread stops on an Error (one that the
 * ordinary error handling does not catch, such as a class that cannot be loaded), readiness
 * turns DOWN and names the thread, instead of reporting UP for a bridge that no longer
 * journals or delivers. The Error comes from the journal's JDBC connections.
 */
class ThreadDeathReadinessTest {

    @AfterEach
    void noMoreFaults() {
        FaultyJdbcDriver.clear();
    }

    @Test
    void should_report_not_ready_naming_the_journal_writer_when_an_error_ends_it() {
        try (TestDatabase db = TestDatabase.postgres();
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.db.url",
                        FaultyJdbcDriver.PREFIX + db.url()))) {
            assertThat(ready(bridge).statusCode()).isEqualTo(200);
            FaultyJdbcDriver.failWhenPreparing("INSERT INTO hookbridge_event",
                    () -> new NoClassDefFoundError("io/hookbridge/journal/Missing"));

            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(503);

            HttpResponse<String> ready = await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
                    .until(() -> ready(bridge), response -> response.statusCode() == 503);
            assertThat(ready.body()).contains("\"name\":\"journal-writer\",\"status\":\"DOWN\"")
                    .contains("journal writer thread").contains("stopped on java.lang.NoClassDefFoundError");
            FaultyJdbcDriver.clear();
            assertThat(bridge.postSample("contact.tag.added.json").statusCode())
                    .as("no thread commits webhooks any more").isEqualTo(503);
            assertThat(ready(bridge).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void should_report_not_ready_naming_the_delivery_worker_when_an_error_ends_it() {
        try (TestDatabase db = TestDatabase.postgres();
                RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.db.url",
                        FaultyJdbcDriver.PREFIX + db.url()))) {
            assertThat(ready(bridge).statusCode()).isEqualTo(200);
            FaultyJdbcDriver.failWhenPreparing("AND next_attempt_at_ms <= ?",
                    () -> new NoClassDefFoundError("io/hookbridge/delivery/Missing"));

            HttpResponse<String> ready = await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
                    .until(() -> ready(bridge), response -> response.statusCode() == 503);
            assertThat(ready.body()).contains("\"name\":\"delivery-worker\",\"status\":\"DOWN\"")
                    .contains("delivery worker thread").contains("stopped on java.lang.NoClassDefFoundError");
            FaultyJdbcDriver.clear();
            assertThat(bridge.postSample("contact.tag.added.json").statusCode())
                    .as("webhooks are still journaled").isEqualTo(202);
            assertThat(ready(bridge).statusCode()).isEqualTo(503);
        }
    }

    private static HttpResponse<String> ready(RunningBridge bridge) {
        return bridge.get(bridge.managementUri("/observe/health/ready"));
    }
}
