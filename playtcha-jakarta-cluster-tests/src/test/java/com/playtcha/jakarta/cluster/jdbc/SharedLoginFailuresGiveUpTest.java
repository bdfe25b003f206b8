package com.playtcha.jakarta.cluster.jdbc;

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
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.SimpleFormatter;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that gives up asks for a token; only one that refuses puts the node on its own counts. Before,
 * a pool that gave up in a way the counts did not recognise, as Tomcat's DBCP2 does ("Timeout waiting for
 * idle object", no SQL state), or PostgreSQL's lock timeout (55P03), put the node on its own counts, where
 * an account at its shared limit went on without a token: bob, three failures on another node, was let
 * through, and then more. Here the nodes are on the embedded PostgreSQL, bob's node through a real pool,
 * on a clock the test moves a second before each attempt, so that each goes to the store (a node whose
 * counts are slow tries the store once a second).
 */
class SharedLoginFailuresGiveUpTest {

    private static final String NAME = "java:comp/env/jdbc/logins";
    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);
    /** How often a node whose counts are slow sends an attempt to the store. */
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final byte[] BOB = "a keyed hash of bob".getBytes(StandardCharsets.UTF_8);
    private static final String BOBS_ADDRESS = "203.0.113.7";

    private final ManualClock clock = new ManualClock();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final LogCapture log = new LogCapture();
    private String url;
    /** Another node of the cluster, on a pool of its own. */
    private SharedLoginFailures other;

    @BeforeEach
    void bobAtHisSharedLimit() {
        url = TestPostgres.get().database();
        other = node(kept(TestPostgres.pool(url, 2)));
        for (int i = 0; i < LIMITS.account(); i++) {
            other.failed(BOB, "198.51.100.1");
        }
        log.install();
    }

    @AfterEach
    void close() throws Exception {
        log.uninstall();
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T kept(T closed) {
        closing.add(closed);
        return closed;
    }

    /** A node on {@code db}, its counts' calls waiting 5 s at most: only the store gives up here, never the node. */
    private SharedLoginFailures node(DataSource db) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_logins").ledgerDataSource(NAME)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build();
        SharedLoginFailures node = DatabaseCounts.loginFailures(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), db,
                OwnStart.of(NAME), clock, "playtcha-verifier-" + closing.size());
        closing.add(node::close);
        return node;
    }

    /** The pool: Tomcat's DBCP (commons-dbcp2), two connections, a borrower waiting 50 ms for one. */
    @Test
    void aPoolThatGivesUp_asksEveryAttemptForAToken_andTheNodeStaysOnTheSharedCounts() throws SQLException {
        BasicDataSource dbcp = kept(new BasicDataSource());
        dbcp.setUrl(url);
        dbcp.setMaxTotal(2);
        dbcp.setMaxWait(Duration.ofMillis(50));
        SharedLoginFailures node = node(dbcp);
        assertTrue(node.needsToken(BOB, BOBS_ADDRESS), "bob at his shared limit");
        Connection first = kept(dbcp.getConnection());
        Connection second = kept(dbcp.getConnection()); // both of the pool's connections busy: every borrower gives up after 50 ms

        everyAttemptOfBobsNeedsAToken(node);
        assertSlowOnce("Timeout waiting for idle object");

        first.close();
        second.close();
        theStoreAnswersAgain(node);
    }

    /** Another node's transaction holds bob's rows; this node's connections wait for a lock 50 ms at most. */
    @Test
    void aLockTimeout_asksEveryAttemptForAToken_andTheNodeStaysOnTheSharedCounts() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setConnectionInitSql("SET lock_timeout = '50ms'");
        SharedLoginFailures node = node(kept(new HikariDataSource(config)));
        Connection holder = kept(kept(TestPostgres.pool(url, 1)).getConnection());
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("SELECT id FROM playtcha_login_count FOR UPDATE"); // bob's account and address, and nothing else
        }

        everyAttemptOfBobsNeedsAToken(node);
        assertSlowOnce("SQL state 55P03");

        holder.rollback();
        theStoreAnswersAgain(node);
    }

    /** As before: a database that refuses (here its port closed, the pool still in front) puts the node on its own counts. */
    @Test
    void aRefusedStore_putsTheNodeOnItsOwnCounts() throws Exception {
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        BasicDataSource refused = kept(new BasicDataSource());
        refused.setUrl("jdbc:postgresql://127.0.0.1:" + closed + "/app?user=postgres");
        refused.setMaxTotal(2);
        refused.setMaxWait(Duration.ofMillis(50));
        Moved db = new Moved(kept(TestPostgres.pool(url, 2)));
        SharedLoginFailures node = node(db); // opened while the database answers
        db.to(refused);

        assertTrue(node.admit(BOB, BOBS_ADDRESS), "on this node's own counts, which know nothing of the other node's three");
        LocalFault away = node.away();
        assertNotNull(away, "the store refused: the node counts on its own");
        assertEquals(LocalFault.BUDGETS_LOCAL, away.code());
    }

    /** Eleven attempts of bob's, each sent to the store a second after the last: none goes on, and the node never counts alone. */
    private void everyAttemptOfBobsNeedsAToken(SharedLoginFailures node) {
        for (int attempt = 1; attempt <= 11; attempt++) {
            clock.advance(RETRY);
            assertFalse(node.admit(BOB, BOBS_ADDRESS), "attempt " + attempt + ": a token");
            assertNull(node.away(), "attempt " + attempt + ": the node stays on the shared counts");
            assertTrue(node.needsToken(BOB, BOBS_ADDRESS), "attempt " + attempt + ": the page shows the widget");
        }
        assertFalse(node.admit("a keyed hash of carol".getBytes(StandardCharsets.UTF_8), "203.0.113.8"),
                "and an account with no failure too: the counts cannot be read");
    }

    /** One WARNING that the counts are slow, naming what the store said. */
    private void assertSlowOnce(String cause) {
        List<String> said;
        synchronized (log) { // still installed: the pools' threads log beside the test (a ConcurrentModificationException once)
            said = log.records.stream().filter(r -> r.getLoggerName().equals(SharedLoginFailures.class.getName()))
                    .map(r -> r.getLevel() + " " + new SimpleFormatter().formatMessage(r)).toList();
        }
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("WARNING Login failure counts are slow"), said.get(0));
        assertTrue(said.get(0).contains(cause), said.get(0));
    }

    private void theStoreAnswersAgain(SharedLoginFailures node) {
        clock.advance(RETRY);
        assertTrue(node.admit("a keyed hash of dave".getBytes(StandardCharsets.UTF_8), "203.0.113.9"),
                "the store answers in time again: no token needed");
        assertFalse(node.admit(BOB, BOBS_ADDRESS), "bob still at his shared limit");
        assertNull(node.away());
    }

    /** A front whose connections come from one pool, and from another once {@link #to moved}. */
    private static final class Moved extends PoolFront {
        private volatile DataSource to;

        Moved(DataSource first) {
            super(first);
            to = first;
        }

        void to(DataSource next) {
            to = next;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return to.getConnection();
        }
    }
}
