package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.cluster.ClusterModule;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Requests that failed open, kept until their tokens are re-verified: the verifier records each
 * fail-open decision; a background pass every {@value #TICK_MILLIS} ms re-verifies due entries once
 * Playtcha answers again, outside the circuit breaker, and hands each outcome to each listener. An
 * entry older than the token's 5 minutes is {@code expired}. At most {@code capacity} entries, stored
 * by a {@link LedgerStore}; a store that cannot write never stops a request (but by
 * {@code claim-unavailable=refuse}). Why: design/ledger.md.
 */
public final class FailOpenLedger implements AutoCloseable {

    /** Playtcha's result tokens live 5 minutes; after that a verify can only say {@code token_expired}. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    static final long FIRST_TRY_MILLIS = 1_000;
    static final long FIRST_PAUSE_MILLIS = 500;
    static final long MAX_PAUSE_MILLIS = 10_000;
    static final int PARALLEL = 4;
    /** How long closing waits for a pass in progress before it gives up on it. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** The time between background passes in a verifier. */
    public static final long TICK_MILLIS = 250;

    private static final System.Logger LOG = System.getLogger(FailOpenLedger.class.getName());

    /** The answer for a token that another entry of a shared ledger holds or held: a replay. */
    public static final VerificationResult.Rejected TAKEN = VerificationResult.Rejected.local(VerificationResult.ALREADY_REDEEMED,
            "another node let this token through first, without a verdict (the shared ledger holds it); a single-use token "
                    + "passes at most once across the cluster");

    /** How an entry held locally is reported when another node let the same token through after it. */
    public static final VerificationResult.Rejected TAKEN_AFTER = VerificationResult.Rejected.local(
            VerificationResult.ALREADY_REDEEMED, "this node let the token through first, held on this node only (the shared "
                    + "ledger's database was away); another node let it through after and holds the cluster's claim: which pass "
                    + "was the user's cannot be told");

    private final OpenEntries entries;
    private final Delivery delivery;
    private final Reconciler reconciler;

    /**
     * What {@link #record} did: {@code entry} is {@code null} when nothing was recorded (the ledger
     * is full or closed, or the claim refused it); {@code claim} is a shared store's answer on the
     * token, {@code null} for a local store or when it was not asked.
     */
    public record Recorded(LedgerEntry entry, SharedStore.Claim claim) {
        /** Nothing recorded, no claim asked: the ledger is off, full or closed. */
        public static final Recorded NONE = new Recorded(null, null);

        /** The request goes on with its token held on this node only: its claim got no answer. */
        public boolean heldLocally() {
            return entry != null && claim == SharedStore.Claim.UNKNOWN;
        }
    }

    /**
     * What the ledger asks of the verifier it belongs to: its background post, whether to hold off,
     * its listeners, and its tombstones. Called on the ledger's threads, never under its lock.
     */
    public interface Host {
        /** Posts {@code token} past the circuit breaker (the verifier's background post). */
        VerificationResult reverify(String token);

        /** Whether to post nothing for now (the breaker is open and cooling down). */
        boolean holdingOff();

        /**
         * Hands the outcome to each listener of {@code owing} still registered, or to every listener when
         * {@code owing} is {@code null} (its first delivery in this JVM); returns those that threw on it, in
         * order (empty: every one took it). What a listener throws stays here, but a {@link VirtualMachineError}.
         */
        List<PlaytchaListener> deliver(Reconciliation reconciliation, List<PlaytchaListener> owing);

        /** The ledger is about to stop holding {@code token}, let through {@code age} ago (the verifier keeps a tombstone). */
        void released(String token, Duration age);
    }

    /**
     * How the background passes run: every {@code tick} on {@code executor} (never shut down here; {@code null}:
     * a thread of its own named {@code threads}), or, with no {@code tick}, only when {@link #pass()} is called.
     */
    public record Passes(Duration tick, String threads, ScheduledExecutorService executor) {
    }

    /**
     * Starts the ledger of these settings on its store: the database of {@code playtcha.ledger.datasource}
     * (the module {@code playtcha-jakarta-cluster}), the journal in {@code playtcha.ledger.directory}, or
     * memory; the store's threads take the name of the passes'.
     *
     * @throws InvalidSettingException naming the store's key when it cannot be opened or replayed
     */
    public static FailOpenLedger open(PlaytchaSettings settings, Host host, VerifierClock clock, Passes passes, Resources resources) {
        PlaytchaSettings.Ledger ledger = settings.ledger();
        LedgerStore store;
        if (ledger.shared()) {
            Setting key = ledger.redis() != null ? Setting.REDIS_URI : Setting.LEDGER_DATASOURCE;
            Object named = ledger.redis() != null ? ledger.redis() : ledger.dataSource();
            String uses = "names " + (ledger.redis() != null ? "a Redis server" : "a database")
                    + " for a ledger that several nodes share (got " + named + ")";
            store = ClusterModule.open(SharedStore.Provider.class, p -> p.open(settings, clock, passes.threads(), resources), key, uses)
                    .orElseThrow(() -> ClusterModule.missing(key, uses));
        } else {
            store = ledger.directory() != null ? JournalStore.open(ledger.directory(), ledger.capacity(), clock) : new MemoryStore();
        }
        return new FailOpenLedger(store, settings, host, clock, passes);
    }

    /**
     * Starts the ledger of one verifier on {@code store} (replayed here): at most
     * {@code playtcha.ledger.capacity} entries, posting {@code max-connections / 4} at a time (1 to
     * {@value #PARALLEL}); with a shared store a request waits at most {@code playtcha.cluster.timeout} for
     * its token's claim, and one unanswered is held locally as {@code playtcha.ledger.claim-unavailable} says.
     *
     * @param store memory, the journal, or a shared store
     * @param clock the entries' time and the tokens' 5 minutes: the verifier's
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the store's
     *                                 journal cannot be replayed (the store is closed then)
     */
    FailOpenLedger(LedgerStore store, PlaytchaSettings settings, Host host, VerifierClock clock, Passes passes) {
        int capacity = settings.ledger().capacity();
        entries = store instanceof SharedStore shared // the one look at which of the two shapes the store is
                ? new SharedEntries(shared, capacity, clock, host, settings.clusterTimeout(), settings.ledger().holdLocally())
                : new LocalEntries((LocalStore) store, capacity, clock, host);
        entries.replayed(replay(entries));
        delivery = new Delivery(entries, host);
        reconciler = new Reconciler(entries, delivery, host, Math.max(1, Math.min(PARALLEL, settings.maxConnections() / 4)),
                passes.threads());
        if (passes.tick() != null) {
            reconciler.tick(passes.tick(), passes.executor());
        }
    }

    private static List<StoredEntry> replay(OpenEntries entries) {
        LedgerStore store = entries.store();
        List<StoredEntry> replayed;
        try {
            replayed = store.replay();
        } catch (RuntimeException | Error e) {
            entries.closeStore(Duration.ZERO); // its lock with it: the next attempt must not find the directory in use
            throw e;
        }
        if (!replayed.isEmpty()) {
            LOG.log(Level.INFO, "Playtcha ledger: {0} fail-open entries from before the restart will be reconciled [{1}]",
                    replayed.size(), store);
        }
        return replayed;
    }

    /**
     * Records a fail-open decision, to be re-verified later on the ledger's threads. A shared ledger
     * first claims the token in its database, waiting at most {@code playtcha.cluster.timeout} (the only wait on a
     * request's thread); a local one never waits. Nothing is recorded when the ledger is full or closed
     * (the request is only counted), or when the claim says so ({@link OpenEntries#record}).
     */
    public Recorded record(String token, String path, String remoteAddress, String cause) {
        return entries.record(token, path, remoteAddress, cause);
    }

    /** Whether a request with this token already went on without a verdict and waits here. */
    public boolean holds(String token) {
        return entries.holds(token);
    }

    /** The store's current run of failed writes, or {@code null} while they work (or it is in memory). */
    public LedgerStore.Unwritable storeUnwritable() {
        return entries.store().unwritable();
    }

    /** Entries recorded and not yet reported. Never touches the store. */
    public int size() {
        return entries.size();
    }

    /**
     * Open entries a database ledger has not stored yet: its writer is behind, or the database cannot
     * be written (they are tried again, with back-off). Always 0 for memory and the journal.
     */
    public int unwritten() {
        return entries.unwritten();
    }

    /** One round now: deliver what is settled, expire what is too old, re-verify what is due. One at a time. */
    public void pass() {
        reconciler.pass();
    }

    /**
     * Stops the background pass, waiting up to {@link #CLOSE_WAIT} for one in progress (it stops at
     * the next entry). A durable ledger keeps its open entries for the next start; an in-memory one
     * reports them {@code abandoned}, on the closing thread, and so does a shared ledger for the
     * entries its store never wrote ({@link SharedStore#close}).
     */
    @Override
    public void close() {
        if (!entries.close()) {
            return;
        }
        reconciler.close(CLOSE_WAIT, this::reportLast);
    }

    private void reportLast() {
        List<OpenEntry> unstored;
        try {
            if (!entries.durable()) {
                entries.abandon().forEach(delivery::deliver);
            }
            delivery.deadLetterUnrecorded();
        } finally {
            unstored = entries.closeStore(CLOSE_WAIT); // a shared store's writer has its last try first
        }
        unstored.forEach(delivery::deliverUnstored);
        if (entries.durable() && size() > 0) {
            LOG.log(Level.INFO, "Playtcha ledger closed with {0} open entries; they are reconciled after the next start, "
                    + "or by another node with a database [{1}]",
                    size(), entries.store());
        }
    }
}
