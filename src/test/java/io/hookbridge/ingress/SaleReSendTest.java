package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookbridge.ingress.access.SystemeSignature;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sale sent again with other bytes (another field changed, another message id, another
 * format) is a new event, but never a second row of systeme_sales: that table is keyed on the
 * order item. On each journal database, which is also the SQL flows' database here, and on H2
 * as the SQL flows' database of an SQLite journal.
 */
class SaleReSendTest {

    private static final byte[] SIGNED_SALE = Samples.bytes("systeme-signed/SALE_NEW.body.json");
    private static final SystemeSignature SIGNER = new SystemeSignature(TestSecrets.SIGNING_SECRET);

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB", "H2"})
    void should_keep_one_sale_row_for_a_sale_sent_again_with_other_bytes(TestDatabase.Kind kind) {
        boolean h2Sink = kind == TestDatabase.Kind.H2;
        try (TestDatabase db = TestDatabase.create(h2Sink ? TestDatabase.Kind.SQLITE : kind);
                TestDatabase h2 = h2Sink ? TestDatabase.h2() : null;
                RunningBridge bridge = RunningBridge.start(db, h2Sink ? Map.of("hookbridge.sql.url", h2.url(),
                        "hookbridge.sql.username", h2.username(), "hookbridge.sql.password", h2.password()) : Map.of())) {
            TestDatabase sink = h2Sink ? h2 : db;
            byte[] changed = new String(SIGNED_SALE, StandardCharsets.UTF_8)
                    .replace("\"statementDescriptor\":\"\"", "\"statementDescriptor\":\"PULSACITY\"")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(changed).isNotEqualTo(SIGNED_SALE);

            assertThat(postSigned(bridge, SIGNED_SALE, "01a0e483-3333-7d11-ac67-be0fb3c6a98b").statusCode()).isEqualTo(202);
            assertThat(postSigned(bridge, changed, "01a0e483-4444-7d11-ac67-be0fb3c6a98b").statusCode()).isEqualTo(202);
            // the automation-rule format, the same order item sent twice a second apart
            byte[] automation = Samples.bytes("customer.sale.completed.json");
            byte[] automationLater = Samples.text("customer.sale.completed.json")
                    .replace("\"created_at\": \"2021-09-10T14:23:33+00:00\"", "\"created_at\": \"2021-09-10T14:23:34+00:00\"")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(automationLater).isNotEqualTo(automation);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, automation).statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, automationLater).statusCode()).isEqualTo(202);

            assertThat(db.count("hookbridge_event")).isEqualTo(4);
            await().atMost(Duration.ofSeconds(20)).until(() -> db.rows("SELECT event_id FROM hookbridge_delivery"
                    + " WHERE flow = 'sales-to-sql' AND status = 'delivered'").size() == 4);
            assertThat(sink.rows("SELECT order_id FROM systeme_sales ORDER BY order_id"))
                    .extracting(row -> ((Number) row.get("order_id")).longValue())
                    .containsExactly(612661L, 12768313L);
        }
    }

    private static HttpResponse<String> postSigned(RunningBridge bridge, byte[] body, String messageId) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/webhooks/systeme-signed"))
                .header("Content-Type", "application/json")
                .header("x-webhook-signature", SIGNER.sign(body))
                .header("x-webhook-event", "SALE_NEW")
                .header("x-webhook-message-id", messageId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
