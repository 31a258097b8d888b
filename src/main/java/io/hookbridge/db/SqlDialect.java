package io.hookbridge.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The databases the bridge supports, and the SQL that differs between them. */
public enum SqlDialect {
    H2("h2") {
        @Override
        public String insertIfAbsent(String table, String key, List<String> columns) {
            return "MERGE INTO " + table + " USING (SELECT CAST(? AS VARCHAR(255)) AS k) s ON " + table + "." + key
                    + " = s.k WHEN NOT MATCHED THEN INSERT (" + String.join(", ", columns) + ") VALUES ("
                    + placeholders(columns.size()) + ")";
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        public String insertIfAbsent(String table, String key, List<String> columns) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders(columns.size())
                    + ") ON CONFLICT (" + key + ") DO NOTHING";
        }
    },
    MARIADB("mariadb") {
        @Override
        public String insertIfAbsent(String table, String key, List<String> columns) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders(columns.size())
                    + ") ON DUPLICATE KEY UPDATE " + key + " = " + key;
        }
    };

    private final String folder;

    SqlDialect(String folder) {
        this.folder = folder;
    }

    /** The folder name that holds this database's migration scripts. */
    public String folder() {
        return folder;
    }

    /**
     * An INSERT that leaves an existing row with the same key alone. Its parameters are the
     * columns in order; on H2 the key value comes first, once more.
     */
    public abstract String insertIfAbsent(String table, String key, List<String> columns);

    /** Whether {@link #insertIfAbsent} takes the key value as an extra first parameter. */
    public boolean keyBoundFirst() {
        return this == H2;
    }

    public static SqlDialect of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection.getMetaData().getDatabaseProductName());
        }
    }

    static SqlDialect of(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("database '" + productName
                + "' is not supported: use H2, PostgreSQL, MariaDB or MySQL");
    }

    private static String placeholders(int count) {
        return java.util.stream.Stream.generate(() -> "?").limit(count).collect(Collectors.joining(", "));
    }
}
