package io.hookbridge.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Driver;
import java.util.Map;
import java.sql.SQLException;
import java.util.Optional;
import java.util.ServiceLoader;

/** Connection pools for the journal and the SQL sink. */
public final class DataSources {

    private DataSources() {
    }

    /**
     * A pool that gives up on a connection after {@code connectTimeoutMillis}, so that a
     * database outage turns into a quick 503 rather than a hanging request.
     */
    public static HikariDataSource pool(String name, DatabaseSettings settings, int maxSize, long connectTimeoutMillis) {
        return pool(name, settings, maxSize, connectTimeoutMillis, Map.of());
    }

    /** The same, with connection properties for the driver (such as SQLite's pragmas). */
    public static HikariDataSource pool(String name, DatabaseSettings settings, int maxSize, long connectTimeoutMillis,
            Map<String, String> driverProperties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.url());
        driverClassFor(settings.url()).ifPresent(config::setDriverClassName);
        if (!settings.username().isEmpty()) {
            config.setUsername(settings.username());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        driverProperties.forEach(config::addDataSourceProperty);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectTimeoutMillis);
        config.setValidationTimeout(Math.min(connectTimeoutMillis, 1000));
        config.setInitializationFailTimeout(connectTimeoutMillis);
        config.setExceptionOverrideClassName(EvictBrokenH2Connections.class.getName());
        return new HikariDataSource(config);
    }

    /**
     * The JDBC driver that takes the URL, among the drivers this class sees. Left to itself the
     * pool asks DriverManager, which offers only the drivers of its caller's class loader: under
     * {@code camel run} the bridge and its drivers come in a class loader of their own.
     */
    private static Optional<String> driverClassFor(String url) {
        for (Driver driver : ServiceLoader.load(Driver.class, DataSources.class.getClassLoader())) {
            try {
                if (driver.acceptsURL(url)) {
                    return Optional.of(driver.getClass().getName());
                }
            } catch (SQLException e) {
                // a driver that cannot judge the URL does not take it
            }
        }
        return Optional.empty();
    }
}
