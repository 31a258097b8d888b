package io.hookbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** How a failed journal statement is read (data, unavailable, other) and described without its values. */
class SqlFailuresTest {

    /** The shape of pgjdbc's batch exception: the statement with its bound values, then the server's error. */
    private static final String PG_BATCH = "Batch entry 0 INSERT INTO hookbridge_event (id, source, type) VALUES"
            + " (('01a2'), ('systeme'), ('secret.type\u0000 it''s')), '\\x7b22'::bytea) was aborted: ERROR: invalid byte"
            + " sequence for encoding \"UTF8\": 0x00  Call getNextException to see other errors in the batch.";

    @Test
    void should_describe_a_batch_failure_by_the_entry_error_without_the_bound_values() {
        BatchUpdateException batch = new BatchUpdateException(PG_BATCH, "22021", 0, new int[0]);
        batch.setNextException(new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n"
                + "  Where: unnamed portal parameter $3 = '...'", "22021"));

        String described = SqlFailures.describe(batch);

        assertThat(described).isEqualTo("SQLState 22021, vendor code 0: ERROR: invalid byte sequence for encoding"
                + " \"UTF8\": 0x00");
        assertThat(SqlFailures.isDataError(batch)).isTrue();
        assertThat(SqlFailures.isUnavailable(batch)).isFalse();
    }

    @Test
    void should_remove_quoted_values_but_keep_the_journal_column_names() {
        assertThat(SqlFailures.safeMessage(PG_BATCH)).doesNotContain("secret").doesNotContain("systeme")
                .doesNotContain("01a2").doesNotContain("7b22").contains("'?'");
        assertThat(SqlFailures.safeMessage("Value too long for column \"TYPE CHARACTER VARYING(255)\": \"'tttt"
                + "tttt... (256)\"; SQL statement:\nINSERT INTO hookbridge_event VALUES (?) [22001-232]"))
                .isEqualTo("Value too long for column \"TYPE CHARACTER VARYING(255)\": \"?\"");
        assertThat(SqlFailures.safeMessage("(conn=5) Data too long for column 'remote_address' at row 3"))
                .isEqualTo("(conn=5) Data too long for column 'remote_address' at row 3");
        assertThat(SqlFailures.safeMessage("ERROR: duplicate key value violates unique constraint"
                + " \"hookbridge_event_dedupe\"\n  Detail: Key (dedupe_key)=(\\x01) already exists."))
                .isEqualTo("ERROR: duplicate key value violates unique constraint \"hookbridge_event_dedupe\"");
        assertThat(SqlFailures.safeMessage("x".repeat(500))).hasSize(203);
    }

    @Test
    void should_tell_a_refused_value_from_a_database_that_is_not_serving() {
        assertThat(SqlFailures.isDataError(new SQLDataException("too long", "22001"))).isTrue();
        assertThat(SqlFailures.isDataError(new SQLIntegrityConstraintViolationException("check", "23000", 4025))).isTrue();
        assertThat(SqlFailures.isDataError(new SQLException("Incorrect string value", "HY000", 1366))).isTrue();
        assertThat(SqlFailures.isDataError(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(SqlFailures.isDataError(new SQLException("deadlock", "40P01"))).isFalse();

        assertThat(SqlFailures.isUnavailable(new SQLException("refused", "08001"))).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLException("shutting down", "57P01"))).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLNonTransientConnectionException("broken", "90067"))).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLException("wrapped", "HY000",
                new SQLNonTransientConnectionException("broken", "08006")))).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLDataException("too long", "22001"))).isFalse();
        assertThat(SqlFailures.isUnavailable(new SQLException("deadlock", "40P01"))).isFalse();
    }

    @Test
    void should_read_sqlite_result_codes_as_the_sql_states_that_mean_the_same() {
        SQLiteException duplicate = new SQLiteException("UNIQUE constraint failed", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
        assertThat(SqlFailures.isDuplicateKey(duplicate)).isTrue();
        assertThat(SqlFailures.isDataError(duplicate)).isTrue();
        SQLiteException refusedByRule = new SQLiteException("refused", SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER);
        assertThat(SqlFailures.isDuplicateKey(refusedByRule)).isFalse();
        assertThat(SqlFailures.isDataError(refusedByRule)).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY))).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLiteException("disk I/O", SQLiteErrorCode.SQLITE_IOERR))).isTrue();
        assertThat(SqlFailures.isUnavailable(new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL))).isTrue();
        assertThat(SqlFailures.sqlState(new SQLiteException("no such table", SQLiteErrorCode.SQLITE_ERROR))).isEqualTo("42000");
        assertThat(SqlFailures.isDuplicateKey(new SQLException("duplicate", "23505"))).isTrue();
        assertThat(SqlFailures.isDuplicateKey(new SQLException("Duplicate entry", "23000", 1062))).isTrue();
        assertThat(SqlFailures.isDuplicateKey(new SQLException("check", "23514"))).isFalse();
    }

    @Test
    void should_drop_a_value_whose_quotes_postgresql_does_not_escape() {
        String message = "ERROR: invalid input syntax for type integer: \"{\"customer\":{\"email\":\"jeanne@example.fr\","
                + "\"clientIp\":\"203.0.113.10\",\"first_name\":\"Jeanne\",\"postcode\":\"75011\"}}\"";
        String safe = SqlFailures.describe(new SQLException(message, "22P02"));
        assertThat(safe).isEqualTo("SQLState 22P02, vendor code 0: ERROR: invalid input syntax for type integer: \"?\"")
                .doesNotContain("jeanne").doesNotContain("203.0.113").doesNotContain("Jeanne").doesNotContain("75011");
        assertThat(SqlFailures.describe(new SQLException("ERROR: value too long: 'abc", "22001")))
                .doesNotContain("abc");
    }
}
