package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Ledgers with no background pass, for tests outside this package (the journal's, the verifier's
 * listeners): the test moves the clock and calls {@link FailOpenLedger#pass()}. Posts
 * {@value FailOpenLedger#PARALLEL} at a time, never holds off, and its listeners take every outcome
 * unless given; with a shared store, a claim waits 250 ms (the default {@code playtcha.cluster.timeout})
 * and one unanswered is held locally (the default {@code playtcha.ledger.claim-unavailable}).
 */
public final class ManualLedgers {

    private ManualLedgers() {
    }

    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            Clock clock) {
        return over(store, capacity, reverify, (r, owing) -> List.of(), clock);
    }

    /** The same, its listeners being {@code deliver} as one ({@code false}: it failed on the outcome). */
    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            Predicate<Reconciliation> deliver, Clock clock) {
        return over(store, capacity, reverify, asOne(deliver), clock);
    }

    /** The same, its listeners being {@code listeners} (the verifier's, or a test's). */
    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            ListenerDelivery listeners, Clock clock) {
        return over(store, capacity, reverify, () -> false, listeners, clock);
    }

    /** The same, holding off while {@code holdOff} says so (the breaker cooling down). */
    static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            BooleanSupplier holdOff, ListenerDelivery listeners, Clock clock) {
        return new FailOpenLedger(store, capacity, FailOpenLedger.PARALLEL, reverify, holdOff, listeners, (token, age) -> { },
                clock, null, "test-ledger", null, Duration.ofMillis(250), true);
    }

    /**
     * Listeners that take or fail on an outcome as one, as {@code deliver} says: for tests of the ledger's
     * pace, store and ownership rather than of which listener hears what.
     */
    static ListenerDelivery asOne(Predicate<Reconciliation> deliver) {
        return (r, owing) -> deliver.test(r) ? List.of() : List.of(AsOne.LISTENER);
    }

    /** The listener that stands for all of them in {@link #asOne}. */
    static final class AsOne implements PlaytchaListener {
        static final AsOne LISTENER = new AsOne();
    }
}
