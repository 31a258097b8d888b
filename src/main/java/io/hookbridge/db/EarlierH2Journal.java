package io.hookbridge.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
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
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the journal of the earlier default, H2 at {@code <hookbridge.data-dir>/hookbridge.mv.db},
 * into the SQLite journal at the first start on SQLite: every event with its deliveries (pending
 * ones stay pending, dead ones dead) and attempts, and the rows of the default SQL flows' tables,
 * which lived in the same file. One transaction: it moves all or nothing. The H2 file is then
 * renamed {@code hookbridge.mv.db.moved}, so the move happens once.
 */
public final class EarlierH2Journal {

    private static final Logger LOG = LoggerFactory.getLogger(EarlierH2Journal.class);
    private static final List<String> TABLES = List.of("hookbridge_event", "hookbridge_delivery",
            "hookbridge_attempt", "systeme_events", "systeme_sales");

    private EarlierH2Journal() {
    }

    /** Moves the H2 journal in {@code dataDir}, if there is one, into {@code sqlite}; returns how many events moved. */
    public static int moveInto(Path dataDir, DataSource sqlite) {
        Path file = dataDir.resolve("hookbridge.mv.db");
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("hookbridge") + ";IFEXISTS=TRUE";
        try (Connection h2 = openH2(url); Connection target = sqlite.getConnection()) {
            if (count(target, "hookbridge_event") > 0) {
                LOG.warn("The H2 journal of the earlier default is still at {}, but the SQLite journal already"
                        + " holds events: it was left as it is", file);
                return 0;
            }
            target.setAutoCommit(false);
            Map<String, Integer> moved = new LinkedHashMap<>();
            try {
                for (String table : TABLES) {
                    if (exists(h2, table) && exists(target, table)) {
                        moved.put(table, copy(h2, target, table));
                    }
                }
                keepMessageKeys(target);
                target.commit();
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            }
            int pending = countPending(target);
            h2.close();
            Files.move(file, file.resolveSibling("hookbridge.mv.db.moved"), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Moved the H2 journal of the earlier default into SQLite: {} events ({} deliveries still to"
                    + " make), {} deliveries, {} attempts, {} systeme_events and {} systeme_sales rows; the H2 file is"
                    + " kept as {}", moved.getOrDefault("hookbridge_event", 0), pending,
                    moved.getOrDefault("hookbridge_delivery", 0), moved.getOrDefault("hookbridge_attempt", 0),
                    moved.getOrDefault("systeme_events", 0), moved.getOrDefault("systeme_sales", 0),
                    file.resolveSibling("hookbridge.mv.db.moved"));
            return moved.getOrDefault("hookbridge_event", 0);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not move the H2 journal of the earlier default (" + file
                    + ") into SQLite: " + e.getMessage() + ". Stop any other Hookbridge process using it and start"
                    + " again; to start without it, move the file out of hookbridge.data-dir", e);
        }
    }

    /**
     * The earlier journal's signed webhooks have the key of their message id as dedupe_key (see
     * db/journal/V5): kept as their message key, so that a retry of one is still recognised.
     */
    private static void keepMessageKeys(Connection target) throws SQLException {
        try (Statement update = target.createStatement()) {
            update.executeUpdate("UPDATE hookbridge_event SET message_key = dedupe_key"
                    + " WHERE source = 'systeme-signed' AND message_key IS NULL");
        }
    }

    private static Connection openH2(String url) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        return new org.h2.Driver().connect(url, credentials);
    }

    private static int copy(Connection from, Connection to, String table) throws SQLException {
        Set<String> targetColumns = columns(to, table);
        try (Statement select = from.createStatement(); ResultSet rows = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Integer> indexes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                String name = meta.getColumnName(c).toLowerCase(Locale.ROOT);
                if (targetColumns.contains(name)) {
                    indexes.add(c);
                    names.add(name);
                }
            }
            String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + Statements.placeholders(names.size()) + ")";
            int copied = 0;
            try (PreparedStatement statement = to.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 0; i < indexes.size(); i++) {
                        statement.setObject(i + 1, SqlDialect.SQLITE.bindable(rows.getObject(indexes.get(i))));
                    }
                    statement.addBatch();
                    if (++copied % 500 == 0) {
                        statement.executeBatch();
                    }
                }
                statement.executeBatch();
            }
            return copied;
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet tables = meta.getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet columns = connection.getMetaData().getColumns(null, null, table, null)) {
            while (columns.next()) {
                names.add(columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static int countPending(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT COUNT(*) FROM hookbridge_delivery WHERE status = 'pending'")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
