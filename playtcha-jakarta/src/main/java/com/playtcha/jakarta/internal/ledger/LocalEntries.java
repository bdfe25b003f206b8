package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.SharedStore.Hold;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.util.List;

/**
 * The entries of a ledger on a store of its own node ({@link LocalStore}): each step is written under
 * the lock requests record with, together with the change it makes in memory, so the store sees an
 * entry's steps in order and a {@link LocalStore#compact} misses no entry recorded meanwhile. This
 * node owns every entry: each step answers {@link Hold#HELD}; nothing is adopted or handed back, and
 * a pass has no time budget.
 */
final class LocalEntries extends OpenEntries {

    private final LocalStore store;

    LocalEntries(LocalStore store, int capacity, VerifierClock clock, FailOpenLedger.Host host) {
        super(capacity, clock, host);
        this.store = store;
    }

    @Override LedgerStore store() { return store; }
    @Override List<OpenEntry> takeOver() { return List.of(); }
    @Override long passMillis() { return Long.MAX_VALUE; }
    @Override boolean durable() { return store.durable(); }
    @Override int unwritten() { return 0; }

    /** Stored before it returns: the entry survives the JVM dying the moment after (a local file takes microseconds). */
    @Override
    FailOpenLedger.Recorded record(String token, String path, String remoteAddress, String cause) {
        OpenEntry o = admitted(token, path, remoteAddress, cause, taken -> {
            store.recorded(taken.entry);
            open.put(taken);
        });
        return o == null ? FailOpenLedger.Recorded.NONE : new FailOpenLedger.Recorded(o.entry, null);
    }

    @Override
    Hold posting(OpenEntry o) {
        synchronized (lock) {
            store.posting(o.entry.id());
            o.posted = true;
        }
        return Hold.HELD;
    }

    /** Stored before it returns, in a durable store. */
    @Override
    Hold settled(OpenEntry o) {
        synchronized (lock) {
            store.settled(o.settled);
        }
        return Hold.HELD;
    }

    @Override
    boolean reported(OpenEntry o) {
        synchronized (lock) {
            store.reported(o.entry.id());
            delivering--;
        }
        return true;
    }

    /** Kept in memory only: after a restart every listener hears the entry again. */
    @Override
    boolean retry(OpenEntry o, long next) {
        o.nextDelivery = next;
        unclaim(o);
        return true;
    }

    /** A dead letter (written outside the lock, as {@link LocalStore} says), then done. */
    @Override
    boolean park(OpenEntry o, String listeners) {
        store.deadLetter(o.settled, "parked: PlaytchaListener " + listeners + " failed on it " + o.failedDeliveries + " time(s)");
        return reported(o);
    }

    @Override
    void compact() {
        synchronized (lock) {
            store.compact(open.size(), () -> open.list().stream().map(OpenEntry::stored).toList());
        }
    }

    /** Every entry was stored before {@code record} returned: none to hand back for want of a write. */
    @Override
    List<OpenEntry> closeStore(Duration wait) {
        store.close();
        return List.of();
    }
}
