package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.jdbc.JdbcStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the login failure counts on PostgreSQL do beyond {@code LoginFailuresContract} (which
 * {@code DatabaseLoginFailuresContractTest} runs on them), nodes on one real PostgreSQL, each with a pool
 * of its own as servers would have: a success's give-back seen by every node at once, rows that hold no
 * name or address, round trips per attempt, the provider found through the service file; a database that
 * fails puts each node on its own counts, said so, and the counts are shared again once it is back; one
 * that hangs, or a flood that slows it, asks every attempt for a token instead.
 */
class SharedLoginFailuresDatabaseTest {

    private static final String NAME = "java:comp/env/jdbc/logins";
    /** A busy test machine: no call is to time out but the hung database's, whose test has a timeout of its own. */
    private static final Duration TIMEOUT = PlaytchaSettings.MAX_CLUSTER_TIMEOUT;
    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);

    /** The nodes' clock: it moves when a test says time went by, as the verifier's clock would. */
    private final ManualClock clock = new ManualClock();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<LoginFailures> nodes = new ArrayList<>();
    private String url;

    @BeforeEach
    void database() {
        url = TestPostgres.get().database();
    }

    @AfterEach
    void close() {
        nodes.forEach(LoginFailures::close);
        pools.forEach(HikariDataSource::close);
    }

    private static PlaytchaSettings settings() {
        return settings(TIMEOUT);
    }

    private static PlaytchaSettings settings(Duration timeout) {
        return PlaytchaSettings.builder("sk_test_logins").ledgerDataSource(NAME).clusterTimeout(timeout).build();
    }

    private SharedLoginFailures node(javax.sql.DataSource db, Limits limits, LoginFailures local) {
        return node(db, limits, local, settings());
    }

    private SharedLoginFailures node(javax.sql.DataSource db, Limits limits, LoginFailures local, PlaytchaSettings settings) {
        SharedLoginFailures node = DatabaseCounts.loginFailures(settings, limits, local, db, OwnStart.of(NAME), clock,
                "playtcha-verifier-test");
        nodes.add(node);
        return node;
    }

    private SharedLoginFailures node(javax.sql.DataSource db) {
        return node(db, LIMITS, LocalCounts.loginFailures(LIMITS, clock));
    }

    private HikariDataSource pool() {
        HikariDataSource pool = TestPostgres.pool(url, 4);
        pools.add(pool);
        return pool;
    }

    /** An account's keyed hash, as the login policy hands it over. */
    private static byte[] account(String name) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("test key\n" + name).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * On PostgreSQL a success gives back what its admission counted in the same call as it is told
     * (on a cache it goes with the node's next call): the other nodes see the client's count as it was at once.
     */
    @Test
    void aSuccessOnOneNode_givesTheClientsOneBack_onEveryNodeAtOnce() {
        List<SharedLoginFailures> three = List.of(node(pool()), node(pool()), node(pool()));
        byte[] bob = account("bob");
        assertTrue(three.get(0).admit(bob, "203.0.113.2"));
        three.get(0).admitted(bob, "203.0.113.2", true);
        for (int i = 0; i < 10; i++) {
            assertTrue(three.get(1).admit(account("user" + i), "203.0.113.2"), "the success gave the client's one back: " + i);
        }
        assertFalse(three.get(2).admit(account("someone"), "203.0.113.2"), "the client's ten, counted as they went");
        three.get(1).admitted(account("user0"), "203.0.113.2", false);
        assertFalse(three.get(2).needsToken(account("user0"), "198.51.100.200"), "one failure of user0's");
    }




    @Test
    void aCheck_ofAnAccountNeverCounted_leavesNoRow_andRowsHoldNoAccountOrAddress() throws Exception {
        SharedLoginFailures node = node(pool());
        assertFalse(node.needsToken(account("dave"), "203.0.113.5"));
        assertEquals(1, rows("playtcha_login_failure"), "the application's row only (read on every check, created once)");
        assertEquals(0, rows("playtcha_login_count"));
        node.failed(account("dave"), "203.0.113.5");
        assertEquals(2, rows("playtcha_login_count"), "the account's, the client's");
        node.failed(account("dave"), "2001:db8:1:2::5");
        assertEquals(5, rows("playtcha_login_count"), "and an IPv6 client's /64, /56 and /48");
        node.succeeded(account("dave"));
        assertEquals(5, rows("playtcha_login_count"), "a success clears nothing");
    }


    @Test
    void aFailingDatabase_putsTheNodeOnItsOwnCounts_saysSo_andTheCountsAreSharedAgainOnceItIsBack() throws Exception {
        LogCapture log = new LogCapture();
        log.install();
        try {
            failingDatabase();
        } finally {
            log.uninstall();
        }
        List<String> said;
        synchronized (log) { // a record the pools' threads were publishing as it was uninstalled may still come in
            said = log.records.stream().filter(r -> r.getLoggerName().equals(SharedLoginFailures.class.getName()))
                    .map(r -> r.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
        }
        assertEquals(2, said.size(), "one line per transition: " + said);
        assertTrue(said.get(0).startsWith("WARNING Login failure counts are this node's own until the cluster's answer again "
                + "[store=database " + NAME), said.get(0));
        assertTrue(said.get(1).startsWith("INFO Login failure counts are shared again [store=database " + NAME + "#"), said.get(1));
    }

    private void failingDatabase() throws Exception {
        ControlledDataSource db = new ControlledDataSource(pool());
        LoginFailures local = LocalCounts.loginFailures(LIMITS, clock);
        SharedLoginFailures node = node(db, LIMITS, local);
        SharedLoginFailures other = node(pool());
        byte[] frank = account("frank");
        other.failed(frank, "198.51.100.1");
        other.failed(frank, "198.51.100.1");
        assertFalse(node.needsToken(frank, "198.51.100.2"), "two failures elsewhere, shared");

        db.fail("FATAL: the database system is shutting down", "57P03");
        node.failed(frank, "198.51.100.2"); // the store does not answer: counted on this node alone
        LocalFault away = node.away();
        assertNotNull(away);
        assertEquals(LocalFault.BUDGETS_LOCAL, away.code());
        assertTrue(away.message().contains("login failure counts in the database " + NAME), away.message());
        assertFalse(node.needsToken(frank, "198.51.100.2"), "this node counted one: not at the limit on its own");
        node.failed(frank, "198.51.100.2");
        node.failed(frank, "198.51.100.2");
        assertTrue(node.needsToken(frank, "198.51.100.2"), "three on this node's own counts: at most the limit per node meanwhile");
        assertTrue(local.needsToken(frank, "198.51.100.99"), "counted in the node's own counts, from any client");
        assertFalse(local.needsToken(account("frank2"), "198.51.100.99"), "and nothing else");

        db.work();
        await(() -> {
            clock.advance(Duration.ofSeconds(1)); // any call probes, at most once a second
            node.needsToken(account("grace"), "203.0.113.9");
            return node.away() == null;
        }, "the counts are shared again");
        assertFalse(node.needsToken(frank, "198.51.100.3"), "the shared counts again: the other node's two (what this node "
                + "counted alone stays its own)");
        other.failed(frank, "198.51.100.1");
        assertTrue(node.needsToken(frank, "198.51.100.3"), "a third on the other node");
    }

    /**
     * Issue 49: a call that ran past half of {@code playtcha.cluster.timeout} put the node on its own
     * counts, where each node lets an account's limit through. A database that does not answer in time is
     * slow, not down: every attempt needs a token, at once after the first (nothing waits for it again but
     * one try a second), and the node stays on the shared counts.
     */
    @Test
    void aHungDatabase_asksEveryAttemptForAToken_neverCountsOnItsOwn() throws Exception {
        ControlledDataSource db = new ControlledDataSource(pool());
        // 2 s: the hung database's call waits out its half; every other answer here comes at once, from no store
        SharedLoginFailures node = node(db, LIMITS, LocalCounts.loginFailures(LIMITS, clock), settings(Duration.ofSeconds(2)));
        assertFalse(node.needsToken(account("heidi"), "203.0.113.20"));
        db.stall(60_000); // getConnection waits a minute, as a pool waits for a database that does not answer
        try {
            assertFalse(node.admit(account("heidi"), "203.0.113.20"), "no answer in time: a token");
            assertNull(node.away(), "slow is not down: the node stays on the shared counts");
            int admitted = 0;
            for (int i = 0; i < 100; i++) {
                admitted += node.admit(account("ivan" + i), "203.0.113." + (21 + i)) ? 1 : 0;
                node.failed(account("ivan" + i), "203.0.113.21");
            }
            assertEquals(0, admitted, "every attempt needs a token while the database is slow");
            assertTrue(node.needsToken(account("judy"), "203.0.113.200"), "and the page shows the widget");
            assertTrue(db.stalls() < 20, db.stalls() + " calls went to the database: once slow, they are answered at once");
            assertNull(node.away());
        } finally {
            db.work();
        }
        await(() -> {
            clock.advance(Duration.ofSeconds(1)); // one try a second
            return node.admit(account("ken"), "203.0.113.250");
        }, "the database answers in time again: no token needed");
    }

    /**
     * The login page asks on every view whether to show the widget ({@link SharedLoginFailures#needsToken}).
     * A flood of page views against a slow database (each transaction 150 ms) must not queue before the
     * attempts' admissions nor put the node on its own counts: checks run aside, and one that cannot be
     * answered in time is answered from this node's counts, for its caller alone.
     */
    @Test
    void aFloodOfPageChecksOnASlowDatabase_leavesTheNodeOnTheSharedCounts_andAdmissionsExact() throws Exception {
        SharedLoginFailures node = node(new SlowDataSource(pool(), Duration.ofMillis(150)));
        SharedLoginFailures other = node(pool());
        byte[] mallory = account("mallory");
        for (int i = 0; i < LIMITS.account(); i++) {
            other.failed(mallory, "198.51.100.30"); // on another node: this node's own counts know nothing of them
        }
        java.util.concurrent.ExecutorService pages = java.util.concurrent.Executors.newFixedThreadPool(64);
        try {
            List<java.util.concurrent.Future<?>> views = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String client = "203.0.113." + (i + 1);
                views.add(pages.submit(() -> {
                    for (int view = 0; view < 5; view++) {
                        node.needsToken(null, client);
                    }
                }));
            }
            assertFalse(node.admit(mallory, "198.51.100.31"), "the shared count's three, from the other node: a token");
            assertTrue(node.admit(account("nina"), "198.51.100.31"), "an account with no failure goes on");
            for (java.util.concurrent.Future<?> view : views) {
                view.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pages.shutdownNow();
        }
        assertNull(node.away(), "page checks never put the node on its own counts");
        assertFalse(node.admit(mallory, "198.51.100.32"), "still the shared count");
    }

    @Test
    void theOpener_foundThroughTheServiceFile_countsOnTheLedgersDatabase() {
        com.playtcha.jakarta.testpostgres.TestNaming.bind(NAME, pool());
        try {
            LoginFailures.Provider provider = ServiceLoader.load(LoginFailures.Provider.class).findFirst().orElseThrow();
            LoginFailures a = provider.open(settings(), LIMITS, LocalCounts.loginFailures(LIMITS, clock), clock,
                    "playtcha-verifier-a", com.playtcha.jakarta.spi.store.Resources.NONE);
            nodes.add(a);
            LoginFailures b = node(pool());
            for (int i = 0; i < 3; i++) {
                a.failed(account("judy"), "192.0.2.3");
            }
            assertTrue(b.needsToken(account("judy"), "192.0.2.4"), a.toString());
        } finally {
            com.playtcha.jakarta.testpostgres.TestNaming.unbind(NAME);
        }
    }

    /**
     * The database round trips of a login attempt (the admission, and its outcome or the failure of its
     * retry with a token), counted at the pool: statements, commits and rollbacks. Two spreads: ordinary
     * logins (1,000 attempts by 1,000 accounts from 200 addresses, one in ten failing) and credential
     * stuffing (1,000 failing attempts, each on another account, from 50 addresses, so half of them meet
     * the client's limit and come back with a token). Issue 49: about 5 and 3 Bucket4j transactions before;
     * at most 2 round trips now (median).
     */
    @Test
    void theRoundTripsOfALoginAttempt() {
        for (boolean stuffing : new boolean[] {false, true}) {
            CountingDataSource db = new CountingDataSource(pool());
            SharedLoginFailures node = node(db);
            Random random = new Random(39);
            int attempts = 1_000;
            int failures = 0;
            long[] took = new long[attempts];
            long[] trips = new long[attempts];
            for (int i = 0; i < attempts; i++) {
                long before = db.statements() + db.ends();
                long start = System.nanoTime();
                byte[] account = account((stuffing ? "victim" : "user") + i);
                String client = "10.9." + (stuffing ? 1 : 2) + "." + random.nextInt(stuffing ? 50 : 200);
                boolean wentOn = node.admit(account, client);
                boolean failed = stuffing || random.nextInt(10) == 0;
                if (wentOn) {
                    node.admitted(account, client, !failed);
                } else if (failed) {
                    node.failed(account, client); // a token was asked and sent
                } else {
                    node.succeeded(account);
                }
                failures += failed ? 1 : 0;
                took[i] = System.nanoTime() - start;
                trips[i] = db.statements() + db.ends() - before;
            }
            java.util.Arrays.sort(took);
            long total = java.util.Arrays.stream(trips).sum();
            java.util.Arrays.sort(trips);
            assertNull(node.away());
            System.out.printf("login failures on PostgreSQL, %s: %d attempts (%d failed): round trips (statements, commits, "
                    + "rollbacks) per attempt: median %d, p99 %d, mean %.2f; admission and outcome took p50 %.2f ms, p99 %.2f ms%n",
                    stuffing ? "stuffing" : "ordinary", attempts, failures, trips[attempts / 2], trips[attempts * 99 / 100],
                    (double) total / attempts, took[attempts / 2] / 1e6, took[attempts * 99 / 100] / 1e6);
            assertTrue(trips[attempts / 2] <= 2, trips[attempts / 2] + " round trips per attempt (median)");
            node.close();
            nodes.remove(node);
        }
    }

    /** A database that answers, slowly: each connection comes after {@code latency}, as from a loaded server. */
    private static final class SlowDataSource extends PoolFront {
        private final long nanos;

        SlowDataSource(javax.sql.DataSource pool, Duration latency) {
            super(pool);
            this.nanos = latency.toNanos();
        }

        @Override
        public Connection getConnection() throws SQLException {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos); // the latency of a loaded database, not a wait for an event
            return pool.getConnection();
        }
    }

    private long rows(String table) throws SQLException {
        try (Connection c = pools.get(0).getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}
