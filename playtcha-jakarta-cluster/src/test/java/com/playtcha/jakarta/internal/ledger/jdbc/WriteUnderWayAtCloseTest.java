package com.playtcha.jakarta.internal.ledger.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
import com.playtcha.jakarta.internal.ledger.TokenDigest;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database ledger closed while its writer is inside a write that does not return (a pool waiting
 * for a connection, a database that never answers: no bound of ours). Closing waits for the writer
 * only as long as it says it does, then reports the entries never stored {@code abandoned}, and
 * leaves the one being written to its write, logged by its token's digest: it never waits for it.
 */
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
            JdbcStore store = JdbcStore.open(db, NAME, PlaytchaSettings.builder("sk_test_stuck").ledgerDataSource(NAME).build().ledger(), Clock.systemUTC());
            FailOpenLedger ledger = ManualLedgers.over(store, 100, token -> null, r -> heard.add(r), new ManualClock());
            try {
                db.stuck = true;
                LedgerEntry stuck = ledger.record("token-being-written", "/signup", "198.51.100.7", "timeout");
                assertTrue(db.writing.await(HANG.toSeconds(), TimeUnit.SECONDS), "the writer is inside the write");
                LedgerEntry second = ledger.record("token-second", "/signup", "198.51.100.7", "timeout");
                LedgerEntry third = ledger.record("token-third", "/signup", "198.51.100.7", "timeout");

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
}
