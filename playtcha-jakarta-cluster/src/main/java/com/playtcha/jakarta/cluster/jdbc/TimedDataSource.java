package com.playtcha.jakarta.cluster.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The application's {@code DataSource} as the cluster's counts, budgets and ledger use it: each connection they
 * take carries a network timeout ({@link Connection#setNetworkTimeout}), so no call of theirs waits for
 * a database that went away under its connection for longer than that, and {@link #abortAll} aborts the
 * connections still in use when the node closes.
 *
 * <p>Why: a database host that vanishes under its connections (a container or VM stopped, a network
 * cut, a failover to another address) closes nothing, and a driver with no socket timeout (pgjdbc's
 * default) then waits on a read for good; an interrupt does not end a socket read, so the calls' threads
 * stayed stuck, every later call waited in line behind them, and the counts were never shared again
 * (design/cluster.md, "StoreCalls"). The timeout given back when a connection closes is the one it had,
 * since pools other than HikariCP do not reset it, and the application's own statements on that pooled
 * connection must not inherit it. A {@link Proxy}, since JDBC has no delegating {@code Connection} of
 * its own and only {@code close} differs.
 */
public final class TimedDataSource implements DataSource {

    /** An executor for {@link Connection#setNetworkTimeout} and {@link Connection#abort}: the driver's work, done at once. */
    private static final Executor AT_ONCE = Runnable::run;

    /** The timeout kept for a connection whose driver has none to set: nothing to give back. */
    private static final int UNTIMED = -1;

    private final DataSource db;
    private final int millis;
    private final Set<Connection> inUse = ConcurrentHashMap.newKeySet();

    /** {@code db}'s connections, each call on them cut after {@code timeout}. */
    public TimedDataSource(DataSource db, Duration timeout) {
        this.db = db;
        this.millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    /** The application's {@code DataSource}, for what may wait longer: the schema's creation under its lock. */
    DataSource untimed() {
        return db;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return timed(db.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return timed(db.getConnection(username, password));
    }

    private Connection timed(Connection c) throws SQLException {
        int before;
        try {
            before = c.getNetworkTimeout();
            c.setNetworkTimeout(AT_ONCE, millis);
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException | AbstractMethodError e) {
            before = UNTIMED; // a driver without network timeouts: the connection as it is, aborted at close all the same
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        int given = before;
        Connection[] self = new Connection[1];
        InvocationHandler calls = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class && !method.getName().equals("toString")) {
                return method.getName().equals("equals") ? proxy == args[0] : (Object) System.identityHashCode(proxy);
            }
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                inUse.remove(self[0]);
                restore(c, given);
            }
            try {
                return method.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        self[0] = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, calls);
        inUse.add(self[0]);
        return self[0];
    }

    /** Gives the pooled connection its own timeout back; one that is broken has none to keep. */
    private static void restore(Connection c, int before) {
        try {
            if (before != UNTIMED && !c.isClosed()) {
                c.setNetworkTimeout(AT_ONCE, before);
            }
        } catch (SQLException | RuntimeException broken) {
            // the pool finds it broken and drops it
        }
    }

    /** Aborts the connections still in use (their calls end at once, with an error) and returns how many; never throws. */
    public int abortAll() {
        int aborted = 0;
        for (Connection c : inUse) {
            if (!inUse.remove(c)) {
                continue; // closed meanwhile
            }
            aborted++;
            try {
                c.abort(AT_ONCE);
            } catch (SQLException | RuntimeException e) {
                // closed meanwhile, or a driver that cannot: its network timeout ends it
            }
        }
        return aborted;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return db.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        db.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        db.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return db.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return db.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : db.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || db.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return db.toString();
    }
}
