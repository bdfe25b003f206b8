package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The store of a ledger without {@code playtcha.ledger.directory}: nothing is kept beyond the
 * ledger's own memory, so nothing outlives the verifier (a closed ledger reports its open entries
 * {@code abandoned}), and a dead letter is a WARNING line.
 */
final class MemoryStore implements LocalStore {

    private static final System.Logger LOG = System.getLogger(MemoryStore.class.getName());

    @Override public boolean durable() { return false; }
    @Override public List<StoredEntry> replay() { return List.of(); }

    // Nothing is written: an entry and its steps live in the ledger's memory alone.
    @Override public void recorded(LedgerEntry entry) { }
    @Override public void posting(String id) { }
    @Override public void settled(Reconciliation reconciliation) { }
    @Override public void reported(String id) { }
    @Override public void compact(int open, Supplier<List<StoredEntry>> entries) { }
    @Override public void close() { }

    /** Never failing: nothing is written. */
    @Override public Unwritable unwritable() { return null; }

    @Override
    public void deadLetter(Reconciliation r, String reason) {
        LOG.log(Level.WARNING, "Playtcha ledger dead letter (no playtcha.ledger.directory, so only this line): {0} "
                + "[id={1}, path={2}, remote={3}, cause={4}, outcome={5}]",
                reason, r.entry().id(), r.entry().path(), r.entry().remoteAddress(), r.entry().cause(), r.outcome());
    }

    /** Nothing more to say: the ledger's WARNING with the count is the whole record. */
    @Override public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) { }

    @Override public String toString() { return "memory"; }
}
