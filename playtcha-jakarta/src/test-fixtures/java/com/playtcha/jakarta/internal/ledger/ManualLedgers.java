package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Ledgers with no background pass, for tests outside this package (the journal's, the verifier's
 * listeners): the test moves the clock and calls {@link FailOpenLedger#pass()}. Its settings are the
 * defaults ({@link #settings}): {@value FailOpenLedger#PARALLEL} posts at a time, a shared store's claim
 * waits 250 ms and one unanswered is held locally; it never holds off, and its listeners take every
 * outcome unless given.
 */
public final class ManualLedgers {

    private ManualLedgers() {
    }

    /** The listeners as the ledger hands them an outcome ({@link FailOpenLedger.Host#deliver}). */
    @FunctionalInterface
    public interface Listeners {
        List<PlaytchaListener> deliver(Reconciliation reconciliation, List<PlaytchaListener> owing);
    }

    /** A host of the pieces a test gives; it keeps no tombstones. */
    public record Host(Function<String, VerificationResult> reverify, BooleanSupplier holdOff, Listeners listeners)
            implements FailOpenLedger.Host {
        @Override
        public VerificationResult reverify(String token) {
            return reverify.apply(token);
        }

        @Override
        public boolean holdingOff() {
            return holdOff.getAsBoolean();
        }

        @Override
        public List<PlaytchaListener> deliver(Reconciliation reconciliation, List<PlaytchaListener> owing) {
            return listeners.deliver(reconciliation, owing);
        }

        @Override
        public void released(String token, Duration age) {
        }
    }

    /** The store of a ledger kept in memory. */
    public static LedgerStore inMemory() {
        return new MemoryStore();
    }

    /** The journal in {@code directory} (opened, not yet replayed), for a ledger of {@code capacity}. */
    public static LedgerStore journal(Path directory, int capacity, VerifierClock clock) {
        return JournalStore.open(directory, capacity, clock);
    }

    /** The default settings but for {@code capacity}: what a verifier with {@code playtcha.ledger.capacity} gives its ledger. */
    public static PlaytchaSettings settings(int capacity) {
        return PlaytchaSettings.builder("sk_test_manual_ledger").ledgerCapacity(capacity).build();
    }

    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            VerifierClock clock) {
        return over(store, capacity, reverify, (r, owing) -> List.of(), clock);
    }

    /** The same, its listeners being {@code deliver} as one ({@code false}: it failed on the outcome). */
    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            Predicate<Reconciliation> deliver, VerifierClock clock) {
        return over(store, capacity, reverify, asOne(deliver), clock);
    }

    /** The same, its listeners being {@code listeners} (the verifier's, or a test's). */
    public static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            Listeners listeners, VerifierClock clock) {
        return over(store, capacity, reverify, () -> false, listeners, clock);
    }

    /** The same, holding off while {@code holdOff} says so (the breaker cooling down). */
    static FailOpenLedger over(LedgerStore store, int capacity, Function<String, VerificationResult> reverify,
            BooleanSupplier holdOff, Listeners listeners, VerifierClock clock) {
        return new FailOpenLedger(store, settings(capacity), new Host(reverify, holdOff, listeners), clock,
                new FailOpenLedger.Passes(null, "test-ledger", null));
    }

    /**
     * Listeners that take or fail on an outcome as one, as {@code deliver} says: for tests of the ledger's
     * pace, store and ownership rather than of which listener hears what.
     */
    static Listeners asOne(Predicate<Reconciliation> deliver) {
        return (r, owing) -> deliver.test(r) ? List.of() : List.of(AsOne.LISTENER);
    }

    /** The listener that stands for all of them in {@link #asOne}. */
    static final class AsOne implements PlaytchaListener {
        static final AsOne LISTENER = new AsOne();
    }

    /** A store of one node that keeps nothing, whose writes fail while {@link #failing} is set. */
    public static final class FailingStore implements LocalStore {
        public volatile Instant failing;

        @Override public Unwritable unwritable() {
            Instant since = failing;
            return since == null ? null : new Unwritable(since, "the test's store cannot write");
        }

        @Override public boolean durable() { return false; }
        @Override public List<StoredEntry> replay() { return List.of(); }
        @Override public void recorded(LedgerEntry entry) { }
        @Override public void posting(String id) { }
        @Override public void settled(Reconciliation reconciliation) { }
        @Override public void reported(String id) { }
        @Override public void deadLetter(Reconciliation reconciliation, String reason) { }
        @Override public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) { }
        @Override public void compact(int open, Supplier<List<StoredEntry>> entries) { }
        @Override public void close() { }
    }
}
