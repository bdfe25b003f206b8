package com.playtcha.jakarta.spi.store;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SPI: a store of the fail-open ledger that several nodes share, a database table, which the module
 * {@code playtcha-jakarta-cluster} implements and registers a {@link Provider} for:
 * each node owns the entries it recorded under a lease the store renews, and adopts those of a node
 * that stopped renewing. The store owns its writes: it is never written under the ledger's lock nor
 * on a request's thread, and a write that cannot be made now is queued and tried again, in order,
 * by its own writer.
 *
 * <p>Ownership is checked at every step that matters ({@link #posting}, {@link #settled},
 * {@link #reported}), each answering a {@link Hold}. Why: design/ledger.md.
 */
public interface SharedStore extends LedgerStore {

    /** Entries recorded here that the store has not written yet: its writer is behind, or it cannot write. */
    int unwritten();

    /**
     * Claims the entry's token for this node by writing the entry, waiting at most {@code wait}:
     * {@link Claim#CLAIMED} once its row is written, {@link Claim#TAKEN} when another entry (of any
     * node) holds or held the token (nothing is written), {@link Claim#UNKNOWN} when the store gave no
     * answer in time; then {@code hold} says whether the entry is kept on this node (written later, or
     * handed back by {@link #refused}) or refused.
     */
    Claim claim(LedgerEntry entry, Duration wait, boolean hold);

    /**
     * Entries recorded here that the store will never write, each handed back once, on the pass, with
     * how the ledger reports it: {@code rejected} when another entry took its token first (its token
     * is never posted), {@code abandoned} when the database refuses the row for good. No other node can
     * take them over.
     */
    Map<String, Reconciliation.Outcome> refused();

    /**
     * The ledger is about to post this entry's token: {@link Hold#HELD} once the post is noted (and
     * the entry's lease renewed, so no node takes it while the post is in flight);
     * {@link Hold#UNKNOWN} for an entry not written yet.
     */
    Hold posting(String id);

    /** The outcome, stored with the ownership check (the token erased). */
    Hold settled(Reconciliation reconciliation);

    /** The entry is done, recorded with the ownership check. */
    Hold reported(String id);

    /** A listener failed on the entry ({@code failures} times so far); it is tried again at {@code next}. */
    Hold deliveryFailed(String id, int failures, Instant next);

    /**
     * A listener failed on the entry {@code failures} times: it is parked for an operator and done
     * here; {@code listeners} names the classes of those that failed (the ledger has logged them).
     */
    Hold parked(Reconciliation reconciliation, int failures, String listeners);

    /**
     * Entries of nodes that stopped renewing their lease, at most {@code room} of them; called before
     * every pass. Never throws.
     */
    List<StoredEntry> adopt(int room);

    /**
     * How long one pass may go on taking entries to post or deliver, in milliseconds: well under the
     * lease, so that what this node holds in memory is never long out of date with the table.
     */
    long passMillis();

    /**
     * Stops: the writer's last try, waiting up to {@code wait}, then this node's open entries given
     * up for the next node to adopt. Returns the entries recorded here that the store never wrote, as
     * {@link #refused} does ({@code abandoned} when the database was away); not the one whose write is
     * still under way, which closing never waits for (the store logs it). Never throws.
     */
    Map<String, Reconciliation.Outcome> close(Duration wait);

    /** What the module of a shared store registers in {@code META-INF/services}. */
    interface Provider {
        /**
         * Opens the store of {@code playtcha.ledger.datasource} or {@code playtcha.redis.uri}, creating or checking
         * what it needs, within {@code playtcha.cluster.timeout} and {@code playtcha.cluster.start-timeout}, on the
         * ledger's clock (its back-off and checks read it, not the system clock); its threads are named
         * {@code <threads>-...}, the ledger's prefix, so that several verifiers in one JVM can be told apart; the
         * {@code DataSource} found in {@code resources} first, then JNDI and CDI.
         *
         * @throws com.playtcha.jakarta.core.InvalidSettingException naming the key when the store cannot be opened
         */
        SharedStore open(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources);
    }

    /** What a claim on a token answered ({@link #claim}). */
    enum Claim {
        /** The entry is written: this node holds the token for the cluster. */
        CLAIMED,
        /** Another entry holds or held the token: a replay, refused {@code already_redeemed}. */
        TAKEN,
        /** No answer in time (the database is away or slow): this node alone cannot know. */
        UNKNOWN
    }

    /** Whether this node still owns an entry, as a shared store answers for a step. */
    enum Hold {
        /** It does, and the step is stored: go on. */
        HELD,
        /** Another node took it over: this one neither posts nor reports it, and forgets it. */
        LOST,
        /** The store could not be asked, or has not written the entry yet: not now, ask again later. */
        UNKNOWN
    }
}
