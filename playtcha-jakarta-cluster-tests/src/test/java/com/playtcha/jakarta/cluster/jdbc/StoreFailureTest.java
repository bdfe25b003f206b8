package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.counts.StoreFailure;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import jakarta.resource.ResourceException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What {@link StoreFailure} reads from the failures that the common pools and PostgreSQL's driver
 * really throw, each made by the real library against the embedded PostgreSQL: a pool that gives up
 * (every connection taken) and a statement that the database gives up on ask for a token; a database
 * that refuses (nothing listening, a wrong password, no such database) or drops the connection puts the
 * node on its own counts, whichever pool is in front; a pool whose caller's thread was interrupted says
 * nothing of the store. WildFly's pool, IronJacamar, runs only inside WildFly: its failures are built here
 * as its source builds them. Each failure is read as the login counts on the database meet it, wrapped as
 * {@code DatabaseLevels} wraps an {@code SQLException}, by the database's signals ({@link DatabaseCounts#signal}).
 */
class StoreFailureTest {

    /** A pool's wait for a connection when every one is taken (HikariCP's floor is 250 ms). */
    private static final Duration WAIT = Duration.ofMillis(50);
    /** A pool's wait that the test interrupts. */
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);
    /**
     * A pool's wait for a database that refuses: HikariCP waits it out, then throws its timeout with the last
     * refusal beneath (found at once, on its own thread); the others throw the refusal at once.
     */
    private static final Duration REFUSED_WAIT = Duration.ofSeconds(2);
    /** A role that logs in with a password ({@link #passwordRole}), where every other role is trusted. */
    private static final String PASSWORD_ROLE = "playtcha_password";

    /** The sources of connections, each as a server would configure it: PostgreSQL's own, and the pools. */
    enum Source {
        PGJDBC, HIKARI, DBCP2, AGROAL;

        /** A source of at most {@code size} connections on {@code url}, a borrower waiting at most {@code wait} for one. */
        DataSource open(String url, int size, Duration wait, List<AutoCloseable> closing) {
            switch (this) {
                case PGJDBC:
                    PGSimpleDataSource plain = new PGSimpleDataSource();
                    plain.setURL(url);
                    return plain;
                case HIKARI:
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(url);
                    config.setMaximumPoolSize(size);
                    config.setMinimumIdle(0);
                    config.setConnectionTimeout(Math.max(250, wait.toMillis())); // HikariCP's floor
                    config.setInitializationFailTimeout(-1); // a database that went away after the start, not a failed start
                    HikariDataSource hikari = new HikariDataSource(config);
                    closing.add(hikari);
                    return hikari;
                case DBCP2:
                    BasicDataSource dbcp = new BasicDataSource();
                    dbcp.setUrl(url);
                    dbcp.setMaxTotal(size);
                    dbcp.setMaxWait(wait);
                    closing.add(dbcp);
                    return dbcp;
                default:
                    try {
                        AgroalDataSource agroal = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                                .connectionPoolConfiguration(pool -> pool.maxSize(size).acquisitionTimeout(wait)
                                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url))));
                        closing.add(agroal);
                        return agroal;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
            }
        }

        /**
         * From now on a borrower of {@code db} (a pool this opened) waits at most {@code wait}: set once the
         * test holds what it needs, since a pool that creates connections on a thread of its own gives a
         * borrower no more than this for a new one, and a busy machine may take longer. Not HikariCP's: it
         * reads a wait set through its MXBean only at its next housekeeping run, 30 s on ({@code filledHikari}).
         */
        void waitAtMost(DataSource db, Duration wait) {
            switch (this) {
                case DBCP2 -> ((BasicDataSource) db).setMaxWait(wait);
                case AGROAL -> ((AgroalDataSource) db).getConfiguration().connectionPoolConfiguration().setAcquisitionTimeout(wait);
                default -> throw new IllegalArgumentException(name() + " waits for nothing");
            }
        }
    }

    private final List<AutoCloseable> closing = new ArrayList<>();
    /** A database of the test's own, as {@code postgres} (trusted), made on first use: the built failures need none. */
    private String url;

    private String url() {
        if (url == null) {
            url = TestPostgres.get().database();
        }
        return url;
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** What the login counts make of {@code e}: their levels throw an {@code SQLException} wrapped so. */
    private static StoreFailure read(Throwable e) {
        return StoreFailure.of(new IllegalStateException(e), DatabaseCounts::signal);
    }

    /** {@code e}'s causes, for a message. */
    private static String chain(Throwable e) {
        StringBuilder said = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            said.append("\n  ").append(c.getClass().getName()).append(c instanceof SQLException q ? " [" + q.getSQLState() + "]" : "")
                    .append(": ").append(c.getMessage());
        }
        return said.toString();
    }

    /** A connection of {@code db}'s, held until the test ends. */
    private Connection held(DataSource db) throws SQLException {
        return kept(db.getConnection());
    }

    private Connection kept(Connection c) {
        closing.add(c);
        return c;
    }

    private void assertRead(StoreFailure expected, Throwable e) {
        assertEquals(expected, read(e), chain(e));
    }

    // --- a pool that gives up ---

    @ParameterizedTest
    @EnumSource(value = Source.class, names = {"HIKARI", "DBCP2", "AGROAL"})
    void aPoolWhoseConnectionsAreAllTaken_givesUp_andAsksForAToken(Source source) throws Exception {
        DataSource db = source == Source.HIKARI ? filledHikari(2, WAIT) : source.open(url(), 2, LONG_WAIT, closing);
        held(db);
        held(db);
        if (source != Source.HIKARI) {
            source.waitAtMost(db, WAIT);
        }
        assertRead(StoreFailure.GAVE_UP, assertThrows(SQLException.class, db::getConnection));
    }

    /**
     * HikariCP's pool of {@code size} connections, all made (on its own thread) before the test borrows them, a
     * borrower waiting at most {@code wait}: opened with that wait, since one set later through its MXBean counts
     * only from its next housekeeping run, and the give-up above waited the 10 s it was opened with instead.
     */
    private DataSource filledHikari(int size, Duration wait) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(Math.max(250, wait.toMillis())); // HikariCP's floor
        HikariDataSource hikari = new HikariDataSource(config);
        closing.add(hikari);
        JdbcStoreTest.await(() -> hikari.getHikariPoolMXBean().getIdleConnections() == size, "HikariCP's connections made");
        return hikari;
    }

    /** Bucket4j may run a batch on the thread of a caller this node cancelled, its interrupt set again. */
    @ParameterizedTest
    @EnumSource(value = Source.class, names = {"HIKARI", "DBCP2", "AGROAL"})
    void aPoolWaitOnAnInterruptedThread_saysNothingOfTheStore(Source source) throws SQLException {
        DataSource db = source.open(url(), 1, LONG_WAIT, closing);
        held(db);
        SQLException e;
        Thread.currentThread().interrupt();
        try {
            e = assertThrows(SQLException.class, db::getConnection);
        } finally {
            Thread.interrupted();
        }
        assertRead(StoreFailure.INTERRUPTED, e);
    }

    // --- a database that refuses ---

    /**
     * HikariCP's answer is its timeout, an {@code SQLTransientConnectionException} (a give-up by its type),
     * with the driver's refusal beneath it: the deepest cause says.
     */
    @ParameterizedTest
    @EnumSource(Source.class)
    void aPortNothingListensOn_isDown_whicheverPoolIsInFront(Source source) throws Exception {
        DataSource db = source.open("jdbc:postgresql://127.0.0.1:" + closedPort() + "/app?user=postgres", 2, REFUSED_WAIT, closing);
        SQLException e = assertThrows(SQLException.class, db::getConnection);
        assertTrue(chain(e).contains("java.net.ConnectException"), chain(e));
        assertRead(StoreFailure.DOWN, e);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void aWrongPassword_isDown(Source source) throws Exception {
        String wrong = passwordRole().replace("?user=postgres", "?user=" + PASSWORD_ROLE + "&password=wrong");
        SQLException e = assertThrows(SQLException.class, source.open(wrong, 2, REFUSED_WAIT, closing)::getConnection);
        assertTrue(chain(e).contains("[28P01]"), chain(e));
        assertRead(StoreFailure.DOWN, e);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void aDatabaseThatDoesNotExist_isDown(Source source) {
        String none = url().replaceFirst("/[a-z0-9_]+\\?", "/no_such_database?");
        SQLException e = assertThrows(SQLException.class, source.open(none, 2, REFUSED_WAIT, closing)::getConnection);
        assertTrue(chain(e).contains("[3D000]"), chain(e));
        assertRead(StoreFailure.DOWN, e);
    }

    @Test
    void aConnectionTheServerTerminated_isDown() throws SQLException {
        Connection victim = kept(DriverManager.getConnection(url()));
        Connection admin = kept(DriverManager.getConnection(url()));
        int pid = single(victim, "SELECT pg_backend_pid()");
        try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT pg_terminate_backend(" + pid + ", 30000)")) {
            r.next();
            assertTrue(r.getBoolean(1), "terminated");
        }
        assertRead(StoreFailure.DOWN, assertThrows(SQLException.class, () -> single(victim, "SELECT 1")));
    }

    // --- a database that gives up on a statement ---

    @Test
    void aLockTimeout_55P03_givesUp() throws SQLException {
        Connection holder = rowToLock();
        holder.setAutoCommit(false);
        single(holder, "SELECT n FROM counted WHERE id = 1 FOR UPDATE");
        Connection waiter = kept(DriverManager.getConnection(url()));
        execute(waiter, "SET lock_timeout = '50ms'");
        SQLException e = assertThrows(SQLException.class, () -> single(waiter, "SELECT n FROM counted WHERE id = 1 FOR UPDATE"));
        assertEquals("55P03", e.getSQLState(), chain(e));
        assertRead(StoreFailure.GAVE_UP, e);
        holder.rollback();
    }

    @Test
    void aStatementTimeout_57014_givesUp() throws SQLException {
        Connection c = kept(DriverManager.getConnection(url()));
        execute(c, "SET statement_timeout = '50ms'");
        SQLException e = assertThrows(SQLException.class, () -> single(c, "SELECT 1 FROM pg_sleep(30)"));
        assertEquals("57014", e.getSQLState(), chain(e));
        assertRead(StoreFailure.GAVE_UP, e);
    }

    @Test
    void aSerializationFailure_40001_givesUp() throws SQLException {
        Connection first = rowToLock();
        first.setAutoCommit(false);
        first.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        single(first, "SELECT n FROM counted WHERE id = 1");
        execute(kept(DriverManager.getConnection(url())), "UPDATE counted SET n = n + 1 WHERE id = 1");
        SQLException e = assertThrows(SQLException.class, () -> execute(first, "UPDATE counted SET n = n + 1 WHERE id = 1"));
        assertEquals("40001", e.getSQLState(), chain(e));
        assertRead(StoreFailure.GAVE_UP, e);
        first.rollback();
    }

    @Test
    void tooManyConnections_53300_givesUp() throws SQLException {
        try (Connection admin = DriverManager.getConnection(url())) {
            execute(admin, "DO $$ BEGIN CREATE ROLE playtcha_one LOGIN CONNECTION LIMIT 1; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        }
        String one = url().replace("?user=postgres", "?user=playtcha_one");
        kept(DriverManager.getConnection(one));
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(one));
        assertEquals("53300", e.getSQLState(), chain(e));
        assertRead(StoreFailure.GAVE_UP, e);
    }

    /** pgjdbc's {@code socketTimeout} (whole seconds): an I/O error, SQL state 08006, with the socket's timeout beneath. */
    @Test
    void aDriverSocketTimeout_givesUp_thoughItsSqlStateIsAConnectionFailure() throws SQLException {
        Connection c = kept(DriverManager.getConnection(url() + "&socketTimeout=1"));
        SQLException e = assertThrows(SQLException.class, () -> single(c, "SELECT 1 FROM pg_sleep(5)"));
        assertEquals("08006", e.getSQLState(), chain(e));
        assertRead(StoreFailure.GAVE_UP, e);
    }

    // --- WildFly: IronJacamar ---

    /**
     * IronJacamar 3.0 (WildFly 39) with its pool's blocking timeout run out: the semaphore's wait in
     * {@code SemaphoreConcurrentLinkedDequeManagedConnectionPool.getConnection} throws
     * {@code ResourceException(IJ000655)}, {@code AbstractConnectionManager.getManagedConnection} wraps it
     * in {@code ResourceException(IJ000453, failure)}, and {@code WrapperDataSource.getConnection} in
     * {@code new SQLException(re)}; messages from its {@code CoreBundle} (project code IJ).
     */
    @Test
    void ironJacamarsBlockingTimeout_IJ000655_givesUp() {
        assertRead(StoreFailure.GAVE_UP, ironJacamar(new ResourceException(
                "IJ000655: No managed connections available within configured blocking timeout (50 [ms])")));
    }

    /** Its semaphore's wait interrupted: {@code ResourceException(IJ000657)}, no {@code InterruptedException} beneath. */
    @Test
    void ironJacamarsInterruptedWait_IJ000657_saysNothingOfTheStore() {
        assertRead(StoreFailure.INTERRUPTED, ironJacamar(new ResourceException(
                "IJ000657: Interrupted while requesting permit: Waited 3 ms")));
    }

    /**
     * A refused connection: {@code LocalManagedConnectionFactory.createManagedConnection} wraps the
     * driver's failure (here pgjdbc's own, from a port nothing listens on) in
     * {@code ResourceException(IJ031084)}, which the pool rethrows as it is.
     */
    @Test
    void ironJacamarOverARefusal_IJ031084_isDown() throws Exception {
        int port = closedPort();
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/app"));
        assertRead(StoreFailure.DOWN, ironJacamar(new ResourceException("IJ031084: Unable to create connection", refused)));
    }

    /** What {@code WrapperDataSource.getConnection} throws when the pool throws {@code failure}. */
    private static SQLException ironJacamar(ResourceException failure) {
        return new SQLException(new ResourceException("IJ000453: Unable to get managed connection for java:jboss/datasources/Playtcha",
                failure));
    }

    // --- anything else ---

    /** Hazelcast's, as the JCache counts meet it when a member does not answer an operation in time (a cache has no signals of its own). */
    @Test
    void aCacheOperationTimeout_givesUp() {
        assertEquals(StoreFailure.GAVE_UP, StoreFailure.of(new com.hazelcast.core.OperationTimeoutException("no response in 120000 ms"),
                cause -> null));
    }

    /** A guard that cannot tell fails closed: a failure that says nothing asks for a token. */
    @Test
    void aFailureThatSaysNothing_givesUp_andAChainOfCausesThatLoops_ends() {
        assertEquals(StoreFailure.GAVE_UP, StoreFailure.of(new IllegalStateException("something unheard of"), DatabaseCounts::signal));
        SQLException a = new SQLException("a");
        SQLException b = new SQLException("b", a);
        a.initCause(b);
        assertEquals(StoreFailure.GAVE_UP, StoreFailure.of(a, DatabaseCounts::signal));
    }

    // --- the database's side ---

    /** A loopback port nothing listens on (a moment ago something did). */
    /**
     * A loopback port nothing listens on until the test ends: bound by a socket that never listens, so a connection
     * is refused and no other process (another build's server) can take the port meanwhile.
     */
    private int closedPort() throws java.io.IOException {
        java.net.Socket held = new java.net.Socket();
        closing.add(held);
        held.setReuseAddress(false);
        held.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return held.getLocalPort();
    }

    /** A connection on a one-row table {@code counted}, held until the test ends. */
    private Connection rowToLock() throws SQLException {
        Connection c = kept(DriverManager.getConnection(url()));
        execute(c, "CREATE TABLE counted (id INT PRIMARY KEY, n INT NOT NULL)");
        execute(c, "INSERT INTO counted VALUES (1, 0)");
        return c;
    }

    /**
     * The database URL, with {@link #PASSWORD_ROLE} logging in by password on this server: the embedded
     * server trusts every login, so its {@code pg_hba.conf} gets one line for that role above the rest
     * (once per server), and the test waits until the server reloaded it.
     */
    private String passwordRole() throws Exception {
        try (Connection admin = DriverManager.getConnection(url())) {
            execute(admin, "DO $$ BEGIN CREATE ROLE " + PASSWORD_ROLE + " LOGIN PASSWORD 'right'; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            Path hba;
            try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SHOW hba_file")) {
                r.next();
                hba = Path.of(r.getString(1));
            }
            String rule = "host all " + PASSWORD_ROLE + " 127.0.0.1/32 scram-sha-256\n";
            String rules = Files.readString(hba, StandardCharsets.UTF_8);
            if (!rules.startsWith(rule)) {
                Files.writeString(hba, rule + rules, StandardCharsets.UTF_8);
            }
            single(admin, "SELECT 1 FROM pg_reload_conf()");
        }
        String wrong = url().replace("?user=postgres", "?user=" + PASSWORD_ROLE + "&password=wrong");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) { // the server reloads its configuration on a signal, a moment later
            try (Connection let = DriverManager.getConnection(wrong)) {
                assertTrue(System.nanoTime() < deadline, "the server asks " + PASSWORD_ROLE + " for a password");
                Thread.sleep(10); // polling a condition, not waiting for time to pass
            } catch (SQLException refused) {
                assertEquals("28P01", refused.getSQLState(), chain(refused));
                return url;
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
