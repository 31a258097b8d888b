package io.hookbridge.sink.sql;

import io.hookbridge.db.SqlDialect;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.FieldMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Prepares the insert-if-absent statement of the {@code sql-insert} sink (routes/sinks): maps the
 * fields of each event in the batch, writes one multi-row statement for the target database
 * (one commit for the batch), and leaves both for the {@code sql:} endpoint (statement in
 * {@code CamelSqlQuery}, the parameters of all rows in order as the body).
 *
 * <p>Reads the exchange properties {@code sqlTable}, {@code sqlKey}, {@code sqlColumns} and
 * {@code sqlDataSource} that the template sets from its parameters.
 */
public final class SqlInsertSink {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final CamelContext context;
    private final Map<String, SqlDialect> dialects = new ConcurrentHashMap<>();
    private final Map<String, PreparedInsert> inserts = new ConcurrentHashMap<>();

    public SqlInsertSink(CamelContext context) {
        this.context = context;
    }

    /**
     * One event's row as a flow inserts it: the table, the key columns, each column's value as it
     * is bound (in the mapping's order), and the statement for one row.
     */
    public record Row(String table, List<String> key, Map<String, Object> values, String statement) {
    }

    public void prepare(Exchange exchange) throws InvalidPayloadException {
        PreparedInsert insert = insert(exchange.getProperty("sqlDataSource", String.class),
                exchange.getProperty("sqlTable", String.class), exchange.getProperty("sqlKey", String.class),
                exchange.getProperty("sqlColumns", String.class));
        Message message = exchange.getMessage();
        List<?> events = message.getMandatoryBody(List.class);
        List<Object> parameters = new ArrayList<>(events.size() * insert.mapping().names().size());
        for (Object event : events) {
            parameters.addAll(insert.values((JournalEvent) event).values());
        }
        message.setHeader("CamelSqlQuery", insert.statement(events.size()));
        message.setBody(parameters);
    }

    /**
     * The row a flow with these parameters inserts for this event, values as {@link #prepare}
     * binds them; nothing is written (the data source is asked only which database it is).
     */
    public Row row(JournalEvent event, String dataSource, String table, String key, String columns) {
        PreparedInsert insert = insert(dataSource, table, key, columns);
        return new Row(insert.table(), insert.key(), insert.values(event), insert.statement(1));
    }

    private PreparedInsert insert(String dataSource, String table, String key, String columns) {
        SqlDialect dialect = dialects.computeIfAbsent(dataSource, this::dialectOf);
        return inserts.computeIfAbsent(String.join("\u0000", dataSource, table, key, columns),
                k -> PreparedInsert.of(dialect, table, key, columns));
    }

    private SqlDialect dialectOf(String dataSourceName) {
        DataSource dataSource = context.getRegistry().lookupByNameAndType(dataSourceName, DataSource.class);
        if (dataSource == null) {
            throw new IllegalArgumentException("no data source named '" + dataSourceName + "' for the sql-insert sink");
        }
        try {
            return SqlDialect.of(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach data source '" + dataSourceName + "': " + e.getMessage(), e);
        }
    }

    private record PreparedInsert(SqlDialect dialect, String table, List<String> key, FieldMapping mapping,
            Map<Integer, String> statements) {

        /** {@code keyColumns}: one column, or several separated by commas that together identify a row. */
        static PreparedInsert of(SqlDialect dialect, String table, String keyColumns, String columns) {
            checkIdentifier("table", table);
            List<String> key = keyColumns == null ? List.of() : Arrays.stream(keyColumns.split(",")).map(String::trim).toList();
            if (key.isEmpty()) {
                checkIdentifier("key", null);
            }
            key.forEach(column -> checkIdentifier("key", column));
            FieldMapping mapping = FieldMapping.parse(columns);
            for (String column : key) {
                if (!mapping.names().contains(column)) {
                    throw new IllegalArgumentException("the key column '" + column + "' of table " + table
                            + " must be one of the mapped columns " + mapping.names());
                }
            }
            return new PreparedInsert(dialect, table, key, mapping, new ConcurrentHashMap<>());
        }

        /** The statement for a batch of this many rows, written once per size. */
        String statement(int rows) {
            return statements.computeIfAbsent(rows, n -> dialect.insertIfAbsent(table, key, mapping.names(), n));
        }

        /** The event's value of each column, in the mapping's order, as the database gets it. */
        Map<String, Object> values(JournalEvent event) {
            Map<String, Object> values = new LinkedHashMap<>();
            mapping.apply(event).forEach((column, value) -> values.put(column, dialect.bindable(value)));
            return values;
        }

        private static void checkIdentifier(String what, String name) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("sql-insert " + what + " '" + name + "' is not a plain SQL name");
            }
        }
    }
}
