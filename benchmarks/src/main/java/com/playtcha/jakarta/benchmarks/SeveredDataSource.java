package com.playtcha.jakarta.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A database that goes away: a real pool on the benchmark's PostgreSQL until {@link #sever}, then a
 * HikariCP pool on an address where nothing listens ({@code 127.0.0.1:9}) that waits
 * {@value #POOL_WAIT_MILLIS} ms for a connection, as the docs advise, and then gives up. The ledger
 * opens its store (and creates its table) while the database is there; afterwards every connection
 * it asks for costs that wait and fails, as when the database server is stopped.
 */
final class SeveredDataSource implements DataSource, AutoCloseable {

    static final long POOL_WAIT_MILLIS = 1_000;

    private final DataSource live;
    private final HikariDataSource gone;
    private volatile DataSource current;

    SeveredDataSource(DataSource live) {
        this.live = live;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:9/ledger?connectTimeout=1");
        config.setConnectionTimeout(POOL_WAIT_MILLIS);
        config.setInitializationFailTimeout(-1); // starts without its database, as a pool does whose server is down
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        gone = new HikariDataSource(config);
        current = live;
    }

    /** From now on the database cannot be reached. */
    void sever() {
        current = gone;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return current.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return live.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        live.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        live.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return live.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return live.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }

    @Override
    public void close() {
        gone.close();
    }
}
