package com.playtcha.jakarta.spi.store;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import java.time.Instant;
import java.util.List;

/**
 * SPI: where the fail-open ledger keeps its entries, in one of two shapes, for two promises: one node's
 * own (memory, the file journal: the engine's) or a {@link SharedStore}, a table several nodes share,
 * which the module {@code playtcha-jakarta-cluster} implements. The store keeps nothing of how the
 * ledger paces, backs off or decides.
 *
 * <p>An entry's steps (recorded, posting, settled, reported) reach the store in the order they
 * happen; {@link #replay} returns what was not reported. Every store never throws for a failed
 * write, is safe for several threads and holds no secret. Why: design/ledger.md.
 */
public interface LedgerStore {

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
}
