package io.hookbridge.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Collections;
import javax.sql.DataSource;

/** The databases the bridge supports, and the SQL that differs between them. */
public enum SqlDialect {
    H2("h2") {
        @Override
        public String insertIfAbsent(String table, String key, List<String> columns, int rows) {
            String names = String.join(", ", columns);
            return "INSERT INTO " + table + " (" + names + ") SELECT * FROM (VALUES " + rows(columns.size(), rows)
                    + ") v(" + names + ") WHERE NOT EXISTS (SELECT 1 FROM " + table + " t WHERE t." + key + " = v." + key
                    + ")";
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        public String insertIfAbsent(String table, String key, List<String> columns, int rows) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES " + rows(columns.size(), rows)
                    + " ON CONFLICT (" + key + ") DO NOTHING";
        }
    },
    MARIADB("mariadb") {
        @Override
        public String insertIfAbsent(String table, String key, List<String> columns, int rows) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES " + rows(columns.size(), rows)
                    + " ON DUPLICATE KEY UPDATE " + key + " = " + key;
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
     * One INSERT of {@code rows} rows that leaves alone any row whose key already exists (on H2
     * and MariaDB/MySQL: also within one statement, a key given twice is inserted once or fails).
     * Its parameters are the columns of the first row, then of the second, and so on: one
     * statement, so one commit, for a whole batch.
     */
    public abstract String insertIfAbsent(String table, String key, List<String> columns, int rows);

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

    private static String rows(int columns, int rows) {
        String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", Collections.nCopies(rows, row));
    }
}
