package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database ledger closed while its writer is inside a write that does not return (a pool waiting
 * for a connection, a database that never answers: no bound of ours). Closing waits for the writer
 * only as long as it says it does, then reports the entries never stored {@code abandoned}, and
 * leaves the one being written to its write, logged by its token's digest: it never waits for the
 * monitor that write holds.
 */
class WriteUnderWayAtCloseTest {

    /** Not a performance bound: the test's guard against a close that never returns (it takes {@code CLOSE_WAIT}). */
    private static final Duration HANG = Duration.ofSeconds(60);

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void aWriteThatNeverReturns_doesNotHoldUpClose_andTheOthersAreReportedAbandoned() throws Exception {
        StuckDatabase db = new StuckDatabase();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        FailOpenLedger ledger = ManualLedgers.over(db, 100, token -> null, r -> heard.add(r), new ManualClock());
        try {
            LedgerEntry stuck = ledger.record("token-being-written", "/signup", "198.51.100.7", "timeout");
            assertTrue(db.writing.await(HANG.toSeconds(), TimeUnit.SECONDS), "the writer is inside the write");
            LedgerEntry second = ledger.record("token-second", "/signup", "198.51.100.7", "timeout");
            LedgerEntry third = ledger.record("token-third", "/signup", "198.51.100.7", "timeout");

            assertTimeoutPreemptively(HANG, ledger::close, "close waits for no monitor a write holds");

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

    /** A database whose first write never returns until the test ends, and which refuses every other. */
    private static final class StuckDatabase implements LedgerStore {

        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public boolean remote() {
            return true;
        }

        @Override
        public boolean write(StoredEntry entry) {
            if (writing.getCount() == 0) {
                return false;
            }
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public List<StoredEntry> replay() {
            return List.of();
        }

        @Override
        public void recorded(LedgerEntry entry) {
            throw new AssertionError("a remote store is written by the writer");
        }

        @Override
        public Hold posting(String id) {
            return Hold.UNKNOWN;
        }

        @Override
        public Hold settled(Reconciliation reconciliation) {
            return Hold.UNKNOWN;
        }

        @Override
        public void reported(String id) {
        }

        @Override
        public void deadLetter(Reconciliation reconciliation, String reason) {
        }

        @Override
        public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
        }

        @Override
        public void compact(int open, Supplier<List<StoredEntry>> entries) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "a database that does not answer";
        }
    }
}
