package io.hookbridge.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Creates and upgrades a schema with Flyway, from the scripts for the database in use. */
public final class SchemaMigrations {

    private SchemaMigrations() {
    }

    /**
     * Runs the scripts under {@code classpath:db/<set>/} (or the database's own set) with the column types of the database in
     * use as placeholders, recording them in {@code historyTable} so that the journal and a sink
     * can share one database.
     */
    public static MigrateResult migrate(DataSource dataSource, SqlDialect dialect, String set, String historyTable) {
        // the scripts and Flyway's database support sit next to this class, which under camel run
        // is not the thread's context class loader that Flyway would search by default
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/" + dialect.scripts(set))
                .placeholders(dialect.columnTypes())
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
