package io.hookbridge.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the journal database must do so that a 202 means the event is on disk: every commit
 * forced to the disk (fsync) before it returns, as PostgreSQL does by default. The bridge
 * sets this where it can (the embedded SQLite journal) and refuses a journal that would weaken
 * it, naming the setting to change.
 */
public final class JournalDurability {

    /** The journal's own settings on SQLite: write-ahead log, an fsync per commit, one writer at a time. */
    private static final Map<String, String> SQLITE_PRAGMAS = sqlitePragmas();

    private JournalDurability() {
    }

    /** The journal's settings, checked: a URL that names a database which cannot keep the promise is refused. */
    public static DatabaseSettings check(DatabaseSettings journal) {
        String url = journal.url().toLowerCase(Locale.ROOT);
        String setting = journal.settingPrefix() + ".url";
        if (url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(setting + " names an H2 database, which does not force its commits to"
                    + " disk: a webhook acknowledged just before a power cut could be lost. Remove " + setting
                    + " for the embedded SQLite journal (an H2 journal of the earlier default in hookbridge.data-dir"
                    + " is moved into it at start), or give a jdbc:sqlite:, jdbc:postgresql: or jdbc:mariadb: URL");
        }
        if (url.startsWith("jdbc:sqlite:")) {
            checkSqliteUrl(journal.url(), setting);
        }
        return journal;
    }

    /** Connection properties the journal's pool passes to the driver (SQLite: its pragmas). */
    public static Map<String, String> connectionProperties(DatabaseSettings journal) {
        return isSqlite(journal.url()) ? SQLITE_PRAGMAS : Map.of();
    }

    /** The file of an SQLite journal, or null for a database on a server. */
    public static Path sqliteFile(String url) {
        if (!isSqlite(url)) {
            return null;
        }
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** Creates the folder of an SQLite journal file (SQLite creates the file, not its folder). */
    public static void createFolder(Path file, String setting) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the journal's folder " + file.getParent() + ": "
                    + e.getMessage() + " (check hookbridge.data-dir or " + setting + ")", e);
        }
    }

    /**
     * The file an SQLite journal has open, as SQLite names it, resolved to its real path (links
     * followed): two URLs that reach one file give one path.
     */
    public static Path openedFile(DataSource dataSource) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA database_list")) {
            while (rows.next()) {
                if ("main".equals(rows.getString("name"))) {
                    return Path.of(rows.getString("file")).toRealPath();
                }
            }
        }
        throw new SQLException("SQLite names no main database file");
    }

    /**
     * Reads back, from the database in use, what forces each commit to disk, and stops the start
     * when it does not: the pragmas on SQLite; {@code fsync} and {@code synchronous_commit} on
     * PostgreSQL; {@code innodb_flush_log_at_trx_commit} on MariaDB and MySQL.
     */
    public static void verify(DataSource dataSource, SqlDialect dialect, String setting) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            switch (dialect) {
                case SQLITE -> {
                    String journalMode = value(statement, "PRAGMA journal_mode");
                    String synchronous = value(statement, "PRAGMA synchronous");
                    if (!"wal".equalsIgnoreCase(journalMode) || !("2".equals(synchronous) || "3".equals(synchronous))) {
                        throw new IllegalStateException("the SQLite journal runs with journal_mode=" + journalMode
                                + " and synchronous=" + synchronous + ", not WAL with FULL: check " + setting);
                    }
                }
                case POSTGRESQL -> {
                    if ("off".equalsIgnoreCase(value(statement, "SHOW fsync"))) {
                        throw new IllegalStateException("the PostgreSQL server of " + setting + " runs with fsync=off:"
                                + " its commits are not on disk; turn fsync on in postgresql.conf");
                    }
                    if ("off".equalsIgnoreCase(value(statement, "SHOW synchronous_commit"))) {
                        throw new IllegalStateException("the PostgreSQL journal of " + setting + " runs with"
                                + " synchronous_commit=off: a commit returns before it is on disk; remove it from the"
                                + " URL's options or from postgresql.conf");
                    }
                }
                case MARIADB -> {
                    String flush = value(statement, "SELECT @@innodb_flush_log_at_trx_commit");
                    if (!"1".equals(flush)) {
                        throw new IllegalStateException("the MariaDB/MySQL server of " + setting + " runs with"
                                + " innodb_flush_log_at_trx_commit=" + flush + ": a commit returns before it is on"
                                + " disk; set it to 1 on the server");
                    }
                }
                case H2 -> throw new IllegalStateException(setting + " names an H2 database, which cannot be a journal");
            }
        }
    }

    private static void checkSqliteUrl(String url, String setting) {
        String lower = url.toLowerCase(Locale.ROOT);
        String path = lower.substring("jdbc:sqlite:".length());
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file::memory:")
                || lower.contains("mode=memory")) {
            throw new IllegalArgumentException(setting + " names an SQLite database in memory, which loses every"
                    + " event when the bridge stops: give a file, such as jdbc:sqlite:./data/hookbridge.db");
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return;
        }
        for (String parameter : url.substring(query + 1).split("&")) {
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            if (SQLITE_PRAGMAS.containsKey(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(setting + " sets " + name + ", which the bridge sets itself so"
                        + " that each acknowledged webhook is on disk (" + SQLITE_PRAGMAS + "): remove it from the URL");
            }
        }
    }

    private static boolean isSqlite(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
    }

    private static String value(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static Map<String, String> sqlitePragmas() {
        Map<String, String> pragmas = new LinkedHashMap<>();
        pragmas.put("journal_mode", "WAL");
        // in WAL mode, FULL syncs the log at every commit: committed means on disk
        pragmas.put("synchronous", "FULL");
        // every transaction takes the write lock when it begins, waiting up to busy_timeout for it,
        // rather than failing at once when two upgrade from reading at the same moment
        pragmas.put("transaction_mode", "IMMEDIATE");
        pragmas.put("busy_timeout", "10000");
        pragmas.put("foreign_keys", "true");
        return java.util.Collections.unmodifiableMap(pragmas);
    }
}
