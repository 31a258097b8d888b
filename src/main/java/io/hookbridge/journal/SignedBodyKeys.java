package io.hookbridge.journal;

import io.hookbridge.db.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the signed events journaled before journal version 5 the key of their body, so that a
 * capture of one replayed under a new message id is a repeat like any other signed body. Their
 * old key, that of their message id, stays their message key (version 5 put it there). Where two
 * old events share one body, the earlier keeps it.
 */
public final class SignedBodyKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SignedBodyKeys.class);
    private static final String SIGNED = "systeme-signed";

    private SignedBodyKeys() {
    }

    /** Runs at start; returns how many events got their body's key. */
    public static int backfill(DataSource dataSource) throws SQLException {
        record Rekey(String id, byte[] key) {
        }
        List<Rekey> rekeys = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, dedupe_key, body FROM hookbridge_event"
                        + " WHERE source = ? AND message_key = dedupe_key ORDER BY received_at_ms, id")) {
            select.setString(1, SIGNED);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] bodyKey = DedupeKeys.bytes(DedupeKeys.ofBody(SIGNED, rows.getBytes(3)));
                    if (!java.util.Arrays.equals(bodyKey, rows.getBytes(2))) {
                        rekeys.add(new Rekey(rows.getString(1), bodyKey));
                    }
                }
            }
        }
        int done = 0;
        for (Rekey rekey : rekeys) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement(
                            "UPDATE hookbridge_event SET dedupe_key = ? WHERE id = ?")) {
                update.setBytes(1, rekey.key());
                update.setString(2, rekey.id());
                done += update.executeUpdate();
            } catch (SQLException e) {
                if (!SqlFailures.isDuplicateKey(e)) {
                    throw e;
                }
                // an earlier event has this body: it is the one a replay is recognised as
            }
        }
        if (done > 0) {
            LOG.info("Gave {} signed events journaled before this version the key of their body: a replay of one"
                    + " under a new message id is recognised as a repeat", done);
        }
        return done;
    }
}
