package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import java.time.Instant;
import java.util.List;

/**
 * Where the fail-open ledger keeps its entries: one of two shapes, for two promises. A
 * {@link LocalStore} is one node's own (memory, the file journal of {@code internal.ledger.journal});
 * a {@link SharedStore} is a table several nodes share (the module {@code playtcha-jakarta-cluster}).
 * The store keeps nothing of how the ledger paces, backs off or decides.
 *
 * <p>An entry's steps reach the store in the order they happen: recorded; posting, before every
 * post of its token by the ledger (a later 409 may then be that post's doing:
 * {@link ReconciliationPolicy}); settled, before the listeners hear the outcome ({@link Delivery});
 * reported, after they heard it or it was parked: the entry is done. At start {@link #replay}
 * returns what was recorded and not yet reported, with its steps; a durable store thereby makes
 * each entry reported at least once across restarts and crashes.
 *
 * <p>What every store must do: never throw for a failed write (a request that failed open goes on
 * whatever storage says; a run of failures is logged once and shown by {@link #unwritable}), be safe
 * for calls from several threads, and hold no secret. Tokens are stored (single-use, worthless after
 * 5 minutes); dead letters hold no token. Paths and client addresses may be personal data.
 */
public sealed interface LedgerStore permits LocalStore, SharedStore {

    /**
     * The entries recorded and not yet reported, in the order they were recorded (a shared store:
     * those it can take over now); called once, at start, before anything else.
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException when what is stored cannot be read
     */
    List<StoredEntry> replay();

    /**
     * A request failed open and goes on: a local store has it stored before {@code record} returns;
     * a shared one queues it for its writer and never waits for the store.
     */
    void recorded(LedgerEntry entry);

    /** Keeps, for audit and without the token, an entry that ended without a verdict or that a listener failed to take. */
    void deadLetter(Reconciliation reconciliation, String reason);

    /** Keeps the count of fail-open requests the full (or closed) ledger could not record. */
    void deadLetterUnrecorded(long count, Instant first, Instant last, String reason);

    /**
     * The current run of failed writes, or {@code null} while writes work: the status shows it as
     * {@code VerifierStatus.LocalFault.LEDGER_UNWRITABLE}, in the readiness check's data (the check
     * stays UP). Cheap (a volatile read); called by status pages.
     */
    Unwritable unwritable();

    /**
     * A run of failed writes, made once when it begins.
     *
     * @param since   when the first write of the run failed
     * @param message for an operator: which store, what failed, what happens meanwhile; never a token,
     *                a password or a database URL
     */
    record Unwritable(Instant since, String message) {
    }

    /** A store that keeps nothing past the JVM: closing leaves the open entries to be reported abandoned. */
    static LedgerStore inMemory() {
        return new MemoryStore();
    }
}
