package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries run off the request thread, survive a restart, retry on their own and end dead with their error. */
class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SALES_TABLE = "CREATE TABLE systeme_sales (event_id VARCHAR(36) NOT NULL PRIMARY KEY,"
            + " order_id BIGINT, customer_id BIGINT, email VARCHAR(320), first_name VARCHAR(255), surname VARCHAR(255),"
            + " country VARCHAR(64), offer_name VARCHAR(500), amount_cents BIGINT, currency VARCHAR(16),"
            + " funnel_name VARCHAR(500), created_at TIMESTAMP WITH TIME ZONE)";

    private TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.h2();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void should_deliver_rows_left_pending_at_stop_exactly_once_after_the_next_start() {
        try (RunningBridge ingestOnly = RunningBridge.start(db, Map.of("hookbridge.delivery.enabled", "false"))) {
            assertThat(ingestOnly.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            assertThat(ingestOnly.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
            assertThat(ingestOnly.postSample("contact.webinar.registered.json").statusCode()).isEqualTo(202);
        }
        assertThat(statuses()).containsOnly("pending").hasSize(4);
        assertThat(db.count("systeme_events")).isZero();

        try (RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            await().atMost(WAIT).until(() -> statuses().equals(List.of("delivered", "delivered", "delivered", "delivered")));
        }

        assertThat(db.count("systeme_events")).isEqualTo(3);
        assertThat(db.count("systeme_sales")).isEqualTo(1);
        assertThat(db.rows("SELECT DISTINCT attempts FROM hookbridge_delivery")).containsExactly(Map.of("attempts", 1));
    }

    @Test
    void should_retry_a_failing_flow_then_keep_it_dead_with_its_error_while_the_other_flow_delivers_once() {
        try (RunningBridge bridge = RunningBridge.start(db, Map.of("hookbridge.delivery.retry-schedule", "100ms,100ms"))) {
            db.update("DROP TABLE systeme_sales");

            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);

            await().atMost(WAIT).until(() -> statusOf("sales-to-sql").equals("dead"));
            Map<String, Object> sales = delivery("sales-to-sql");
            assertThat(sales.get("attempts")).isEqualTo(3);
            assertThat((String) sales.get("last_error")).contains("SYSTEME_SALES");
            Map<String, Object> events = delivery("events-to-sql");
            assertThat(events.get("status")).isEqualTo("delivered");
            assertThat(events.get("attempts")).isEqualTo(1);
            assertThat(db.count("systeme_events")).isEqualTo(1);
        }
    }

    @Test
    void should_deliver_on_a_later_attempt_once_the_sink_is_back() {
        try (RunningBridge bridge = RunningBridge.start(db,
                Map.of("hookbridge.delivery.retry-schedule", "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms"))) {
            db.update("DROP TABLE systeme_sales");
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> ((Integer) delivery("sales-to-sql").get("attempts")) >= 2);
            assertThat(statusOf("sales-to-sql")).isEqualTo("pending");

            db.update(SALES_TABLE);

            await().atMost(WAIT).until(() -> statusOf("sales-to-sql").equals("delivered"));
            assertThat(db.count("systeme_sales")).isEqualTo(1);
            assertThat(delivery("sales-to-sql").get("last_error")).isNotNull();
        }
    }

    private List<String> statuses() {
        return db.rows("SELECT status FROM hookbridge_delivery ORDER BY id").stream()
                .map(row -> (String) row.get("status")).toList();
    }

    private String statusOf(String flow) {
        return (String) delivery(flow).get("status");
    }

    private Map<String, Object> delivery(String flow) {
        List<Map<String, Object>> rows = db.rows("SELECT * FROM hookbridge_delivery WHERE flow = ?", flow);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
