package io.hookbridge.db;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The class of a database error as a standard SQL state: PostgreSQL, MariaDB and H2 give one,
 * SQLite gives its own result codes instead, mapped here to the state class that means the same.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** The SQL state of the error, or for SQLite the state class of its result code; null when unknown. */
    public static String sqlState(SQLException e) {
        if (e.getSQLState() != null) {
            return e.getSQLState();
        }
        if (e instanceof SQLiteException sqlite) {
            return sqliteState(sqlite.getResultCode());
        }
        return null;
    }

    /** A unique key or another constraint refused the row (state class 23). */
    public static boolean isConstraintViolation(SQLException e) {
        String state = sqlState(e);
        return state != null && state.startsWith("23");
    }

    private static String sqliteState(SQLiteErrorCode code) {
        if (code == null) {
            return null;
        }
        String name = code.name();
        if (name.startsWith("SQLITE_CONSTRAINT")) {
            return "23000";
        }
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
            return "40001";
        }
        if (name.startsWith("SQLITE_TOOBIG") || name.startsWith("SQLITE_MISMATCH") || name.startsWith("SQLITE_RANGE")) {
            return "22000";
        }
        if (name.startsWith("SQLITE_FULL")) {
            return "53100";
        }
        if (name.startsWith("SQLITE_IOERR") || name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_READONLY")) {
            return "58030";
        }
        if (code == SQLiteErrorCode.SQLITE_ERROR) {
            return "42000";
        }
        return null;
    }
}
