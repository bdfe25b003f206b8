package com.playtcha.jakarta.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The database's round trips, counted where they leave the JVM: a {@link DataSource} for a pool to
 * open its physical connections from (HikariCP's {@code setDataSource}), which counts every request
 * those connections send and wait for. Under the pool, not over it, so the pool's own checks count
 * too ({@code isValid} when it lends a connection that sat idle, its keep-alives), as the database
 * sees them.
 *
 * <p>A round trip here is one statement executed ({@code execute*}, a batch counting once, as the
 * PostgreSQL driver sends it in one exchange), one {@code commit} or {@code rollback}, or one
 * {@code isValid}. Opening a connection is counted apart ({@link #connectionsOpened}). Fetching more
 * rows of a large result and the driver's implicit {@code BEGIN} (sent with the transaction's first
 * statement) add none: the stores of issue 38 read one row at a time. So the count is what the node
 * waited for, give or take a commit the driver skips when no transaction is open (then it is one too
 * many, never one too few).
 */
final class CountingDataSource implements DataSource {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    private static final Set<String> CONNECTION_ROUND_TRIPS = Set.of("commit", "rollback", "isValid");

    private final DataSource driver;
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();

    /** @param driver the driver's own DataSource (no pool), which opens each physical connection */
    CountingDataSource(DataSource driver) {
        this.driver = driver;
    }

    /** Round trips so far, every connection's. */
    long roundTrips() {
        return roundTrips.sum();
    }

    /** Physical connections opened so far. */
    long connectionsOpened() {
        return connectionsOpened.sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(driver.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(driver.getConnection(username, password));
    }

    private Connection counted(Connection connection) {
        connectionsOpened.increment();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Counter(connection, CONNECTION_ROUND_TRIPS, true));
    }

    /** Passes every call on; counts those in {@code counted}; wraps the statements a connection creates. */
    private final class Counter implements InvocationHandler {
        private final Object target;
        private final Set<String> counted;
        private final boolean connection;

        Counter(Object target, Set<String> counted, boolean connection) {
            this.target = target;
            this.counted = counted;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (counted.contains(method.getName())) {
                roundTrips.increment();
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (connection && result instanceof Statement statement) {
                Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                        : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Counter(statement, EXECUTES, false));
            }
            return result;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
