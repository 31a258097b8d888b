package io.hookbridge.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Connection pools for the journal and the SQL sink. */
public final class DataSources {

    private DataSources() {
    }

    /**
     * A pool that gives up on a connection after {@code connectTimeoutMillis}, so that a
     * database outage turns into a quick 503 rather than a hanging request.
     */
    public static HikariDataSource pool(String name, DatabaseSettings settings, int maxSize, long connectTimeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.url());
        if (!settings.username().isEmpty()) {
            config.setUsername(settings.username());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectTimeoutMillis);
        config.setValidationTimeout(Math.min(connectTimeoutMillis, 1000));
        config.setInitializationFailTimeout(connectTimeoutMillis);
        config.setExceptionOverrideClassName(EvictBrokenH2Connections.class.getName());
        return new HikariDataSource(config);
    }
}
