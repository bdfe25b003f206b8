package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.jdbc.JdbcStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database ledger's writer, with no background pass (the test calls it), on a real PostgreSQL
 * behind a pool that can be made to stall or fail ({@link ControlledDataSource}): what a request
 * records is counted until it is stored, stored with back-off while the database fails, and not
 * delivered before its row exists.
 */
class LedgerWriterTest {

    private static final String NAME = "java:comp/env/jdbc/ledger-writer";

    private HikariDataSource pool;
    private ControlledDataSource db;

    @BeforeEach
    void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 2);
        db = new ControlledDataSource(pool);
    }

    @AfterEach
    void close() {
        db.work();
        pool.close();
    }

    private FailOpenLedger ledger(ManualClock clock, List<Reconciliation> heard) {
        TableStore store = JdbcStore.open(db, NAME, PlaytchaSettings.builder("sk_test_writer").ledgerDataSource(NAME).build().ledger(), VerifierClock.SYSTEM, "playtcha-ledger");
        return ManualLedgers.over(store, 100, token -> null, r -> heard.add(r), clock);
    }

    @Test
    void whileGetConnectionStalls_recordWaitsForTheClaimOnly_andCountsWhatIsNotStored() throws Exception {
        FailOpenLedger ledger = ledger(new ManualClock(), new CopyOnWriteArrayList<>());
        try {
            db.stall(10_000);
            List<String> ids = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                ids.add(ledger.record("token-" + i, "/signup", "198.51.100.7", "timeout").entry().id());
                assertEquals(i + 1, ledger.size());
            }
            long took = System.nanoTime() - start;
            // Each waits at most its claim's playtcha.cluster.timeout, and none once both claim threads are held.
            assertTrue(took < 10_000_000_000L, "10 records returned while getConnection blocks for 10 s: " + took / 1_000_000 + " ms");
            assertEquals(10, ledger.unwritten());
            await(() -> db.stalls() >= 1, "the writer waits for the database, not the requests");

            db.work();
            await(() -> ledger.unwritten() == 0, "stored once the database is back");
            for (String id : ids) {
                assertEquals("open", state(id));
            }
        } finally {
            ledger.close();
        }
    }

    @Test
    void aFailingDatabase_isTriedAgainWithGrowingPauses_notInALoop() throws Exception {
        FailOpenLedger ledger = ledger(new ManualClock(), new CopyOnWriteArrayList<>());
        try {
            db.fail("Connection to 127.0.0.1:5432 refused.");
            ledger.record("token", "/signup", "198.51.100.7", "timeout").entry();
            await(() -> db.failures().size() >= 5, "the claim, then the writer's four attempts");
            List<Long> at = db.failures().subList(1, 5); // the first failure is the claim's, on the request
            for (int i = 1; i < 4; i++) {
                long gap = (at.get(i) - at.get(i - 1)) / 1_000_000;
                long expected = 500L << (i - 1); // 0.5 s, 1 s, 2 s
                assertTrue(gap >= expected - 50, "pause " + i + ": " + gap + " ms, expected " + expected + " ms");
            }
            assertEquals(1, ledger.unwritten());
        } finally {
            db.work();
            ledger.close();
        }
    }

    @Test
    void anEntryTheDatabaseDoesNotHave_isNotDelivered_untilTheWriterStoredIt_thenWithItsOutcome() throws Exception {
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        FailOpenLedger ledger = ledger(clock, heard);
        try {
            db.fail("Connection to 127.0.0.1:5432 refused.");
            LedgerEntry entry = ledger.record("token-that-expires", "/signup", "198.51.100.7", "timeout").entry();
            clock.advance(Duration.ofMinutes(5));
            ledger.pass();
            assertEquals(List.of(), heard, "settled expired in memory, but not delivered: the database has no row for it");
            assertEquals(1, ledger.size());

            db.work();
            await(() -> ledger.unwritten() == 0, "the writer stores it");
            assertEquals("open", state(entry.id()), "its outcome is not the writer's to store: its delivery stores it, owner checked");
            ledger.pass();
            assertEquals(1, heard.size());
            assertEquals(Reconciliation.Outcome.EXPIRED, heard.get(0).outcome());
            assertEquals("reported", state(entry.id()));
        } finally {
            ledger.close();
        }
    }

    /**
     * A NUL in Playtcha's unavailable code, which becomes the entry's cause: PostgreSQL's text cannot
     * hold it and would refuse the whole entry, so it is stored replaced, and what comes after is
     * written as usual.
     */
    @Test
    void aNulInTheCause_isStoredReplaced_andLaterWritesGoOn() throws Exception {
        FailOpenLedger ledger = ledger(new ManualClock(), new CopyOnWriteArrayList<>());
        try {
            LedgerEntry first = ledger.record("token-one", "/signup", "198.51.100.7", "db\u0000error").entry();
            LedgerEntry later = ledger.record("token-two", "/signup", "198.51.100.7", "timeout").entry();
            await(() -> ledger.unwritten() == 0, "both stored");
            assertEquals("db\uFFFDerror", OwnershipTest.column(pool, first.id(), "cause"));
            assertEquals("open", state(later.id()));
        } finally {
            ledger.close();
        }
    }

    /**
     * An insert the database refuses for good (a token with a NUL: SQL state 22021) is not tried
     * again: it does not hold up the entries recorded after it, which are stored, and it is handed
     * back to the ledger, which reports it abandoned on its next pass.
     */
    @Test
    void anInsertRefusedForGood_doesNotHoldUpLaterWrites_andIsReportedAbandoned() throws Exception {
        ManualClock clock = new ManualClock();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        FailOpenLedger ledger = ledger(clock, heard);
        try {
            LedgerEntry refused = ledger.record("token\u0000one", "/signup", "198.51.100.7", "timeout").entry();
            LedgerEntry later = ledger.record("token-two", "/signup", "198.51.100.7", "timeout").entry();
            await(() -> ledger.unwritten() == 0, "the later entry stored, the refused one dropped");
            assertEquals("open", state(later.id()));
            assertEquals("<no row>", OwnershipTest.column(pool, refused.id(), "state"));

            ledger.pass();
            assertEquals(1, heard.size());
            assertEquals(refused.id(), heard.get(0).entry().id());
            assertEquals(Reconciliation.Outcome.ABANDONED, heard.get(0).outcome());
            assertEquals(1, ledger.size(), "the later one waits for its re-verification");
            assertTrue(ledger.holds("token-two"));
        } finally {
            ledger.close();
        }
    }

    private String state(String id) throws SQLException {
        try (Connection c = pool.getConnection(); var s = c.prepareStatement("SELECT state FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "a row for " + id);
                return r.getString(1);
            }
        }
    }
}
