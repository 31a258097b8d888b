package io.hookbridge.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Makes the pool drop an H2 connection whose server went away. H2 reports that with its own
 * error codes rather than a connection SQL state (08...), which the pool would otherwise keep.
 */
public final class EvictBrokenH2Connections implements SQLExceptionOverride {

    private static final int CONNECTION_BROKEN = 90067;
    private static final int DATABASE_CLOSED = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        int code = e.getErrorCode();
        return code == CONNECTION_BROKEN || code == DATABASE_CLOSED ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
