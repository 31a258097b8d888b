package io.hookbridge.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A JDBC driver for URLs {@code jdbc:faulty:<a real JDBC URL>}: connections of the real
 * database, except that preparing a statement whose SQL contains a text the test named throws
 * what the test chose, such as an {@link Error} that no {@code catch (Exception e)} stops.
 */
public final class FaultyJdbcDriver implements Driver {

    public static final String PREFIX = "jdbc:faulty:";
    private static final Map<String, Supplier<? extends Throwable>> FAULTS = new ConcurrentHashMap<>();

    /** From now on, preparing any statement whose SQL contains {@code sqlPart} throws {@code fault}. */
    public static void failWhenPreparing(String sqlPart, Supplier<? extends Throwable> fault) {
        FAULTS.put(sqlPart, fault);
    }

    public static void clear() {
        FAULTS.clear();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection(url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(FaultyJdbcDriver.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        for (Map.Entry<String, Supplier<? extends Throwable>> fault : FAULTS.entrySet()) {
                            if (sql.contains(fault.getKey())) {
                                throw fault.getValue().get();
                            }
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
