package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link LocalStore} in the shape of a shared one, so that the pass and the delivery have one
 * path: every step is written under the lock requests record with (so the store sees an entry's
 * steps in order, and a {@link #compact} misses no entry recorded meanwhile) and answers
 * {@link Hold#HELD}; nothing is adopted, a pass has no time budget.
 */
final class Unshared implements SharedStore {

    private final LocalStore store;
    private final Object lock;

    Unshared(LocalStore store, Object lock) {
        this.store = store;
        this.lock = lock;
    }

    boolean durable() {
        return store.durable();
    }

    @Override
    public List<StoredEntry> replay() {
        return store.replay();
    }

    @Override
    public void recorded(LedgerEntry entry) {
        synchronized (lock) {
            store.recorded(entry);
        }
    }

    @Override
    public int unwritten() {
        return 0;
    }

    /** Not asked: {@link OpenEntries} records a local store's entries under its own lock instead. */
    @Override
    public Claim claim(LedgerEntry entry, Duration wait, boolean hold) {
        recorded(entry);
        return Claim.CLAIMED;
    }

    @Override
    public Map<String, Reconciliation.Outcome> refused() {
        return Map.of();
    }

    @Override
    public Hold posting(String id) {
        synchronized (lock) {
            store.posting(id);
        }
        return Hold.HELD;
    }

    @Override
    public Hold settled(Reconciliation reconciliation) {
        synchronized (lock) {
            store.settled(reconciliation);
        }
        return Hold.HELD;
    }

    @Override
    public Hold reported(String id) {
        synchronized (lock) {
            store.reported(id);
        }
        return Hold.HELD;
    }

    /** Kept in memory only: after a restart every listener hears the entry again. */
    @Override
    public Hold deliveryFailed(String id, int failures, Instant next) {
        return Hold.HELD;
    }

    /** A dead letter, then done. */
    @Override
    public Hold parked(Reconciliation r, int failures, String listeners) {
        synchronized (lock) {
            store.deadLetter(r, "parked: PlaytchaListener " + listeners + " failed on it " + failures + " time(s)");
            store.reported(r.entry().id());
        }
        return Hold.HELD;
    }

    @Override
    public void deadLetter(Reconciliation reconciliation, String reason) {
        synchronized (lock) {
            store.deadLetter(reconciliation, reason);
        }
    }

    @Override
    public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
        synchronized (lock) {
            store.deadLetterUnrecorded(count, first, last, reason);
        }
    }

    /** Called after every pass, with the open entries as the ledger holds them. */
    void compact(int open, Supplier<List<StoredEntry>> entries) {
        synchronized (lock) {
            store.compact(open, entries);
        }
    }

    @Override
    public List<StoredEntry> adopt(int room) {
        return List.of();
    }

    @Override
    public long passMillis() {
        return Long.MAX_VALUE;
    }

    @Override
    public LedgerStore.Unwritable unwritable() {
        return store.unwritable();
    }

    /** Every entry was stored before {@code record} returned: none to abandon for want of a write. */
    @Override
    public Map<String, Reconciliation.Outcome> close(Duration wait) {
        store.close();
        return Map.of();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
