package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A claim that got no answer in time (UNKNOWN, held locally) whose late answer is TAKEN hands the
 * entry back through {@code refused()} from the claim thread, which may be before
 * {@code OpenEntries.record} has put the entry among the open ones. A pass that polls in between
 * must keep the hand-back until the entry is there: otherwise the outcome is lost and the entry stays
 * open for good (no row will ever exist, so {@code posting} answers UNKNOWN). The store below makes
 * that interleaving deterministic by running a pass inside {@code claim()}. Found by the review of issue 38.
 */
class LateTakenHandBackTest {

    @Test
    void aLateTakenHandedBackBeforeTheEntryIsOpen_isStillReported() {
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        AtomicReference<FailOpenLedger> ledger = new AtomicReference<>();
        RacingStore store = new RacingStore(ledger);
        FailOpenLedger l = ManualLedgers.over(store, 100, token -> { throw new AssertionError("never posted"); },
                r -> heard.add(r), VerifierClock.SYSTEM);
        ledger.set(l);
        try {
            FailOpenLedger.Recorded recorded = l.record("token-dup", "/signup", "198.51.100.7", "timeout");
            assertEquals(SharedStore.Claim.UNKNOWN, recorded.claim(), "held locally");
            for (int i = 0; i < 5; i++) {
                l.pass();
            }
            assertEquals(1, heard.size(), "the duplicate is reported rejected (already_redeemed) once; open entries: " + l.size());
            assertEquals(Reconciliation.Outcome.REJECTED, heard.get(0).outcome());
            assertEquals(0, l.size(), "and leaves the ledger");
        } finally {
            l.close();
        }
    }

    /** A shared store whose claim gets no answer in time, and whose late answer (TAKEN) lands before claim() returns. */
    static final class RacingStore implements SharedStore {
        private final AtomicReference<FailOpenLedger> ledger;
        private final Map<String, Reconciliation.Outcome> refused = new ConcurrentHashMap<>();

        RacingStore(AtomicReference<FailOpenLedger> ledger) {
            this.ledger = ledger;
        }

        @Override
        public Claim claim(LedgerEntry entry, Duration wait, boolean hold) {
            refused.put(entry.id(), Reconciliation.Outcome.REJECTED); // TokenClaims.lateAnswer -> writer.taken, on the claim thread
            ledger.get().pass(); // the ledger's pass thread polls refused() now
            return Claim.UNKNOWN;
        }

        @Override
        public Map<String, Reconciliation.Outcome> refused() {
            Map<String, Reconciliation.Outcome> back = Map.copyOf(refused);
            back.keySet().forEach(refused::remove);
            return back;
        }

        @Override public int unwritten() { return 0; }
        @Override public Hold posting(String id) { return Hold.UNKNOWN; } // no row: the shared store's answer (TableStore)
        @Override public Hold settled(Reconciliation r) { return Hold.UNKNOWN; }
        @Override public Hold reported(String id) { return Hold.UNKNOWN; }
        @Override public Hold deliveryFailed(String id, int failures, Instant next) { return Hold.UNKNOWN; }
        @Override public Hold parked(Reconciliation r, int failures, String listeners) { return Hold.UNKNOWN; }
        @Override public List<StoredEntry> adopt(int room) { return List.of(); }
        @Override public long passMillis() { return 1_000; }
        @Override public Map<String, Reconciliation.Outcome> close(Duration wait) { return Map.of(); }
        @Override public List<StoredEntry> replay() { return List.of(); }
        @Override public void recorded(LedgerEntry entry) { }
        @Override public void deadLetter(Reconciliation r, String reason) { }
        @Override public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) { }
        @Override public LedgerStore.Unwritable unwritable() { return null; }
    }
}
