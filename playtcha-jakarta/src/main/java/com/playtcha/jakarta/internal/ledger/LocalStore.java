package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * A store of one node's own: {@link MemoryStore}, or the file journal. The directory is locked to
 * one verifier, so no other node takes an entry: the ledger posts and reports on its own say. Every
 * method is called under one lock of the ledger's, so the store sees an entry's steps in order and
 * a {@link #compact} never misses an entry recorded meanwhile; {@link #recorded} on the request's
 * thread, before {@code record} returns (a local file takes microseconds, and that is its promise:
 * an entry survives the JVM dying the moment after), the others on the ledger's threads. A store
 * that cannot write logs the run of failures once and repairs itself in {@link #compact}, which is
 * handed the open entries as the ledger holds them in memory.
 */
public non-sealed interface LocalStore extends LedgerStore, AutoCloseable {

    /**
     * Whether entries outlive {@link #close()}: a durable store keeps the open ones for the next
     * start; otherwise the closing ledger reports them {@code abandoned}.
     */
    boolean durable();

    /** A request failed open and goes on: stored before {@code record} returns. */
    void recorded(LedgerEntry entry);

    /**
     * The ledger is about to post this entry's token (before every post, the first and any after a
     * miss): a later 409 may then be its own post's doing (a reply lost, or the JVM killed before
     * the answer was stored).
     */
    void posting(String id);

    /**
     * The entry has its outcome; the listeners have not heard it yet. A durable store has it stored
     * before it returns, so that whoever delivers it after a restart delivers that outcome and never
     * posts the token again.
     */
    void settled(Reconciliation reconciliation);

    /** The listeners have heard the outcome (or it was parked): the entry is done. */
    void reported(String id);

    /** Keeps, for audit and without the token, an entry that ended without a verdict or that a listener failed to take. */
    void deadLetter(Reconciliation reconciliation, String reason);

    /** Keeps the count of fail-open requests the full (or closed) ledger could not record. */
    void deadLetterUnrecorded(long count, Instant first, Instant last, String reason);

    /**
     * Called after every pass: shrink what is stored, or repair it after failed writes.
     *
     * @param open    how many entries are open
     * @param entries those entries as the ledger holds them, in the order recorded (read only
     *                when needed: building the list costs a pass over every open entry)
     */
    void compact(int open, Supplier<List<StoredEntry>> entries);

    /** Releases what the store holds (files, a lock); never throws. */
    @Override
    void close();
}
