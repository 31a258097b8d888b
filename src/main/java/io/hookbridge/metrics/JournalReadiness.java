package io.hookbridge.metrics;

import io.hookbridge.db.SqlFailures;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the bridge can take webhooks only while the journal database answers, since an
 * event is acknowledged only once it is committed there.
 */
public final class JournalReadiness extends AbstractHealthCheck {

    private static final int VALID_TIMEOUT_SECONDS = 2;

    private final DataSource journal;

    public JournalReadiness(DataSource journal) {
        super("hookbridge", "journal");
        this.journal = journal;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = journal.getConnection()) {
            if (connection.isValid(VALID_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.message("the journal database did not answer (hookbridge.db.url)").down();
            }
        } catch (Exception e) {
            builder.message("the journal database is unreachable (hookbridge.db.url): " + SqlFailures.describeAny(e))
                    .down();
        }
    }
}
