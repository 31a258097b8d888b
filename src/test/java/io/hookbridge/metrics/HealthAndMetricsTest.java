package io.hookbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.CuttableTcpProxy;
import io.hookbridge.testing.PrometheusText;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Health and Prometheus metrics on the management port, read as a load balancer and a
 * Prometheus server would, after real webhooks and deliveries.
 */
class HealthAndMetricsTest {

    @Test
    void should_count_webhooks_by_outcome_events_by_type_deliveries_by_flow_and_time_the_ingress() throws Exception {
        try (TestDatabase journal = TestDatabase.embedded(); RecordingHttpServer onward = new RecordingHttpServer();
                RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.forward.url", onward.url("/hooks")))) {
            HttpResponse<String> ready = bridge.get(bridge.managementUri("/observe/health/ready"));
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"UP\"");
            assertThat(bridge.get(bridge.managementUri("/observe/health/live")).statusCode()).isEqualTo(200);

            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(200);
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
            assertThat(bridge.postJson("/webhooks/systeme/" + "x".repeat(43), Samples.bytes("contact.tag.added.json"))
                    .statusCode()).isEqualTo(401);
            assertThat(RunningBridge.send(HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")))
                    .statusCode()).isEqualTo(415);
            // the same webhook body as the sale's is sent onward, to the sale's and the tag's
            await().atMost(Duration.ofSeconds(20)).until(() -> onward.requests().size() == 2);

            PrometheusText metrics = await().atMost(Duration.ofSeconds(20)).until(() -> metrics(bridge),
                    m -> m.value("hookbridge_deliveries_total", Map.of("outcome", "delivered")) == 5
                            && m.value("hookbridge_ingress_request_seconds_count") == 5);
            assertThat(metrics.value("hookbridge_events_received_total", Map.of("type", "customer.sale.completed")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_events_received_total", Map.of("type", "contact.tag.added")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("outcome", "accepted"))).isEqualTo(2);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("outcome", "duplicate"))).isEqualTo(1);
            assertThat(metrics.value("hookbridge_webhooks_total", Map.of("outcome", "rejected", "reason", "invalid_token")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_webhooks_total",
                    Map.of("outcome", "rejected", "reason", "unsupported_media_type"))).isEqualTo(1);
            // sale: events-to-sql, sales-to-sql, events-to-http; tag: events-to-sql, events-to-http
            assertThat(metrics.value("hookbridge_deliveries_total", Map.of("flow", "events-to-http", "outcome", "delivered")))
                    .isEqualTo(2);
            assertThat(metrics.value("hookbridge_deliveries_total", Map.of("flow", "sales-to-sql", "outcome", "delivered")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_ingress_request_seconds_count", Map.of("status", "202"))).isEqualTo(2);
            assertThat(metrics.value("hookbridge_ingress_request_seconds_count", Map.of("status", "200"))).isEqualTo(1);
            assertThat(metrics.value("hookbridge_ingress_request_seconds_bucket", Map.of("status", "202", "le", "10.0")))
                    .isEqualTo(2);
            // Camel's own metrics are in the same registry
            assertThat(metrics.has("camel_exchanges_total")).isTrue();

            PrometheusText levels = await().atMost(Duration.ofSeconds(15)).until(() -> metrics(bridge),
                    m -> m.value("hookbridge_last_event_received_timestamp_seconds") > 0);
            assertThat(levels.value("hookbridge_deliveries_pending")).isZero();
            assertThat(levels.value("hookbridge_deliveries_oldest_pending_age_seconds")).isZero();
            assertThat(levels.value("hookbridge_last_event_received_timestamp_seconds"))
                    .isBetween(System.currentTimeMillis() / 1000.0 - 120, System.currentTimeMillis() / 1000.0 + 1);
            assertThat(levels.value("hookbridge_journal_up")).isEqualTo(1);
        }
    }

    @Test
    void should_show_retries_and_dead_deliveries_by_flow() throws Exception {
        try (TestDatabase journal = TestDatabase.embedded(); RecordingHttpServer onward = new RecordingHttpServer();
                RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.forward.url", onward.url("/hooks"),
                        "hookbridge.flow.events-to-http.retry-schedule", "1s", "hookbridge.delivery.retry-jitter", "0"))) {
            onward.answer(500, Map.of());
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);

            PrometheusText metrics = await().atMost(Duration.ofSeconds(30)).until(() -> metrics(bridge),
                    m -> m.value("hookbridge_deliveries_dead", Map.of("flow", "events-to-http")) == 1);
            assertThat(onward.requests()).hasSize(2);
            assertThat(metrics.value("hookbridge_deliveries_total", Map.of("flow", "events-to-http", "outcome", "retry")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_deliveries_total", Map.of("flow", "events-to-http", "outcome", "dead")))
                    .isEqualTo(1);
            assertThat(metrics.value("hookbridge_deliveries_dead", Map.of("flow", "events-to-sql"))).isZero();

            // every bridge metric the example alert rules use is one the bridge serves
            Matcher names = Pattern.compile("hookbridge_[a-z_]+").matcher(
                    Files.readString(Path.of("deploy/prometheus/hookbridge-alerts.yml")));
            Set<String> used = new TreeSet<>();
            while (names.find()) {
                used.add(names.group());
            }
            assertThat(used).hasSizeGreaterThanOrEqualTo(4).allSatisfy(name ->
                    assertThat(metrics.has(name)).as("%s in /observe/metrics", name).isTrue());
        }
    }

    @Test
    void should_be_unready_while_the_journal_database_is_unreachable_and_show_the_oldest_waiting_delivery()
            throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CuttableTcpProxy proxy = new CuttableTcpProxy(db.port());
                RunningBridge bridge = RunningBridge.startWith(Map.of(
                        "hookbridge.db.url", db.urlOnPort(proxy.port()),
                        "hookbridge.db.username", db.username(), "hookbridge.db.password", db.password(),
                        // nothing is delivered: the event's deliveries keep waiting
                        "hookbridge.delivery.enabled", "false"))) {
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            PrometheusText waiting = await().atMost(Duration.ofSeconds(15)).until(() -> metrics(bridge),
                    m -> m.value("hookbridge_deliveries_oldest_pending_age_seconds") > 0);
            assertThat(waiting.value("hookbridge_deliveries_pending", Map.of("flow", "sales-to-sql"))).isEqualTo(1);
            assertThat(waiting.value("hookbridge_deliveries_pending")).isEqualTo(2);

            proxy.cut();
            HttpResponse<String> unready = bridge.get(bridge.managementUri("/observe/health/ready"));
            assertThat(unready.statusCode()).isEqualTo(503);
            assertThat(unready.body()).contains("journal");
            assertThat(bridge.get(bridge.managementUri("/observe/health/live")).statusCode())
                    .as("the process itself is alive: no restart needed").isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> metrics(bridge).value("hookbridge_journal_up") == 0);

            proxy.restore();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    bridge.get(bridge.managementUri("/observe/health/ready")).statusCode() == 200);
        }
    }

    @Test
    void should_count_google_sheets_calls_and_their_429s() throws Exception {
        try (TestDatabase journal = TestDatabase.embedded(); SheetsApiServer sheets = SheetsApiServer.start();
                RunningBridge bridge = RunningBridge.start(journal, Map.of(
                        "hookbridge.sheets.spreadsheet-id", "metrics-sheet",
                        "hookbridge.sheets.service-account-key",
                        sheets.writeServiceAccountKey(Files.createTempDirectory("hookbridge-metrics-")).toString(),
                        "hookbridge.sheets.root-url", sheets.rootUrl(),
                        "hookbridge.sheets.batch-wait", "0s",
                        "hookbridge.delivery.retry-schedule", "1s,1s,1s", "hookbridge.delivery.retry-jitter", "0"))) {
            sheets.failNext(1, 429, Map.of("Retry-After", "1"));
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> sheets.rows("metrics-sheet", "Sales").size() == 2
                    && sheets.rows("metrics-sheet", "Events").size() == 2);
            PrometheusText metrics = metrics(bridge);
            assertThat(metrics.value("hookbridge_sheets_calls_total", Map.of("outcome", "rate_limited"))).isEqualTo(1);
            // every call, reads and writes, the startup check's too
            assertThat(metrics.value("hookbridge_sheets_calls_total", Map.of("outcome", "ok")))
                    .isEqualTo(sheets.calls().stream().filter(call -> call.status() == 200).count());
            assertThat(metrics.value("hookbridge_sheets_calls_total", Map.of("outcome", "error"))).isZero();
        }
    }

    private static PrometheusText metrics(RunningBridge bridge) {
        HttpResponse<String> response = bridge.get(bridge.managementUri("/observe/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        return new PrometheusText(response.body());
    }
}
