package io.hookbridge.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Connection pools for the journal and the SQL sink. Every pool keeps the statements' bound
 * values (webhook bodies, customer data) out of the drivers' exception messages, whatever the
 * address says: PostgreSQL's {@code logServerErrorDetail} (on by default: the values of a failed
 * batch entry and the server's detail, such as the failing row) and MariaDB's
 * {@code dumpQueriesOnException} are set to false. SQLite and H2 have no such option.
 */
public final class DataSources {

    /** Driver options forced on every connection, by the URL prefix they apply to. */
    private static final Map<String, Map<String, String>> SAFE_OPTIONS = Map.of(
            "jdbc:postgresql:", Map.of("logServerErrorDetail", "false"),
            "jdbc:mariadb:", Map.of("dumpQueriesOnException", "false"),
            "jdbc:mysql:", Map.of("dumpQueriesOnException", "false"));

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
        config.setJdbcUrl(withSafeOptions(settings.url()));
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
     * The URL with the options that keep bound values out of exception messages, replacing any
     * value the URL gives them: set in the URL itself, so that no parameter of the address the
     * operator wrote can turn them back on.
     */
    static String withSafeOptions(String url) {
        Map<String, String> forced = null;
        for (Map.Entry<String, Map<String, String>> entry : SAFE_OPTIONS.entrySet()) {
            if (url.regionMatches(true, 0, entry.getKey(), 0, entry.getKey().length())) {
                forced = entry.getValue();
            }
        }
        if (forced == null) {
            return url;
        }
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        List<String> parameters = new ArrayList<>();
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                String name = parameter.split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
                boolean replaced = forced.keySet().stream().anyMatch(key -> key.toLowerCase(Locale.ROOT).equals(name));
                if (!parameter.isEmpty() && !replaced) {
                    parameters.add(parameter);
                }
            }
        }
        new LinkedHashMap<>(forced).forEach((key, value) -> parameters.add(key + "=" + value));
        return base + "?" + String.join("&", parameters);
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
