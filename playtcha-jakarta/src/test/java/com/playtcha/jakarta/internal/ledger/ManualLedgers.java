package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Ledgers with no background pass, for tests outside this package (the journal's): the test moves
 * the clock and calls {@link FailOpenLedger#pass()}. Posts {@value FailOpenLedger#PARALLEL} at a
 * time, never holds off, and its listeners take every outcome.
 */
public final class ManualLedgers {

    private ManualLedgers() {
    }

    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            Clock clock) {
        return over(store, capacity, reverify, r -> true, clock);
    }

    /** The same, its listeners being {@code deliver} ({@code false}: one of them failed on the outcome). */
    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            Predicate<Reconciliation> deliver, Clock clock) {
        return new FailOpenLedger(store, capacity, FailOpenLedger.PARALLEL, reverify, () -> false, deliver, clock, null,
                "test-ledger");
    }
}
