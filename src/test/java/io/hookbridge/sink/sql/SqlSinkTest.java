package io.hookbridge.sink.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The default SQL flows on H2, PostgreSQL and MariaDB: real samples in over HTTP, exact rows
 * out. The whole bridge (journal and sink) runs on the database under test.
 */
class SqlSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Expected systeme_events columns per sample: type, occurred_at, contact_id, contact_email, account_email. */
    private static final Map<String, List<Object>> EXPECTED_EVENTS = new LinkedHashMap<>();

    static {
        String doc = "temochkaykvlv@gmail.com";
        expect("captured.contact.course.enrolled.json", "contact.course.enrolled", "2026-09-27T19:57:41Z", 445573087L,
                "utilisateurdemo+capture@example.com", "utilisateurdemo@example.com");
        expect("contact.campaign.finished.json", "contact.campaign.finished", "2021-10-05T15:42:53Z", 29150412L,
                "temochkaykvlv+luiklas@gmail.com", doc);
        expect("contact.course.enrolled.json", "contact.course.enrolled", "2021-10-05T11:12:29Z", 29150265L,
                "temochkaykvlv+kek@gmail.com", doc);
        expect("contact.course_bundle.enrolled.json", "contact.course_bundle.enrolled", "2021-10-05T15:42:47Z",
                27212122L, "temochkaykvlv+test@gmail.com", doc);
        expect("contact.email_link.clicked.json", "contact.email_link.clicked", "2021-10-07T10:07:08Z", 24431099L,
                "temochkaykvlv@gmail.com", doc);
        expect("contact.optin.completed.blog-page.json", "contact.optin.completed", "2021-10-05T10:25:23Z", 29148862L,
                "temochkaykvlv+sdadk@gmail.com", doc);
        expect("contact.optin.completed.funnel-step.json", "contact.optin.completed", "2021-10-05T08:10:29Z",
                29142804L, "temochkaykvlv+aslkfkvmk@gmail.com", doc);
        expect("contact.page.visited.json", "contact.page.visited", "2021-10-05T16:29:02Z", 29171084L,
                "temochkaykvlv+asdfg@gmail.com", doc);
        expect("contact.tag.added.json", "contact.tag.added", "2021-10-05T09:52:38Z", 29143587L,
                "temochkaykvlv+lksdllfnsnkfdls@gmail.com", doc);
        expect("contact.tag.removed.json", "contact.tag.removed", "2021-10-05T09:54:08Z", 27212122L,
                "temochkaykvlv+test@gmail.com", doc);
        expect("contact.webinar.registered.json", "contact.webinar.registered", "2021-10-05T10:37:06Z", 29149232L,
                "temochkaykvlv+wklm@gmail.com", doc);
        expect("customer.sale.completed.json", "customer.sale.completed", "2021-09-10T14:23:33Z", 20756080L,
                "test-1922@systeme.io", "aurelien@readmeimfamous.com");
    }

    private static void expect(String sample, String type, String occurredAt, long contactId, String contactEmail,
            String accountEmail) {
        EXPECTED_EVENTS.put(sample, List.of(type, Instant.parse(occurredAt), contactId, contactEmail, accountEmail));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_write_one_exact_row_per_sample_and_a_sales_row_per_sale(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            Map<String, String> eventIds = new LinkedHashMap<>();
            for (String sample : Samples.SYSTEME) {
                var response = bridge.postSample(sample);
                assertThat(response.statusCode()).as(sample).isEqualTo(202);
                eventIds.put(sample, JSON.readTree(response.body()).get("event_id").asText());
            }

            await().atMost(WAIT).until(() -> db.count("systeme_events") == Samples.SYSTEME.size()
                    && db.count("systeme_sales") == 1);

            for (var entry : EXPECTED_EVENTS.entrySet()) {
                String eventId = eventIds.get(entry.getKey());
                Map<String, Object> row = single(db, "SELECT * FROM systeme_events WHERE event_id = ?", eventId);
                List<Object> expected = entry.getValue();
                assertThat(row.get("type")).as(entry.getKey()).isEqualTo(expected.get(0));
                assertThat(instant(kind, row.get("occurred_at"))).as(entry.getKey()).isEqualTo(expected.get(1));
                assertThat(((Number) row.get("contact_id")).longValue()).as(entry.getKey()).isEqualTo(expected.get(2));
                assertThat(row.get("contact_email")).as(entry.getKey()).isEqualTo(expected.get(3));
                assertThat(row.get("account_email")).as(entry.getKey()).isEqualTo(expected.get(4));
                assertThat(row.get("raw_json")).as(entry.getKey()).isEqualTo(Samples.text(entry.getKey()));
            }

            Map<String, Object> sale = single(db, "SELECT * FROM systeme_sales");
            assertThat(sale.get("event_id")).isEqualTo(eventIds.get("customer.sale.completed.json"));
            assertThat(((Number) sale.get("order_id")).longValue()).isEqualTo(612661L);
            assertThat(((Number) sale.get("customer_id")).longValue()).isEqualTo(616824L);
            assertThat(sale.get("email")).isEqualTo("test-1922@systeme.io");
            assertThat(sale.get("first_name")).isEqualTo("test-1922");
            assertThat(sale.get("surname")).isEqualTo("test-1922");
            assertThat(sale.get("country")).isEqualTo("FR");
            assertThat(sale.get("offer_name")).isEqualTo("Comment créer un blog qui rapporte");
            assertThat(((Number) sale.get("amount_cents")).longValue()).isEqualTo(583L);
            assertThat(sale.get("currency")).isEqualTo("eur");
            assertThat(sale.get("funnel_name")).isEqualTo("Comment créer un blog qui rapporte");
            assertThat(instant(kind, sale.get("created_at"))).isEqualTo(Instant.parse("2021-09-10T14:23:33Z"));

            assertThat(db.rows("SELECT DISTINCT status FROM hookbridge_delivery"))
                    .containsExactly(Map.of("status", "delivered"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_store_quotes_emoji_and_sql_text_verbatim(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            assertThat(bridge.postSample("adversarial/sale-with-hostile-strings.json").statusCode()).isEqualTo(202);

            await().atMost(WAIT).until(() -> db.count("systeme_sales") == 1 && db.count("systeme_events") == 1);

            Map<String, Object> sale = single(db, "SELECT * FROM systeme_sales");
            assertThat(sale.get("email")).isEqualTo("o'brien+🎉@example.com");
            assertThat(sale.get("first_name")).isEqualTo("Zoë \"Zed\" O'Brien 🎉");
            assertThat(sale.get("surname")).isEqualTo("'); DROP TABLE systeme_sales; --");
            assertThat(sale.get("offer_name")).isEqualTo("=HYPERLINK(\"http://evil.example\")\r\nBcc: victim@example.com");
            assertThat(sale.get("funnel_name")).isEqualTo("Café \\ backslash ; semicolon -- comment /* c */");
            assertThat(((Number) sale.get("amount_cents")).longValue()).isEqualTo(1999L);
            assertThat(instant(kind, sale.get("created_at"))).isEqualTo(Instant.parse("2026-11-01T22:30:00Z"));
            assertThat(single(db, "SELECT raw_json FROM systeme_events").get("raw_json"))
                    .isEqualTo(Samples.text("adversarial/sale-with-hostile-strings.json"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void should_not_add_a_second_row_when_a_delivery_runs_again(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
                RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            bridge.postSample("customer.sale.completed.json");
            await().atMost(WAIT).until(() -> db.count("systeme_sales") == 1 && db.count("systeme_events") == 1
                    && deliveredCount(db) == 2);

            // as if the process had died after the insert and before marking the delivery done
            db.update("UPDATE hookbridge_delivery SET status = 'pending'");
            bridge.postSample("contact.tag.added.json");

            await().atMost(WAIT).until(() -> deliveredCount(db) == 3);
            assertThat(db.rows("SELECT flow, attempts FROM hookbridge_delivery WHERE flow = 'sales-to-sql'"))
                    .containsExactly(Map.of("flow", "sales-to-sql", "attempts", 2));
            assertThat(db.count("systeme_sales")).isEqualTo(1);
            assertThat(db.count("systeme_events")).isEqualTo(2);
        }
    }

    @org.junit.jupiter.api.Test
    void should_write_one_row_for_a_body_sent_twice_and_ignore_inbound_camel_headers() {
        try (TestDatabase db = TestDatabase.embedded(); RunningBridge bridge = RunningBridge.start(db, Map.of())) {
            byte[] sale = Samples.bytes("customer.sale.completed.json");
            var first = RunningBridge.send(java.net.http.HttpRequest.newBuilder(bridge.uri(RunningBridge.WEBHOOK))
                    .header("Content-Type", "application/json")
                    .header("CamelSqlQuery", "DROP TABLE systeme_sales")
                    .header("CamelHttpUri", "http://127.0.0.1:1/elsewhere")
                    .header("Bcc", "attacker@example.com")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(sale)));
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(bridge.postJson(RunningBridge.WEBHOOK, sale).statusCode()).isEqualTo(200);

            await().atMost(WAIT).until(() -> deliveredCount(db) == 2);
            assertThat(db.count("systeme_sales")).isEqualTo(1);
            assertThat(db.count("systeme_events")).isEqualTo(1);
        }
    }

    @org.junit.jupiter.api.Test
    void should_write_to_the_database_named_by_hookbridge_sql_url_and_keep_the_journal_apart() {
        try (TestDatabase journal = TestDatabase.embedded(); TestDatabase sink = TestDatabase.h2();
                RunningBridge bridge = RunningBridge.start(journal, Map.of("hookbridge.sql.url", sink.url(),
                        "hookbridge.sql.username", sink.username(), "hookbridge.sql.password", sink.password()))) {
            assertThat(bridge.postSample("customer.sale.completed.json").statusCode()).isEqualTo(202);

            await().atMost(WAIT).until(() -> deliveredCount(journal) == 2);
            assertThat(sink.count("systeme_sales")).isEqualTo(1);
            assertThat(sink.count("systeme_events")).isEqualTo(1);
            assertThat(journal.rows("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'"
                    + " AND name IN ('systeme_sales', 'systeme_events')").get(0).get("n")).isEqualTo(0L);
            assertThat(sink.rows("SELECT COUNT(*) AS n FROM information_schema.tables"
                    + " WHERE LOWER(table_name) = 'hookbridge_event'").get(0).get("n")).isEqualTo(0L);
        }
    }

    private static long deliveredCount(TestDatabase db) {
        return ((Number) db.rows("SELECT COUNT(*) AS n FROM hookbridge_delivery WHERE status = 'delivered'").get(0)
                .get("n")).longValue();
    }

    private static Map<String, Object> single(TestDatabase db, String sql, Object... parameters) {
        List<Map<String, Object>> rows = db.rows(sql, parameters);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /** A timestamp column as an instant; MariaDB's DATETIME holds the UTC wall time. */
    private static Instant instant(TestDatabase.Kind kind, Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return kind == TestDatabase.Kind.MARIADB
                    ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC)
                    : timestamp.toInstant();
        }
        if (value instanceof String text && kind == TestDatabase.Kind.SQLITE) {
            return Instant.parse(text); // ISO-8601 in UTC: SQLite has no time type
        }
        if (value instanceof LocalDateTime local && kind == TestDatabase.Kind.MARIADB) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new AssertionError("not a timestamp: " + value + " (" + (value == null ? null : value.getClass()) + ")");
    }
}
