package io.hookbridge.db;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a failed statement says about its cause, read from its SQLState (SQLite's result code)
 * and vendor code, and a
 * description of it that is safe to log: drivers put the statement's bound values (webhook
 * bodies, types, headers) into their messages, so only the SQLState, the vendor code and the
 * first line of the message, with quoted values removed, are kept.
 */
public final class SqlFailures {

    private static final int MAX_MESSAGE_LENGTH = 200;
    private static final Pattern QUOTED = Pattern.compile("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"");
    /** Quoted names worth keeping in a message: the journal's tables, columns and constraints, an encoding. */
    private static final Pattern KNOWN_NAME = Pattern.compile("(?i)(?:\\w+\\.)?(?:hookbridge_\\w+|id|source|type|status"
            + "|received_at_ms|remote_address|headers|dedupe_key|message_key|body|event_id|flow|attempts|next_attempt_at_ms"
            + "|last_error|updated_at_ms|utf8|utf8mb4)(?: CHARACTER VARYING\\(\\d+\\))?");
    /** MySQL and MariaDB report a string their column's character set cannot hold as HY000. */
    private static final Set<Integer> MYSQL_DATA_ERRORS = Set.of(1366);
    private static final int MYSQL_DUPLICATE_KEY = 1062;

    private SqlFailures() {
    }

    /**
     * The database cannot be reached or is not serving: a lost or refused connection (SQLState
     * class 08, or the JDBC connection exception types), no connection from the pool in time, a
     * statement timeout, insufficient resources (53) or an operator intervention such as a
     * shutdown (57). Trying again later may work; trying other statements now will not.
     */
    public static boolean isUnavailable(SQLException failure) {
        for (SQLException e : chain(failure)) {
            if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                    || e instanceof SQLRecoverableException || e instanceof SQLTimeoutException) {
                return true;
            }
            String state = stateOf(e);
            if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("55")
                    || state.startsWith("57") || state.startsWith("58"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database refused a value of the statement: a data exception (SQLState class 22, such
     * as a value too long or a character the encoding does not take) or a constraint (23), or a
     * string MySQL/MariaDB's character set cannot hold. When one row's statement fails so, that
     * row's data is the cause, and sending it again will not help.
     */
    public static boolean isDataError(SQLException failure) {
        SQLException e = specific(failure);
        String state = stateOf(e);
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return true;
        }
        return MYSQL_DATA_ERRORS.contains(e.getErrorCode()) && (state == null || state.startsWith("HY"));
    }

    /** The SQLState of the failure (of the failed batch entry for a batch), or null. */
    public static String sqlState(SQLException failure) {
        return stateOf(specific(failure));
    }

    /**
     * A unique key refused the row: it is there already (PostgreSQL and H2 23505, MySQL and
     * MariaDB error 1062, SQLite's unique and primary key constraints).
     */
    public static boolean isDuplicateKey(SQLException failure) {
        SQLException e = specific(failure);
        if (e instanceof SQLiteException sqlite) {
            return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == MYSQL_DUPLICATE_KEY;
    }

    /**
     * SQLState, vendor code and the first line of the message without quoted values, for a log
     * line, and the table, column and constraint PostgreSQL names (names, never values).
     */
    public static String describe(SQLException failure) {
        SQLException e = specific(failure);
        return "SQLState " + stateOf(e) + ", vendor code " + e.getErrorCode() + ": " + safeMessage(e.getMessage())
                + postgresNames(e);
    }

    /**
     * A failure safe to log or store: {@link #describe(SQLException)} of the first SQL exception
     * among the failure and its causes, led by its class name; else the failure's class and message.
     */
    public static String describeAny(Throwable failure) {
        SQLException sql = sqlCause(failure);
        if (sql != null) {
            return sql.getClass().getSimpleName() + ": " + describe(sql);
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The first SQL exception among the failure and its causes, or null. */
    public static SQLException sqlCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String postgresNames(SQLException e) {
        if (!(e instanceof PSQLException psql) || psql.getServerErrorMessage() == null) {
            return "";
        }
        ServerErrorMessage server = psql.getServerErrorMessage();
        List<String> names = new ArrayList<>();
        addName(names, "table", server.getTable());
        addName(names, "column", server.getColumn());
        addName(names, "constraint", server.getConstraint());
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }

    private static void addName(List<String> names, String what, String name) {
        if (name != null && name.matches("[A-Za-z_][A-Za-z0-9_$]{0,62}")) {
            names.add(what + " " + name);
        }
    }

    static String safeMessage(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String line = message.strip().lines().findFirst().orElse("");
        int statement = line.indexOf("; SQL statement:");
        if (statement >= 0) {
            line = line.substring(0, statement);
        }
        // known names stay; at the first quoted text that is not one, the rest of the line goes:
        // PostgreSQL quotes a value without escaping the quotes inside it, so a value that holds
        // quotes (any JSON body) does not end where the next quote is
        Matcher quoted = QUOTED.matcher(line);
        StringBuilder out = new StringBuilder();
        boolean cut = false;
        while (quoted.find()) {
            String text = quoted.group();
            String inner = text.substring(1, text.length() - 1);
            if (!KNOWN_NAME.matcher(inner).matches()) {
                quoted.appendReplacement(out, Matcher.quoteReplacement(text.charAt(0) + "?" + text.charAt(0)));
                cut = true;
                break;
            }
            quoted.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        if (!cut) {
            quoted.appendTail(out);
        }
        String kept = out.toString();
        int openQuote = cut ? -1 : Math.max(kept.lastIndexOf('"'), kept.lastIndexOf('\''));
        if (openQuote >= 0 && !QUOTED.matcher(kept.substring(openQuote)).lookingAt()
                && countOf(kept, kept.charAt(openQuote)) % 2 == 1) {
            kept = kept.substring(0, openQuote) + kept.charAt(openQuote) + "?"; // a quote never closed: a value cut short
        }
        String safe = kept.replaceAll("\\p{Cntrl}", "?").strip();
        return safe.length() > MAX_MESSAGE_LENGTH ? safe.substring(0, MAX_MESSAGE_LENGTH) + "..." : safe;
    }

    private static long countOf(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }

    /**
     * The exception that names the cause: for a batch, the failed entry's (PostgreSQL's batch
     * exception repeats the statement with its values and chains the server's error), else itself.
     */
    private static SQLException specific(SQLException failure) {
        if (failure instanceof BatchUpdateException) {
            SQLException next = failure.getNextException();
            if (next != null && next != failure) {
                return next;
            }
            if (failure.getCause() instanceof SQLException cause) {
                return cause;
            }
        }
        return failure;
    }

    /**
     * The SQLState of one exception. SQLite gives none: its result code is mapped to the state
     * class that means the same (constraint 23, data 22, busy or locked 55, disk full 53, I/O 58,
     * other errors such as a missing table 42).
     */
    private static String stateOf(SQLException e) {
        if (e.getSQLState() != null || !(e instanceof SQLiteException sqlite) || sqlite.getResultCode() == null) {
            return e.getSQLState();
        }
        String code = sqlite.getResultCode().name();
        if (code.startsWith("SQLITE_CONSTRAINT")) {
            return "23000";
        }
        if (code.startsWith("SQLITE_TOOBIG") || code.startsWith("SQLITE_MISMATCH") || code.startsWith("SQLITE_RANGE")) {
            return "22000";
        }
        if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
            return "55P03"; // lock not available (within busy_timeout)
        }
        if (code.startsWith("SQLITE_FULL")) {
            return "53100";
        }
        if (code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_READONLY")
                || code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB")) {
            return "58030";
        }
        return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_ERROR ? "42000" : null;
    }

    /** The failure, its next exceptions and their SQL causes. */
    private static List<SQLException> chain(SQLException failure) {
        List<SQLException> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SQLException e = failure; e != null && seen.add(e); e = e.getNextException()) {
            all.add(e);
            for (Throwable cause = e.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    all.add(sql);
                }
            }
        }
        return all;
    }
}
