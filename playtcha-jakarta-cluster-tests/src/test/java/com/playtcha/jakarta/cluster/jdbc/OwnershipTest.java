package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nodes on one real PostgreSQL database and the same entries, in one JVM (each a ledger with a store
 * and a pool of its own): a node posts and reports an entry only while it owns it, and a takeover
 * delivers a stored outcome again rather than post the token again. The three-node race on fake time:
 * {@link SharedRaceTest}.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class OwnershipTest {

    static final Duration AWAIT = Duration.ofSeconds(60);

    /**
     * Node a's database fails the write of the outcome once, then goes away for good the moment a
     * records the delivery: a's listener heard {@code CONFIRMED}, the record never came (no lock, no transaction over it).
     * Node b takes the entry over and delivers the same id with the same outcome, from the row,
     * without posting the token again (the simulator saw one post).
     */
    @Test
    void aBlipBetweenDeliveryAndCommit_thenATakeover_deliversTheStoredOutcomeAgain_withoutAPost(PlaytchaSimulator sim)
            throws Exception {
        String url = TestPostgres.get().database();
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/blip")
                .ledgerLease(Duration.ofMillis(600)).build().ledger();
        try (HikariDataSource poolA = TestPostgres.pool(url, 4); HikariDataSource poolB = TestPostgres.pool(url, 4);
                PlaytchaVerifier playtcha = reverifier(sim)) {
            Blips blips = new Blips(poolA);
            blips.failOnce(sql -> sql.contains("SET state = 'settled'"));
            blips.goAwayAt(sql -> sql.contains("SET state = 'reported'"));
            List<Reconciliation> heardA = new CopyOnWriteArrayList<>();
            List<Reconciliation> heardB = new CopyOnWriteArrayList<>();
            ManualClock clock = new ManualClock();
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(blips, "a", lease, VerifierClock.SYSTEM, "playtcha-ledger"), 100, playtcha::ask, r -> heardA.add(r), clock);
            FailOpenLedger b = null;
            try {
                String token = sim.mintToken();
                LedgerEntry entry = a.record(token, "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                JdbcStoreTest.await(() -> a.unwritten() == 0, "the ledger's writer stores the rows");
                for (int pass = 0; pass < 5 && heardA.isEmpty(); pass++) {
                    clock.advance(Duration.ofSeconds(2)); // past the first try, and past a retry's back-off
                    a.pass();
                }
                assertEquals(1, heardA.size(), "node a delivered it");
                assertEquals(Outcome.CONFIRMED, heardA.get(0).outcome());
                assertTrue(blips.gone.get(), "and lost its database before the commit");

                long deadline = System.nanoTime() + AWAIT.toNanos();
                b = ManualLedgers.over(JdbcStore.open(poolB, "b", lease, VerifierClock.SYSTEM, "playtcha-ledger"), 100, playtcha::ask, r -> heardB.add(r), clock);
                while (heardB.isEmpty() && System.nanoTime() < deadline) {
                    b.pass();
                    Thread.sleep(50); // polling node b until a's lease has run out, not waiting for time to pass
                }
                assertEquals(1, heardB.size(), "node b took the entry over and delivered it");
                assertEquals(entry.id(), heardB.get(0).entry().id(), "the same id");
                assertEquals(Outcome.CONFIRMED, heardB.get(0).outcome(), "the same outcome");
                assertEquals(1, sim.callCount(token), "not verified again: a delivered outcome is never re-verified");
            } finally {
                a.close();
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    /**
     * With a 600 ms lease a pass takes no new entry after 200 ms: posts that take 100 ms each (on
     * the ledger's clock) stop it after its first batch of 4; the next pass takes the next batch.
     */
    @Test
    void aPass_takesNoNewEntriesOnceAThirdOfTheLeaseHasGone(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/slow")
                .ledgerLease(Duration.ofMillis(600)).build().ledger();
        ManualClock clock = new ManualClock();
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4);
                PlaytchaVerifier playtcha = reverifier(sim)) {
            FailOpenLedger ledger = ManualLedgers.over(JdbcStore.open(pool, "slow", lease, VerifierClock.SYSTEM, "playtcha-ledger"), 100, token -> {
                synchronized (clock) {
                    clock.advance(Duration.ofMillis(100));
                }
                return playtcha.ask(token);
            }, r -> true, clock);
            try {
                for (int i = 0; i < 12; i++) {
                    ledger.record(sim.mintToken(), "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                }
                JdbcStoreTest.await(() -> ledger.unwritten() == 0, "the ledger's writer stores the rows");
                clock.advance(Duration.ofSeconds(2));
                ledger.pass();
                assertEquals(4, sim.callCount(), "one batch (400 ms on the ledger's clock), then no new entries");
                ledger.pass();
                assertEquals(8, sim.callCount(), "the next pass takes the next batch");
            } finally {
                ledger.close();
            }
        }
    }

    /**
     * Another node takes two of node a's rows over (the table says so: the owner changed): one
     * before a's pass, one while a's post of it is in flight. Node a posts neither the first nor
     * anything after, reports neither, and forgets both; a third entry, still a's, goes on as usual.
     */
    @Test
    void aNodeWhoseRowsWereTakenOver_neitherPostsNorReportsThem_andForgetsThem(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/lost")
                .ledgerLease(Duration.ofSeconds(30)).build().ledger();
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4);
                PlaytchaVerifier playtcha = reverifier(sim)) {
            String before = sim.mintToken();
            String during = sim.mintToken();
            String kept = sim.mintToken();
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(pool, "a", lease, VerifierClock.SYSTEM, "playtcha-ledger"), 100, token -> {
                if (token.equals(during)) {
                    takeOver(pool, "token = '" + during + "'");
                }
                return playtcha.ask(token);
            }, r -> heard.add(r), clock);
            try {
                a.record(before, "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                a.record(during, "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                LedgerEntry mine = a.record(kept, "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                JdbcStoreTest.await(() -> a.unwritten() == 0, "the ledger's writer stores the rows");
                takeOver(pool, "token = '" + before + "'");
                clock.advance(Duration.ofSeconds(2));

                a.pass();

                assertEquals(0, sim.callCount(before), "not posted: the row was another node's before the post");
                assertEquals(1, sim.callCount(during), "posted while it was a's, once");
                assertEquals(List.of(mine.id()), heard.stream().map(r -> r.entry().id()).toList(), "only a's own is reported");
                assertEquals(0, a.size(), "the two taken over are forgotten, not retried");
                clock.advance(Duration.ofSeconds(30));
                a.pass();
                assertEquals(0, sim.callCount(before));
                assertEquals(1, sim.callCount(during));
                assertEquals(1, heard.size());
            } finally {
                a.close();
            }
        }
    }

    /**
     * Another node takes the row over while a listener hears the entry here: the record of the
     * delivery finds it that node's, which delivers it again; this node counts it in its INFO line
     * of entries taken over.
     */
    @Test
    void aRowTakenOverDuringItsDelivery_isCountedAsTakenOver(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/during")
                .ledgerLease(Duration.ofSeconds(30)).build().ledger();
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        // The delivery's own lines only: capturing every logger (the driver's trace) would slow the other tests' nodes.
        Logger delivery = Logger.getLogger("com.playtcha.jakarta.internal.ledger.Delivery");
        List<String> info = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                info.add(new SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        delivery.addHandler(handler);
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4);
                PlaytchaVerifier playtcha = reverifier(sim)) {
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(pool, "a", lease, VerifierClock.SYSTEM, "playtcha-ledger"), 100, playtcha::ask, r -> {
                takeOver(pool, "id = '" + r.entry().id() + "'"); // node b, while the listener runs
                return heard.add(r);
            }, clock);
            try {
                a.record(sim.mintToken(), "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                JdbcStoreTest.await(() -> a.unwritten() == 0, "the ledger's writer stores the row");
                for (int pass = 0; pass < 5 && heard.isEmpty(); pass++) {
                    // past the first try, and a retry's back-off: on a cold JVM under load the first post outran its 2 s
                    clock.advance(Duration.ofSeconds(2));
                    a.pass();
                }
                assertEquals(1, heard.size());
                assertEquals(0, a.size());
                assertTrue(info.stream().anyMatch(l -> l.contains("1 entries were taken over")), info.toString());
            } finally {
                a.close();
            }
        } finally {
            delivery.removeHandler(handler);
        }
    }

    private static void takeOver(DataSource db, String where) {
        try (Connection c = db.getConnection(); var s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE playtcha_ledger SET owner = 'node-b', claimed_at = now() WHERE " + where));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The insert of an entry failed (a blip): its row is not there when the pass comes. That is no
     * takeover: the entry is neither posted nor forgotten, the store's writer writes the row once it
     * can, and the next pass posts and reports it.
     */
    @Test
    void anEntryWhoseRowIsNotWrittenYet_waits_andIsPostedOnceWritten(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/unwritten")
                .ledgerLease(Duration.ofSeconds(30)).build().ledger();
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4);
                PlaytchaVerifier playtcha = reverifier(sim)) {
            Blips blips = new Blips(pool);
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(blips, "a", lease, VerifierClock.SYSTEM, "playtcha-ledger"), 100, playtcha::ask, r -> heard.add(r), clock);
            try {
                String token = sim.mintToken();
                blips.failWhile(sql -> sql.startsWith("INSERT INTO playtcha_ledger "));
                a.record(token, "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                clock.advance(Duration.ofSeconds(2));

                a.pass();
                assertEquals(0, sim.callCount(token), "not posted before its row says this node owns it");
                assertEquals(1, a.size(), "and not forgotten either");
                assertEquals(1, a.unwritten());

                blips.failWhile(sql -> false);
                JdbcStoreTest.await(() -> a.unwritten() == 0, "the ledger's writer stores the row once it can");
                clock.advance(Duration.ofSeconds(2));
                a.pass();
                assertEquals(1, sim.callCount(token));
                assertEquals(1, heard.size());
                assertEquals(Outcome.CONFIRMED, heard.get(0).outcome());
            } finally {
                a.close();
            }
        }
    }

    /**
     * Node a delivers an entry, but the record of the delivery cannot be made (it is queued for the
     * writer), and the database then refuses the lease's renewals for longer than the lease. Node a,
     * alive all along, finds its own row lapsed when it next looks for entries to take over: it does
     * not take it (that would deliver it again from the same live node); its writer records the
     * delivery once the database answers.
     */
    @Test
    void aQueuedRecordOfADelivery_thenALapsedLease_theLiveNodeDoesNotTakeItsOwnRowAgain(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/self")
                .ledgerLease(Duration.ofMillis(600)).build().ledger();
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4);
                PlaytchaVerifier playtcha = reverifier(sim)) {
            Blips blips = new Blips(pool);
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(blips, "a", lease, clock, "playtcha-ledger"), 100, playtcha::ask, r -> heard.add(r), clock);
            try {
                LedgerEntry entry = a.record(sim.mintToken(), "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                JdbcStoreTest.await(() -> a.unwritten() == 0, "inserted");
                blips.failWhile(sql -> sql.contains("SET state = 'reported'") || sql.startsWith(LedgerRows.RENEW));
                clock.advance(Duration.ofSeconds(2));
                a.pass();
                assertEquals(1, heard.size(), "delivered once");
                assertEquals(0, a.size(), "and gone from memory: the record of its delivery is queued for the writer");
                JdbcStoreTest.await(() -> lapsed(pool, entry.id(), 600), "the database sees node a's lease on the row lapsed");

                clock.advance(Duration.ofSeconds(1)); // past the store's next look for entries to take over
                a.pass();
                assertEquals(1, heard.size(), "node a, alive all along, does not deliver its own entry again");
                assertEquals(0, a.size());

                blips.failWhile(sql -> false);
                JdbcStoreTest.await(() -> {
                    clock.advance(Duration.ofSeconds(1)); // past the writer's back-off, which reads the ledger's clock
                    return "reported".equals(column(pool, entry.id(), "state"));
                }, "the writer records the delivery");
                assertEquals(1, heard.size());
            } finally {
                blips.failWhile(sql -> false);
                a.close();
            }
        }
    }

    /** A blip on the record of a delivery: the writer makes it moments later, and no listener hears the entry again. */
    @Test
    void aBlipOnTheRecordOfADelivery_theWriterMakesIt(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings.Ledger lease = PlaytchaSettings.builder(sim.secret()).ledgerDataSource("java:comp/env/jdbc/mark")
                .ledgerLease(Duration.ofSeconds(30)).build().ledger();
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4);
                PlaytchaVerifier playtcha = reverifier(sim)) {
            Blips blips = new Blips(pool);
            FailOpenLedger a = ManualLedgers.over(JdbcStore.open(blips, "a", lease, clock, "playtcha-ledger"), 100, playtcha::ask, r -> heard.add(r), clock);
            try {
                LedgerEntry entry = a.record(sim.mintToken(), "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
                JdbcStoreTest.await(() -> a.unwritten() == 0, "inserted");
                blips.failOnce(sql -> sql.contains("SET state = 'reported'"));
                clock.advance(Duration.ofSeconds(2));
                a.pass();
                JdbcStoreTest.await(() -> "reported".equals(column(pool, entry.id(), "state")), "the writer records the delivery");
                assertEquals(1, heard.size());
            } finally {
                a.close();
            }
        }
    }

    /** A column of the entry's row, or {@code <no row>}. */
    static String column(DataSource db, String id, String column) {
        try (Connection c = db.getConnection(); var s = c.prepareStatement("SELECT " + column + " FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (var r = s.executeQuery()) {
                return r.next() ? r.getString(1) : "<no row>";
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the database's own clock sees the row's lease older than {@code leaseMillis}. */
    private static boolean lapsed(DataSource db, String id, long leaseMillis) {
        try (Connection c = db.getConnection(); var s = c.prepareStatement(
                "SELECT claimed_at < now() - ? * INTERVAL '1 millisecond' FROM playtcha_ledger WHERE id = ?")) {
            s.setLong(1, leaseMillis);
            s.setString(2, id);
            try (var r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** A verifier without a ledger of its own: the ledgers' posts to the simulator, over real HTTP. */
    static PlaytchaVerifier reverifier(PlaytchaSimulator sim) {
        return PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT)
                .breakerEnabled(false).ledgerEnabled(false).ledgerCapacity(1).build());
    }

    /**
     * A {@code DataSource} over a real one that fails chosen statements: once, or from a chosen one
     * on, every statement, commit and new connection (the database went away for this node only).
     */
    static final class Blips extends PoolFront {
        private final List<Predicate<String>> once = new CopyOnWriteArrayList<>();
        private volatile Predicate<String> goAway = sql -> false;
        private volatile Predicate<String> failing = sql -> false;
        final AtomicBoolean gone = new AtomicBoolean();

        Blips(DataSource real) {
            super(real);
        }

        void failOnce(Predicate<String> statement) {
            once.add(statement);
        }

        /** Fails every statement that {@code statement} matches, until called again with one that matches none. */
        void failWhile(Predicate<String> statement) {
            failing = statement;
        }

        void goAwayAt(Predicate<String> statement) {
            goAway = statement;
        }

        private void check(String sql) throws SQLException {
            if (gone.get() || goAway.test(sql) && !gone.getAndSet(true)) {
                throw new SQLException("the database went away (test)", "08006");
            }
            if (failing.test(sql)) {
                throw new SQLException("the database refuses (test)", "08006");
            }
            for (Predicate<String> p : once) {
                if (p.test(sql) && once.remove(p)) {
                    throw new SQLException("a blip (test)", "08006");
                }
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (gone.get()) {
                throw new SQLException("the database went away (test)", "08001");
            }
            Connection c = pool.getConnection();
            return (Connection) Proxy.newProxyInstance(Blips.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        String name = method.getName();
                        if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null) {
                            check((String) args[0]);
                        } else if (name.equals("commit") || name.equals("createStatement")) {
                            check("");
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
