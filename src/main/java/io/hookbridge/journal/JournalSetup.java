package io.hookbridge.journal;

import com.zaxxer.hikari.HikariDataSource;
import io.hookbridge.Settings;
import io.hookbridge.db.DataSources;
import io.hookbridge.db.DatabaseSettings;
import io.hookbridge.db.EarlierH2Journal;
import io.hookbridge.db.EmbeddedJournalLock;
import io.hookbridge.db.JournalDurability;
import io.hookbridge.db.SchemaMigrations;
import io.hookbridge.db.SqlDialect;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal and the SQL sink's database, from {@code hookbridge.db.*} and {@code hookbridge.sql.*}
 * (the journal's database while {@code hookbridge.sql.url} is unset). Their settings are checked
 * before anything opens ({@link #read}); {@link #open} then opens both pools, checks that the
 * journal is durable, locks an embedded journal to this process, migrates both schemas and moves
 * an earlier H2 journal in, and closes the pools when the bridge stops. Then come the journal's
 * writer and commit ({@link #writer}) and, with the other services, the writer and the purge
 * ({@link #addServices}).
 */
public final class JournalSetup {

    private static final Logger LOG = LoggerFactory.getLogger(JournalSetup.class);
    private static final int JOURNAL_BATCH = 256;
    private static final int JOURNAL_QUEUE = 10_000;
    private static final long CONNECT_TIMEOUT_MILLIS = 2_000;

    /**
     * The open databases: the journal and the SQL sink's (the same pool when it is the journal's
     * database), with their dialects.
     *
     * @param embeddedFolder the folder of the embedded journal (SQLite), whose free space is
     *     watched; null when the journal is on a database server
     */
    public record Databases(HikariDataSource journal, SqlDialect journalDialect, HikariDataSource sink,
            SqlDialect sinkDialect, Path embeddedFolder) {

        /** Whether the journal is the embedded one: this process's alone ({@link EmbeddedJournalLock}). */
        public boolean embedded() {
            return embeddedFolder != null;
        }
    }

    private final DatabaseSettings journalDb;
    private final DatabaseSettings sinkDb;
    /** What {@link #open} has opened so far, for {@link #closeAfterFailedStart}. */
    private HikariDataSource journal;
    private EmbeddedJournalLock journalLock;
    private Databases databases;

    private JournalSetup(DatabaseSettings journalDb, DatabaseSettings sinkDb) {
        this.journalDb = journalDb;
        this.sinkDb = sinkDb;
    }

    /** The settings of both databases, checked (the journal's must be set, and durable); nothing opens yet. */
    public static JournalSetup read(Settings settings) {
        DatabaseSettings journalDb = JournalDurability.check(database(settings, "hookbridge.db", null));
        return new JournalSetup(journalDb, database(settings, "hookbridge.sql", journalDb));
    }

    /**
     * Opens the databases, made ready for the bridge, and binds them as journalDataSource and
     * sinkDataSource; they close when the bridge stops. A start that fails after this closes the
     * journal with {@link #closeAfterFailedStart}.
     */
    public Databases open(CamelContext context, Settings settings) throws Exception {
        Path embeddedJournal = JournalDurability.sqliteFile(journalDb.url());
        if (embeddedJournal != null) {
            JournalDurability.createFolder(embeddedJournal, "hookbridge.db.url");
        }
        HikariDataSource journal = open("journal", journalDb, 10, JournalDurability.connectionProperties(journalDb));
        this.journal = journal;
        SqlDialect journalDialect = SqlDialect.of(journal);
        JournalDurability.verify(journal, journalDialect, "hookbridge.db.url");
        if (embeddedJournal != null) {
            // the file SQLite opened, whatever path or URL form led to it: one lock per journal
            journalLock = EmbeddedJournalLock.acquire(JournalDurability.openedFile(journal), "hookbridge.db.url");
            EmbeddedJournalLock lock = journalLock;
            closeOnStop(context, () -> {
                try {
                    journal.close();
                } finally {
                    lock.close();
                }
            });
        } else {
            closeOnStop(context, journal);
        }
        SchemaMigrations.migrate(journal, journalDialect, "journal", "hookbridge_schema_history");

        HikariDataSource sink = sinkDb == journalDb ? journal : open("sql-sink", sinkDb, 5, Map.of());
        if (sink != journal) {
            closeOnStop(context, sink);
        }
        SqlDialect sinkDialect = SqlDialect.of(sink);
        SchemaMigrations.migrate(sink, sinkDialect, "sink", "hookbridge_sink_schema_history");
        Path dataDir = Path.of(settings.text("hookbridge.data-dir", "./data")).toAbsolutePath().normalize();
        if (embeddedJournal != null && embeddedJournal.getParent().equals(dataDir)) {
            EarlierH2Journal.moveInto(dataDir, journal);
        }
        SignedBodyKeys.backfill(journal);

        Registry registry = context.getRegistry();
        registry.bind("journalDataSource", DataSource.class, journal);
        registry.bind("sinkDataSource", DataSource.class, sink);
        databases = new Databases(journal, journalDialect, sink, sinkDialect,
                embeddedJournal == null ? null : embeddedJournal.getParent());
        return databases;
    }

    /** The journal's writer, whose group commits call {@code committed} (to wake the delivery worker). */
    public JournalWriter writer(Clock clock, Runnable committed) {
        return new JournalWriter(databases.journal(), new EventIds(clock), JOURNAL_BATCH, JOURNAL_QUEUE, committed);
    }

    /** The writer, and the purge of old events (hookbridge.journal.*), started and stopped with the bridge. */
    public void addServices(CamelContext context, Settings settings, JournalWriter writer, Clock clock)
            throws Exception {
        context.addService(writer, true, true);
        context.addService(new JournalPurge(databases.journal(), databases.journalDialect(), clock,
                settings.duration("hookbridge.journal.retention", "30d"),
                settings.duration("hookbridge.journal.purge-interval", "10m")), true, true);
    }

    /** Says at start which databases hold the journal and the SQL sink's tables. */
    public void logDatabases() {
        LOG.info("Journal: {} ({}); SQL sink: {}", journalDb.safeUrl(), databases.journalDialect(),
                databases.sink() == databases.journal() ? "the journal database"
                        : sinkDb.safeUrl() + " (" + databases.sinkDialect() + ")");
    }

    /** A start that fails leaves the journal to the next one: closes it, and its lock, if {@link #open} got that far. */
    public void closeAfterFailedStart() throws IOException {
        if (journal != null) {
            journal.close();
            if (journalLock != null) {
                journalLock.close();
            }
        }
    }

    private static DatabaseSettings database(Settings settings, String prefix, DatabaseSettings fallback) {
        String url = settings.text(prefix + ".url", "");
        if (url.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException(prefix + ".url is not set: give a JDBC URL for the journal database");
            }
            return fallback;
        }
        return new DatabaseSettings(prefix, url, settings.text(prefix + ".username", ""),
                settings.text(prefix + ".password", ""));
    }

    private static HikariDataSource open(String name, DatabaseSettings db, int poolSize,
            Map<String, String> driverProperties) {
        try {
            return DataSources.pool(name, db, poolSize, CONNECT_TIMEOUT_MILLIS, driverProperties);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the " + name + " database at " + db.safeUrl() + ": "
                    + rootMessage(e) + " (check " + db.settingPrefix() + ".url, .username and .password)", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        }, true, true);
    }
}
