package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.SharedStore.Claim;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a claim statement that does not come back costs, on the embedded PostgreSQL: a bounded time,
 * never the node's claims for good; and a refused request's claim never holds its token for a retry
 * elsewhere. Both found by the review of issue 38.
 */
class ClaimBoundsTest {

    static final String JNDI = "java:comp/env/jdbc/claim-bounds";
    static final Duration WAIT = Duration.ofMillis(250);
    /** A request's wait that any database of the tests answers within, on any machine. */
    private static final Duration PATIENT = Duration.ofSeconds(10);

    private HikariDataSource pool;

    @BeforeEach
    void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 8);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static PlaytchaSettings.Ledger ledger() {
        return PlaytchaSettings.builder("sk_test_bounds").ledgerDataSource(JNDI).build().ledger();
    }

    private static LedgerEntry entry(String token) {
        return new LedgerEntry(UUID.randomUUID().toString(), token, Instant.now(), "/signup", "198.51.100.7", "timeout");
    }

    /**
     * A pool slow to lend to the claim threads, counting what it lent them; while {@link #gate} is closed it lends
     * them nothing, and {@link #waiting} counts the claim threads held there.
     */
    static final class SlowToClaims extends PoolFront {
        volatile long claimMillis;
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger lent = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();

        SlowToClaims(DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (Thread.currentThread().getName().endsWith("-claim")) {
                waiting.incrementAndGet();
                try {
                    gate.await();
                    if (claimMillis > 0) {
                        Thread.sleep(claimMillis); // the pool's own wait, as a slow pool makes it
                        lent.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    waiting.decrementAndGet();
                }
            }
            return pool.getConnection();
        }
    }

    /**
     * Two claim inserts that wait on another transaction's uncommitted row of their token (in
     * production: a socket a failover left half-open) end within their bound, so the node's claims on
     * other tokens work again while that transaction still holds its rows. Without the bound both claim
     * threads waited until it ended, and every claim of the node was "no answer".
     */
    @Test
    void claimStatementsThatHang_endWithinTheirBound_andTheNodeClaimsOtherTokensAgain() throws Exception {
        TableStore a = JdbcStore.open(pool, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        Connection blocker = pool.getConnection();
        try {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                for (String t : new String[] {"hung-1", "hung-2"}) {
                    s.execute("INSERT INTO playtcha_ledger (id, token, recorded_at, cause, owner, claimed_at, token_hash) VALUES ('"
                            + UUID.randomUUID() + "', NULL, now(), 'timeout', 'x', now(), decode('"
                            + HexFormat.of().formatHex(LedgerRows.hash(t)) + "', 'hex'))");
                }
            }
            assertEquals(Claim.UNKNOWN, a.claim(entry("hung-1"), WAIT, true));
            assertEquals(Claim.UNKNOWN, a.claim(entry("hung-2"), WAIT, true));

            JdbcStoreTest.await(() -> a.claim(entry("fresh-" + UUID.randomUUID()), WAIT, false) == Claim.CLAIMED,
                    "a claim on another token is answered again, the blocking transaction still open");
        } finally {
            blocker.rollback();
            blocker.close();
            a.close(Duration.ofSeconds(2));
        }
    }

    /**
     * claim-unavailable=refuse: a request refused because its claim was slow leaves no row behind, so
     * the user's retry on another node passes. The pool lends the claim its connection after the
     * request stopped waiting; the insert is not sent then.
     */
    @Test
    void aRefusedRequestsClaim_thatGetsItsConnectionLate_writesNothing_andARetryElsewherePasses() throws Exception {
        SlowToClaims slow = new SlowToClaims(pool);
        TableStore a = JdbcStore.open(slow, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        TableStore b = JdbcStore.open(pool, JNDI, ledger(), VerifierClock.SYSTEM, "node-b");
        try {
            slow.claimMillis = 400; // past the request's 250 ms
            assertEquals(Claim.UNKNOWN, a.claim(entry("token-refused"), WAIT, false), "refused: claim_unavailable");
            JdbcStoreTest.await(() -> slow.lent.get() == 1 && pool.getHikariPoolMXBean().getActiveConnections() == 0,
                    "the claim thread got its connection, and gave it back");
            assertEquals(0, rows("token-refused"), "no row holds the refused request's token");
            assertEquals(Claim.CLAIMED, b.claim(entry("token-refused"), WAIT, true), "the retry on node b passes");
        } finally {
            a.close(Duration.ofSeconds(2));
            b.close(Duration.ofSeconds(2));
        }
    }

    /**
     * More claims at once than the claim threads and their line take: those that find the line full, or
     * wait in it past their time, meet this node's own backlog, and go unanswered alone. The database
     * answered every claim it was sent in time, so the next claim waits for it as usual, rather than the
     * whole node holding tokens on its own. The claim threads get no connection until the line is full, so
     * the backlog is there whatever the machine's load (a burst of claims 20 ms each made it by time, and a
     * loaded machine then ran one claim past half its wait: the database's silence, by the node's rule).
     */
    @Test
    void aBacklogOfClaims_leavesOnlyThoseClaimsUnanswered_notTheNode() throws Exception {
        SlowToClaims slow = new SlowToClaims(pool);
        TableStore a = JdbcStore.open(slow, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try {
            slow.gate = new CountDownLatch(1);
            List<Future<Claim>> atIt = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // requests that wait long enough for any database
                atIt.add(requests.submit(() -> a.claim(entry("at-it-" + UUID.randomUUID()), PATIENT, true)));
            }
            JdbcStoreTest.await(() -> slow.waiting.get() == 2, "both claim threads at a claim");
            for (int i = 0; i < 64; i++) {
                assertEquals(Claim.UNKNOWN, a.claim(entry("in-line-" + i), Duration.ofMillis(1), true), "waited in line past its time");
            }
            assertEquals(Claim.UNKNOWN, a.claim(entry("no-room"), WAIT, true), "no room in the line");
            slow.gate.countDown();
            for (Future<Claim> f : atIt) {
                assertEquals(Claim.CLAIMED, f.get(), "the claims at it are answered");
            }
            JdbcStoreTest.await(() -> a.unwritten() == 0, "the backlog written");
            // A node that took the backlog for the database's silence answers at once (a probe), whatever the wait.
            assertEquals(Claim.CLAIMED, a.claim(entry("after-the-burst"), PATIENT, true), "the next claim is answered");
            JdbcStoreTest.await(() -> rows("no-room") == 1, "the claim without room in the line, written by the writer");
        } finally {
            requests.shutdownNow();
            a.close(Duration.ofSeconds(2));
        }
    }

    /**
     * A probe (claims go unanswered) that finds the claim line full goes to the writer, as the claims then do: its
     * entry is counted unwritten until the writer has written it, and no longer. It stayed counted for good (the
     * probe was in flight before it was refused), and the node's unwritten entries never came back to 0.
     */
    @Test
    void aProbeThatFindsTheLineFull_isTheWritersAlone_andItsEntryIsCountedUnwrittenOnlyUntilWritten() throws Exception {
        ControlledDataSource db = new ControlledDataSource(pool);
        TableStore a = JdbcStore.open(db, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        ExecutorService requests = Executors.newFixedThreadPool(64);
        try {
            db.stall(60_000);
            List<Future<Claim>> atIt = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // their wait ends once the line is full: then claims go unanswered
                atIt.add(requests.submit(() -> a.claim(entry("at-it-" + UUID.randomUUID()), Duration.ofSeconds(2), true)));
            }
            JdbcStoreTest.await(() -> db.callers().stream().filter(c -> c.endsWith("-claim")).count() == 2,
                    "both claim threads wait for a connection");
            List<Future<Claim>> inLine = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                inLine.add(requests.submit(() -> a.claim(entry("in-line-" + UUID.randomUUID()), WAIT, true)));
            }
            for (Future<Claim> f : inLine) {
                assertEquals(Claim.UNKNOWN, f.get(), "waited in line");
            }
            for (Future<Claim> f : atIt) {
                assertEquals(Claim.UNKNOWN, f.get(), "no connection");
            }
            LedgerEntry probe = entry("the-probe");
            assertEquals(Claim.UNKNOWN, a.claim(probe, WAIT, true), "a probe, and the line full");
            assertEquals(67, a.unwritten(), "each held entry counted once");

            db.work();
            JdbcStoreTest.await(() -> a.unwritten() == 0, "every held entry written, the probe's too");
            assertEquals(1, rows("the-probe"));
        } finally {
            requests.shutdownNow();
            a.close(Duration.ofSeconds(2));
        }
    }

    private long rows(String token) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM playtcha_ledger WHERE token_hash = decode('"
                        + HexFormat.of().formatHex(LedgerRows.hash(token)) + "', 'hex')")) {
            r.next();
            return r.getLong(1);
        }
    }
}
