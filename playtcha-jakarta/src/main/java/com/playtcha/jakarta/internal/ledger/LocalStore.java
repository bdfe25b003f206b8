package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.util.List;
import java.util.function.Supplier;

/**
 * A store of one node's own: {@link MemoryStore}, or the file journal, whose directory is locked to
 * one verifier, so no other node takes an entry and the ledger posts and reports on its own say.
 * {@link #recorded}, an entry's steps and {@link #compact} are called under the lock requests record
 * with ({@link LocalEntries}; the dead letters, {@link #replay}, {@link #durable}, {@link #unwritable} and
 * {@link #close} are not), {@link #recorded} on the request's thread: a local file takes microseconds,
 * and an entry then survives the JVM dying the moment after. A store that cannot write repairs itself
 * in {@link #compact}.
 */
interface LocalStore extends LedgerStore, AutoCloseable {

    /**
     * Whether entries outlive {@link #close()}: a durable store keeps the open ones for the next
     * start; otherwise the closing ledger reports them {@code abandoned}.
     */
    boolean durable();

    /** The ledger is about to post this entry's token (the steps: {@link LedgerStore}). */
    void posting(String id);

    /** The entry has its outcome: a durable store has it stored before it returns. */
    void settled(Reconciliation reconciliation);

    /** The entry is done. */
    void reported(String id);

    /**
     * Called after every pass: shrink what is stored, or repair it; {@code entries} (the {@code open} ones, in
     * order) is read only when needed.
     */
    void compact(int open, Supplier<List<StoredEntry>> entries);

    /** Releases what the store holds (files, a lock); never throws. */
    @Override
    void close();
}
