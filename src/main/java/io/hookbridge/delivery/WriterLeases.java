package io.hookbridge.delivery;

import static io.hookbridge.db.Statements.prepare;

import io.hookbridge.db.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single writers across bridge instances: a flow with a {@code writer} is delivered only by
 * the instance that holds that writer's lease in the journal ({@code hookbridge_writer_lease}),
 * so one Google account's appends come from one place, one call at a time, within one quota.
 *
 * <p>The holder renews its lease while it runs; when it dies, another instance takes the
 * writer over once the lease has run out. A stopping instance hands its writers back at once,
 * or when the last minute's calls have left the quota window.
 */
public final class WriterLeases {

    private static final Logger LOG = LoggerFactory.getLogger(WriterLeases.class);

    private final DataSource dataSource;
    private final String instance;
    private final Duration lease;
    private final Duration retryInterval;
    private final Clock clock;
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastTry = new ConcurrentHashMap<>();

    /**
     * @param lease         how long a lease lasts without renewal
     * @param retryInterval how often an instance that does not hold a writer tries to take it
     */
    public WriterLeases(DataSource dataSource, String instance, Duration lease, Duration retryInterval, Clock clock) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.lease = lease;
        this.retryInterval = retryInterval;
        this.clock = clock;
    }

    /** Takes or renews the leases of these writers where due; returns the writers this instance holds now. */
    public Set<String> refresh(Collection<String> writers) throws SQLException {
        Instant now = clock.instant();
        Set<String> held = new HashSet<>();
        for (String writer : writers) {
            Instant until = heldUntil.get(writer);
            boolean renewDue = until != null && Duration.between(now, until).compareTo(lease.multipliedBy(3).dividedBy(4)) < 0;
            boolean tryDue = until == null && !now.isBefore(lastTry.getOrDefault(writer, Instant.MIN).plus(retryInterval));
            if (renewDue || tryDue) {
                lastTry.put(writer, now);
                if (take(writer, now)) {
                    if (until == null) {
                        LOG.info("This instance ({}) now delivers the flows of writer '{}'", instance, writer);
                    }
                    heldUntil.put(writer, now.plus(lease));
                } else {
                    heldUntil.remove(writer);
                }
            }
            if (holds(writer)) {
                held.add(writer);
            }
        }
        return held;
    }

    /**
     * Whether this instance holds the writer's lease with half of it to spare: a call started
     * now ends (its sink's timeout being shorter than that) before another instance could take
     * the writer over. The lease is renewed once a quarter of it has passed.
     */
    public boolean holds(String writer) {
        Instant until = heldUntil.get(writer);
        return until != null && clock.instant().plus(lease.dividedBy(2)).isBefore(until);
    }

    /** Hands every held writer back (at stop): free for others from the time {@code freeFrom} gives. */
    public void releaseAll(Function<String, Instant> freeFrom) {
        for (String writer : List.copyOf(heldUntil.keySet())) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = prepare(connection, "UPDATE hookbridge_writer_lease"
                            + " SET lease_until_ms = ? WHERE name = ? AND holder = ?",
                            List.of(freeFrom.apply(writer).toEpochMilli(), writer, instance))) {
                statement.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("Could not hand back writer '{}'; another instance takes it when the lease runs out: {}", writer,
                        SqlFailures.describe(e));
            }
            heldUntil.remove(writer);
        }
    }

    private boolean take(String writer, Instant now) throws SQLException {
        long until = now.plus(lease).toEpochMilli();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = prepare(connection, "UPDATE hookbridge_writer_lease"
                    + " SET holder = ?, lease_until_ms = ? WHERE name = ? AND (holder = ? OR lease_until_ms < ?)",
                    List.of(instance, until, writer, instance, now.toEpochMilli()))) {
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement exists = prepare(connection, "SELECT 1 FROM hookbridge_writer_lease WHERE name = ?",
                    List.of(writer)); ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return false; // another instance holds the writer
                }
            }
            try (PreparedStatement insert = prepare(connection, "INSERT INTO hookbridge_writer_lease"
                    + " (name, holder, lease_until_ms) VALUES (?, ?, ?)", List.of(writer, instance, until))) {
                return insert.executeUpdate() == 1;
            } catch (SQLException e) {
                if (SqlFailures.isDuplicateKey(e)) {
                    return false; // another instance took the writer first
                }
                throw e;
            }
        }
    }
}
