package com.playtcha.jakarta.cluster.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The application's {@code DataSource} as the cluster's counts, budgets and ledger use it: each connection they
 * take carries a network timeout ({@link Connection#setNetworkTimeout}), so no call of theirs waits for
 * a database that went away under its connection for longer than that, and {@link #abortAll}, when the node
 * closes, aborts the connections with a call under way and refuses the next call on those it holds between calls.
 *
 * <p>Why: a database host that vanishes under its connections (a container or VM stopped, a network
 * cut, a failover to another address) closes nothing, and a driver with no socket timeout (pgjdbc's
 * default) then waits on a read for good; an interrupt does not end a socket read, so the calls' threads
 * stayed stuck, every later call waited in line behind them, and the counts were never shared again
 * (design/cluster.md, "StoreCalls"). The timeout given back when a connection closes is the one it had,
 * since pools other than HikariCP do not reset it, and the application's own statements on that pooled
 * connection must not inherit it.
 *
 * <p>Only a connection whose call is under way is aborted, and never while its holder hands it back: one held
 * between two calls (a transaction's statements, the moment before its {@code close}) goes back to the pool as it
 * is, its next call refused here without reaching it. A connection aborted and then handed back without a call that
 * fails on it looks sound to a pool (a driver without network timeouts, or an abort that lands inside the pool's
 * {@code close}), and HikariCP lends a connection handed back within half a second without checking it: the next
 * borrower, on this node or on the next one started on the same {@code DataSource} (a redeploy), got "This
 * connection has been closed", a failed deployment check among them. The calls are counted on the connection and on
 * the statements it makes; a result set's reads are not, since the stores read rows fetched whole with their
 * statement.
 *
 * <p>A {@link Proxy}, since JDBC has no delegating {@code Connection} or {@code Statement} of its own and only
 * the counting and {@code close} differ.
 */
public final class TimedDataSource implements DataSource {

    /** An executor for {@link Connection#setNetworkTimeout} and {@link Connection#abort}: the driver's work, done at once. */
    private static final Executor AT_ONCE = Runnable::run;

    /** The timeout kept for a connection whose driver has none to set: nothing to give back. */
    private static final int UNTIMED = -1;

    private final DataSource db;
    private final int millis;
    private final Set<Lent> inUse = ConcurrentHashMap.newKeySet();

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
            before = UNTIMED; // a driver without network timeouts: the connection as it is, its call under way still aborted at close
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        int given = before;
        Lent lent = new Lent(c);
        Connection[] self = new Connection[1];
        InvocationHandler calls = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return identity(proxy, c, method, args);
            }
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                lent.handing.lock(); // not while abortAll aborts it: the pool would take back a connection aborted under its close
                try {
                    inUse.remove(lent);
                    restore(c, given);
                    return Lent.direct(c, method, args);
                } finally {
                    lent.handing.unlock();
                }
            }
            if (method.getName().equals("isClosed")) {
                return Lent.direct(c, method, args);
            }
            Object answer = lent.call(c, method, args);
            return answer instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())
                    ? counted(lent, self[0], statement, method.getReturnType())
                    : answer;
        };
        self[0] = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, calls);
        inUse.add(lent);
        return self[0];
    }

    /** {@code statement}, its calls counted on {@code lent}; its {@code getConnection} is the counted connection. */
    private static Object counted(Lent lent, Connection connection, Statement statement, Class<?> type) {
        InvocationHandler calls = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return identity(proxy, statement, method, args);
            }
            return switch (method.getName()) {
                case "close", "isClosed" -> Lent.direct(statement, method, args);
                case "getConnection" -> connection;
                default -> lent.call(statement, method, args);
            };
        };
        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {type}, calls);
    }

    /** A proxy's {@code equals} and {@code hashCode} its own; its {@code toString} the driver's object's. */
    private static Object identity(Object proxy, Object target, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> target.toString();
        };
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

    /**
     * Aborts the connections with a call under way (those calls end at once, with an error) and returns how many;
     * the next call on any other connection still held is refused with an {@link SQLNonTransientConnectionException}.
     * Never throws.
     */
    public int abortAll() {
        int aborted = 0;
        for (Lent lent : inUse) {
            if (!lent.handing.tryLock()) {
                continue; // its holder is handing it back: no call of ours under way
            }
            try {
                if (inUse.remove(lent) && lent.close()) {
                    aborted++;
                    lent.connection.abort(AT_ONCE);
                }
            } catch (SQLException | RuntimeException e) {
                // a driver that cannot: its network timeout ends the call
            } finally {
                lent.handing.unlock();
            }
        }
        return aborted;
    }

    /**
     * A connection lent to a store: its calls under way, and whether the node closed under it, in one word, so that a
     * call either began before the close (and is aborted) or is refused.
     */
    private static final class Lent {

        private static final int CLOSED = 1 << 30;

        final Connection connection;
        /** Held while the connection goes back to its pool, and while {@link #abortAll} looks at it. */
        final ReentrantLock handing = new ReentrantLock();
        private final AtomicInteger state = new AtomicInteger();

        Lent(Connection connection) {
            this.connection = connection;
        }

        Object call(Object target, Method method, Object[] args) throws Throwable {
            int s;
            do {
                s = state.get();
                if ((s & CLOSED) != 0) {
                    throw new SQLNonTransientConnectionException("The Playtcha store using this connection closed; its "
                            + method.getName() + " was not made", "08003");
                }
            } while (!state.compareAndSet(s, s + 1));
            try {
                return direct(target, method, args);
            } finally {
                state.decrementAndGet();
            }
        }

        /** Whether a call was under way as it closed. */
        boolean close() {
            return (state.getAndUpdate(s -> s | CLOSED) & ~CLOSED) > 0;
        }

        static Object direct(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
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
