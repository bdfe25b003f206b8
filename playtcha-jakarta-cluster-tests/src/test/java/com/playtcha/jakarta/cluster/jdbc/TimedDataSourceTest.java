package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a store's close does to the connections it holds ({@link TimedDataSource#abortAll}), on HikariCP with one
 * connection, as an application's pool: a call under way ends at once; a connection held between calls is not
 * aborted, its next call is refused without reaching it, and the pool lends it again sound. Before, every held
 * connection was aborted, and one handed back without a further call was lent again closed ("This connection has been
 * closed"): to the next node started on the same pool, whose deployment check then failed.
 */
class TimedDataSourceTest {

    /** A statement that runs until it is ended: what a database that stopped answering looks like from its client. */
    private static final String FOR_GOOD = "SELECT pg_sleep(600)";

    private String url;
    private HikariDataSource pool;
    private TimedDataSource timed;

    @BeforeEach
    void open() {
        url = TestPostgres.get().database();
        pool = TestPostgres.pool(url, 1);
        timed = new TimedDataSource(pool, Duration.ofMinutes(5));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aConnectionHeldBetweenCalls_goesBackToThePoolSound() throws Exception {
        Connection held = timed.getConnection();
        assertEquals(1, one(held), "a call before the close");
        int aborted = timed.abortAll();
        held.close(); // its store hands it back without another call

        try (Connection next = pool.getConnection()) {
            assertEquals(1, one(next), "the pool's one connection, lent again at once, answers the application");
        }
        assertEquals(0, aborted, "no call was under way");
    }

    /** The same on a driver without network timeouts, where handing it back touches nothing that would show the abort. */
    @Test
    void onADriverWithoutNetworkTimeouts_aConnectionHeldBetweenCalls_goesBackToThePoolSound() throws Exception {
        TimedDataSource untimed = new TimedDataSource(new Untimed(pool), Duration.ofMinutes(5));
        Connection held = untimed.getConnection();
        assertEquals(1, one(held), "a call before the close");
        untimed.abortAll();
        held.close();

        try (Connection next = pool.getConnection()) {
            assertEquals(1, one(next), "the pool's one connection, lent again at once, answers the application");
        }
    }

    @Test
    void aConnectionHeldBetweenCalls_isRefusedItsNextCall_withoutReachingIt() throws Exception {
        Connection held = timed.getConnection();
        assertEquals(1, one(held), "a call before the close");
        timed.abortAll();

        SQLException refused = assertThrows(SQLException.class, () -> one(held));
        assertInstanceOf(SQLNonTransientConnectionException.class, refused);
        assertTrue(refused.getMessage().contains("store using this connection closed"), refused.getMessage());
        held.close();
        try (Connection next = timed.getConnection()) {
            assertEquals(1, one(next), "the next store's call on the same pool answers");
        }
    }

    @Test
    void aCallUnderWay_isAbortedAtOnce_andThePoolLendsASoundConnectionAfter() throws Exception {
        Connection held = timed.getConnection();
        CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> {
            try (Statement s = held.createStatement()) {
                s.execute(FOR_GOOD);
                return null;
            } catch (SQLException | RuntimeException e) {
                return e;
            }
        });
        JdbcStoreTest.await(this::sleeping, "the statement is under way in the database");

        assertEquals(1, timed.abortAll(), "the call under way was aborted");
        Throwable ended;
        try {
            ended = call.get(60, TimeUnit.SECONDS); // far short of the statement's ten minutes
        } catch (ExecutionException e) {
            ended = e.getCause();
        }
        assertInstanceOf(SQLException.class, ended, "the call ended with an error");
        held.close();

        try (Connection next = timed.getConnection()) {
            assertEquals(1, one(next), "the pool dropped the aborted connection and lends a new one");
        }
    }

    @Test
    void aStatementsConnection_isTheCountedOne() throws Exception {
        try (Connection c = timed.getConnection(); PreparedStatement s = c.prepareStatement("SELECT 1")) {
            assertTrue(s.getConnection() == c, "a statement's connection is the one its store was given");
        }
    }

    private static int one(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Read on a connection of its own, outside the pool under test. */
    private boolean sleeping() throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url);
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query = ?")) {
            s.setString(1, FOR_GOOD);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1) > 0;
            }
        }
    }

    /** The pool's connections as a driver without network timeouts gives them. */
    private static final class Untimed extends PoolFront {

        Untimed(DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = pool.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().endsWith("NetworkTimeout")) {
                            throw new SQLFeatureNotSupportedException(method.getName());
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
