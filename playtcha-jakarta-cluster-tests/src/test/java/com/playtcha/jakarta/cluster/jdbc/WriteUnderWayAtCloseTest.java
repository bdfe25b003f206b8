package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
import com.playtcha.jakarta.spi.store.TokenDigest;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database ledger closed while its writer is inside a write that does not return (a pool waiting
 * for a connection, a database that never answers: no bound of ours). Closing waits for the writer
 * only as long as it says it does, then reports the entries never stored {@code abandoned}, and
 * leaves the one being written to its write, logged by its token's digest: it never waits for it.
 * So too an insert that may have landed though its answer was lost: it is not reported abandoned,
 * as the node that takes its row over reports it.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class WriteUnderWayAtCloseTest {

    /** Not a performance bound: the test's guard against a close that never returns (it takes {@code CLOSE_WAIT}). */
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final String NAME = "java:comp/env/jdbc/stuck";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void aWriteThatNeverReturns_doesNotHoldUpClose_andTheOthersAreReportedAbandoned() throws Exception {
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 2)) {
            StuckDatabase db = new StuckDatabase(pool);
            List<Reconciliation> heard = new CopyOnWriteArrayList<>();
            TableStore store = JdbcStore.open(db, NAME, PlaytchaSettings.builder("sk_test_stuck").ledgerDataSource(NAME).build().ledger(), VerifierClock.SYSTEM, "playtcha-ledger");
            FailOpenLedger ledger = ManualLedgers.over(store, 100, token -> null, r -> heard.add(r), new ManualClock());
            try {
                db.stuck = true;
                LedgerEntry stuck = ledger.record("token-being-written", "/signup", "198.51.100.7", "timeout").entry();
                assertTrue(db.writing.await(HANG.toSeconds(), TimeUnit.SECONDS), "the writer is inside the write");
                LedgerEntry second = ledger.record("token-second", "/signup", "198.51.100.7", "timeout").entry();
                LedgerEntry third = ledger.record("token-third", "/signup", "198.51.100.7", "timeout").entry();

                assertTimeoutPreemptively(HANG, ledger::close, "close waits for no write under way");

                assertEquals(List.of(second.id(), third.id()), heard.stream().map(r -> r.entry().id()).toList(),
                        "the entries never stored, each once, in the order recorded; not the one being written");
                assertTrue(heard.stream().allMatch(r -> r.outcome() == Reconciliation.Outcome.ABANDONED), heard::toString);
                String logged = log.everything();
                assertTrue(logged.contains("was being written") && logged.contains("id=" + stuck.id())
                        && logged.contains("token_sha256=" + TokenDigest.hex("token-being-written")), logged);
                assertFalse(logged.contains("token-being-written"), "never the token");
            } finally {
                db.release.countDown();
            }
        }
    }

    /** Once stuck, a database whose writer's connection never comes until the test ends, and which refuses every other. */
    private static final class StuckDatabase extends PoolFront {

        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean stuck;

        StuckDatabase(DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (!stuck) {
                return pool.getConnection();
            }
            if (Thread.currentThread().getName().equals("playtcha-ledger-writer") && writing.getCount() > 0) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new SQLException("Connection is not available, request timed out.", "08001");
        }

        @Override
        public String toString() {
            return "a database that does not answer";
        }
    }

    /**
     * Node a's insert commits but its answer is lost (the connection fails after the commit), and the
     * database is then away for node a until it closes. Node a does not report the entry abandoned
     * ("never stored") but logs it as one that may be in the table; node b takes the row over, posts
     * the token and reports it confirmed: one id, one outcome.
     */
    @Test
    void anInsertWhoseAnswerWasLost_isNotReportedAbandoned_andTheNodeThatTakesItOverConfirmsIt(PlaytchaSimulator sim)
            throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/ack")
                .ledgerLease(Duration.ofMillis(600)).build().ledger();
        String url = TestPostgres.get().database();
        List<Reconciliation> heardA = new CopyOnWriteArrayList<>();
        List<Reconciliation> heardB = new CopyOnWriteArrayList<>();
        try (HikariDataSource poolA = TestPostgres.pool(url, 4); HikariDataSource poolB = TestPostgres.pool(url, 4);
                PlaytchaVerifier playtcha = OwnershipTest.reverifier(sim)) {
            LostAnswer front = new LostAnswer(poolA);
            ManualClock clockA = new ManualClock();
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(front, "a", lease, clockA, "playtcha-ledger"), 100, playtcha::ask, r -> heardA.add(r), clockA);
            front.loseAnswer = true;
            String token = sim.mintToken();
            LedgerEntry entry = a.record(token, "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
            JdbcStoreTest.await(() -> !"<no row>".equals(OwnershipTest.column(poolB, entry.id(), "state")), "the insert committed");
            assertEquals(1, a.unwritten(), "node a does not know it");
            front.gone = true;
            a.close();
            assertEquals(List.of(), heardA, "not reported abandoned: it may be (and is) in the table");
            // INFO and up: the driver's own trace (FINEST) logs what it binds
            String logged = log.lines(Level.SEVERE) + "\n" + log.lines(Level.WARNING) + "\n" + log.lines(Level.INFO);
            assertTrue(logged.contains("answer was lost") && logged.contains("id=" + entry.id())
                    && logged.contains("token_sha256=" + TokenDigest.hex(token)), logged);
            assertFalse(logged.contains(token), "never the token");

            ManualClock clockB = new ManualClock();
            FailOpenLedger b = ManualLedgers.over(JdbcStore.open(poolB, "b", lease, VerifierClock.SYSTEM, "playtcha-ledger"), 100, playtcha::ask,
                    r -> heardB.add(r), clockB);
            try {
                JdbcStoreTest.await(() -> {
                    clockB.advance(Duration.ofSeconds(2)); // node a's lease lapses in the database's time; b's passes are on its clock
                    b.pass();
                    return !heardB.isEmpty();
                }, "node b takes the row over and reports it");
            } finally {
                b.close();
            }
            assertEquals(1, heardB.size());
            assertEquals(entry.id(), heardB.get(0).entry().id());
            assertEquals(Reconciliation.Outcome.CONFIRMED, heardB.get(0).outcome());
            assertEquals(1, sim.callCount(token));
        }
    }

    /**
     * The record of a delivery could not be made (queued for the writer) and the database is still
     * away at close: closing says how many such records it leaves, and that the node that takes
     * their rows over delivers them again; it does not drop them in silence.
     */
    @Test
    void recordsOfDeliveriesStillQueuedAtClose_areCountedInAWarning(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/queued")
                .ledgerLease(Duration.ofSeconds(30)).build().ledger();
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4);
                PlaytchaVerifier playtcha = OwnershipTest.reverifier(sim)) {
            OwnershipTest.Blips blips = new OwnershipTest.Blips(pool);
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(blips, "a", lease, clock, "playtcha-ledger"), 100, playtcha::ask, r -> heard.add(r), clock);
            LedgerEntry entry = a.record(sim.mintToken(), "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
            JdbcStoreTest.await(() -> a.unwritten() == 0, "inserted");
            blips.failWhile(sql -> sql.contains("SET state = 'reported'"));
            clock.advance(Duration.ofSeconds(2));
            a.pass();
            assertEquals(1, heard.size());
            a.close();
            String warnings = log.lines(Level.WARNING).toString();
            assertTrue(warnings.contains("closed with 1 records of deliveries its database never took"), warnings);
            assertEquals("settled", OwnershipTest.column(pool, entry.id(), "state"), "the row stays, for the next node");
        }
    }

    /** A front whose inserts commit but whose connection then fails at close (the answer is lost), and which can go away. */
    private static final class LostAnswer extends PoolFront {
        volatile boolean loseAnswer;
        volatile boolean gone;

        LostAnswer(DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (gone) {
                throw new SQLException("the database went away (test)", "08001");
            }
            Connection c = pool.getConnection();
            boolean[] inserted = {false};
            return (Connection) Proxy.newProxyInstance(LostAnswer.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith("INSERT INTO playtcha_ledger ")) {
                            inserted[0] = true;
                        }
                        Object r;
                        try {
                            r = method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("close") && inserted[0] && loseAnswer) {
                            throw new SQLException("connection reset after the commit (test)", "08006");
                        }
                        return r;
                    });
        }
    }
}
