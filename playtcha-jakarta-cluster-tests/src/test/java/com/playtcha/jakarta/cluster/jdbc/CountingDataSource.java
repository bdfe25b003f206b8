package com.playtcha.jakarta.cluster.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A real pool that counts what goes to the database through it: each connection taken (one per
 * Bucket4j transaction), each statement prepared on one (a round trip each), and each commit or
 * rollback (a round trip each too).
 */
final class CountingDataSource extends PoolFront {

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong ends = new AtomicLong();

    CountingDataSource(DataSource pool) {
        super(pool);
    }

    long connections() {
        return connections.get();
    }

    long statements() {
        return statements.get();
    }

    /** Commits and rollbacks. */
    long ends() {
        return ends.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.incrementAndGet();
        Connection real = pool.getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") || method.getName().equals("createStatement")) {
                        statements.incrementAndGet();
                    } else if (method.getName().equals("commit") || method.getName().equals("rollback")) {
                        ends.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
