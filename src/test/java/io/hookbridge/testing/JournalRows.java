package io.hookbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** What the journal of a test database says about deliveries and their attempts. */
public final class JournalRows {

    private final TestDatabase db;

    public JournalRows(TestDatabase db) {
        this.db = db;
    }

    /** The one delivery row of a flow (the test sent one event to it). */
    public Map<String, Object> delivery(String flow) {
        List<Map<String, Object>> rows = db.rows("SELECT * FROM hookbridge_delivery WHERE flow = ?", flow);
        assertThat(rows).as("deliveries of " + flow).hasSize(1);
        return rows.get(0);
    }

    public String statusOf(String flow) {
        return (String) delivery(flow).get("status");
    }

    /** Every attempt of the flow's deliveries, oldest first. */
    public List<Map<String, Object>> attempts(String flow) {
        return db.rows("SELECT a.* FROM hookbridge_attempt a JOIN hookbridge_delivery d ON d.id = a.delivery_id"
                + " WHERE d.flow = ? ORDER BY a.id", flow);
    }

    /** How many delivery rows match a condition on hookbridge_delivery. */
    public long countWhere(String condition) {
        return ((Number) db.rows("SELECT COUNT(*) AS n FROM hookbridge_delivery WHERE " + condition).get(0).get("n"))
                .longValue();
    }

    /** The delivery statuses, in row order. */
    public List<String> statuses() {
        return db.rows("SELECT status FROM hookbridge_delivery ORDER BY id").stream()
                .map(row -> (String) row.get("status")).toList();
    }
}
