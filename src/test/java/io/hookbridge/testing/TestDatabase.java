package io.hookbridge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test: an SQLite file (the embedded journal) or an H2 file
 * (an SQL sink of a user's) in a temporary folder, or a new schema on
 * the PostgreSQL / a new database on the MariaDB of this machine (dropped again on close).
 *
 * <p>PostgreSQL and MariaDB are found at 127.0.0.1 by default, or where
 * {@code HOOKBRIDGE_TEST_POSTGRES_URL} / {@code HOOKBRIDGE_TEST_MARIADB_URL} point. When one is
 * unreachable its tests are skipped, except under CI (environment {@code CI=true}), where they fail.
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind { SQLITE, H2, POSTGRESQL, MARIADB }

    private final Kind kind;
    private final String url;
    private final String username;
    private final String password;
    private final Runnable drop;

    private TestDatabase(Kind kind, String url, String username, String password, Runnable drop) {
        this.kind = kind;
        this.url = url;
        this.username = username;
        this.password = password;
        this.drop = drop;
    }

    public static TestDatabase create(Kind kind) {
        return switch (kind) {
            case SQLITE -> embedded();
            case H2 -> h2();
            case POSTGRESQL -> postgres();
            case MARIADB -> mariadb();
        };
    }

    /** The embedded journal's kind of database: an SQLite file in a temporary folder. */
    public static TestDatabase embedded() {
        try {
            Path folder = Files.createTempDirectory("hookbridge-sqlite-");
            return new TestDatabase(Kind.SQLITE, "jdbc:sqlite:" + folder.resolve("journal.db"), "", "", () -> { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An H2 file, which may be an SQL sink but never the journal. */
    public static TestDatabase h2() {
        try {
            Path folder = Files.createTempDirectory("hookbridge-h2-");
            String url = "jdbc:h2:file:" + folder.resolve("journal") + ";WRITE_DELAY=0";
            // a password, so that the secret scan of the logs covers the database password too
            return new TestDatabase(Kind.H2, url, "sa", TestSecrets.DATABASE_PASSWORD, () -> { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestDatabase postgres() {
        String server = env("HOOKBRIDGE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = env("HOOKBRIDGE_TEST_POSTGRES_USER", "postgres");
        String password = env("HOOKBRIDGE_TEST_POSTGRES_PASSWORD", "");
        String schema = "hb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("PostgreSQL", "HOOKBRIDGE_TEST_POSTGRES_URL", server, user, password, "CREATE SCHEMA " + schema);
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(Kind.POSTGRESQL, url, user, password, () -> execute("PostgreSQL",
                "HOOKBRIDGE_TEST_POSTGRES_URL", server, user, password, "DROP SCHEMA " + schema + " CASCADE"));
    }

    public static TestDatabase mariadb() {
        String server = env("HOOKBRIDGE_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
        String user = env("HOOKBRIDGE_TEST_MARIADB_USER", "root");
        String password = env("HOOKBRIDGE_TEST_MARIADB_PASSWORD", "");
        String database = "hb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("MariaDB", "HOOKBRIDGE_TEST_MARIADB_URL", server, user, password,
                "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        String url = server.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        return new TestDatabase(Kind.MARIADB, url, user, password, () -> execute("MariaDB",
                "HOOKBRIDGE_TEST_MARIADB_URL", server, user, password, "DROP DATABASE " + database));
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Rows of a query, each a map from lower-case column label to value. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c).toLowerCase(Locale.ROOT), value(rows, meta, c));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * A column's value; SQLite, which stores every integer alike, gives a Long where the other
     * databases would (a BIGINT column, a COUNT), so that one assertion serves them all.
     */
    private Object value(ResultSet rows, ResultSetMetaData meta, int column) throws SQLException {
        Object value = rows.getObject(column);
        if (kind == Kind.SQLITE && value instanceof Integer small) {
            String declared = meta.getColumnTypeName(column);
            // an INT column stays an Integer, as elsewhere; SQLite names a COUNT's type INTEGER
            return "INT".equalsIgnoreCase(declared) ? value : Long.valueOf(small);
        }
        return value;
    }

    public long count(String table) {
        Object value = rows("SELECT COUNT(*) AS n FROM " + table).get(0).get("n");
        return ((Number) value).longValue();
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Reads a database given by URL, such as a sink on an H2 server the test runs. */
    public static Reader reader(String url, String username, String password) {
        Kind kind = url.startsWith("jdbc:sqlite:") ? Kind.SQLITE : url.startsWith("jdbc:h2:") ? Kind.H2
                : url.startsWith("jdbc:postgresql:") ? Kind.POSTGRESQL : Kind.MARIADB;
        return new Reader(new TestDatabase(kind, url, username, password, () -> { }));
    }

    /** The port of this PostgreSQL or MariaDB database's server. */
    public int port() {
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
        if (!port.find()) {
            throw new IllegalStateException("no port in " + url);
        }
        return Integer.parseInt(port.group(1));
    }

    /** A pool on this database made as the bridge makes its journal's (on SQLite: with its pragmas). */
    public com.zaxxer.hikari.HikariDataSource journalPool(int size) {
        io.hookbridge.db.DatabaseSettings settings = new io.hookbridge.db.DatabaseSettings("hookbridge.db", url,
                username, password);
        return io.hookbridge.db.DataSources.pool("test-journal", settings, size, 5000,
                io.hookbridge.db.JournalDurability.connectionProperties(settings));
    }

    /** This PostgreSQL or MariaDB database's URL with another port, such as a proxy's in front of its server. */
    public String urlOnPort(int port) {
        return url.replaceFirst("//([^/:]+):\\d+/", "//$1:" + port + "/");
    }

    /** Read access to a database the test does not own. */
    public record Reader(TestDatabase db) implements AutoCloseable {
        public long count(String table) {
            return db.count(table);
        }

        public long countWhere(String table, String condition) {
            return ((Number) db.rows("SELECT COUNT(*) AS n FROM " + table + " WHERE " + condition).get(0).get("n"))
                    .longValue();
        }

        @Override
        public void close() {
        }
    }

    public Connection connect() throws SQLException {
        if (kind == Kind.SQLITE) {
            // beside the bridge's own connections: wait for its write lock rather than fail at once
            java.util.Properties properties = new java.util.Properties();
            properties.setProperty("busy_timeout", "10000");
            return DriverManager.getConnection(url, properties);
        }
        return DriverManager.getConnection(url, username, password);
    }

    @Override
    public void close() {
        drop.run();
    }

    @Override
    public String toString() {
        return kind.toString();
    }

    private static void execute(String name, String setting, String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            String message = name + " is not reachable at " + url + " (" + e.getMessage() + "). Start it, or set "
                    + setting + " (and _USER, _PASSWORD) to one that is.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
