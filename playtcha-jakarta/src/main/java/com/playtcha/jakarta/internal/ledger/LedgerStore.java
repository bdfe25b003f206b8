package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the fail-open ledger keeps its entries: what the reconciler needs from storage, and nothing
 * of how it paces, backs off or decides (it keeps the open entries, the tokens it holds and each
 * entry's back-off in memory itself). Three implementations: {@link MemoryStore} (no
 * {@code playtcha.ledger.directory}: nothing outlives the verifier), the file journal in
 * {@code internal.ledger.journal}, and the database table of {@code internal.ledger.jdbc}, shared
 * by several nodes ({@link #adopt}, {@link #delivering}).
 *
 * <p>An entry's steps reach the store in the order they happen: {@link #recorded}, {@link #posting}
 * (before every post of its token by the ledger), {@link #settled} (before the listeners hear the
 * outcome), {@link #reported}. At start {@link #replay} returns what was recorded and not yet
 * reported, with its steps; a durable store thereby makes each entry reported once across restarts
 * and crashes.
 *
 * <p>A store shared by several nodes (the database) answers {@link #posting}, {@link #settled} and
 * {@link #delivering} with a {@link Hold}: whether this node still owns the entry. The ledger posts
 * and reports an entry only on {@link Hold#HELD}; on {@link Hold#LOST} it forgets it (the node that
 * took it over reports it); on {@link Hold#UNKNOWN} (the store could not be asked) it does neither
 * now and asks again on a later pass. A store of one node's own always answers {@link Hold#HELD}.
 *
 * <p>What an implementation must do:
 * <ul>
 * <li>Never throw for a failed write: a request that failed open goes on whatever storage says. A
 *     store that cannot write logs the run of failures once (not once per call) and catches up: a
 *     local store in {@link #compact}, which is handed the open entries as the ledger holds them in
 *     memory; a remote one by asking for them to be written again ({@link #rewriteDue}).</li>
 * <li>Be safe for calls from several threads. A local store ({@link #remote} false: memory, the file
 *     journal) is written under one lock of the ledger's, {@link #recorded} on the request's thread
 *     before {@code record} returns, and {@link #posting} and {@link #compact} on the ledger's
 *     threads, so a compaction never misses an entry recorded meanwhile. A remote store (a database)
 *     is never written under that lock nor on a request's thread: the ledger's writer
 *     ({@link LedgerWriter}) stores new entries with {@link #write}, and the pass notes a post after
 *     the lock, once the entry is stored. {@link #settled} comes outside the lock for every store, on
 *     the thread that delivers the entry, before the delivery.</li>
 * <li>Hold no secret. Tokens are stored (single-use, worthless after 5 minutes); dead letters hold
 *     no token. Paths and client addresses may be personal data.</li>
 * </ul>
 */
public interface LedgerStore extends AutoCloseable {

    /**
     * Whether entries outlive {@link #close()}: a durable store keeps the open ones for the next
     * start; otherwise the closing ledger reports them {@code abandoned}.
     */
    boolean durable();

    /**
     * The entries recorded and not yet reported, in the order they were recorded; called once, at
     * start, before anything else.
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException when what is stored cannot be read
     */
    List<StoredEntry> replay();

    /**
     * A request failed open and goes on: a local store stores it before {@code record} returns, under
     * the ledger's lock. Not called for a remote store, whose writer calls {@link #write}.
     */
    void recorded(LedgerEntry entry);

    /**
     * The ledger is about to post this entry's token (called before every post, the first and any
     * after a miss): a later 409 may then be its own post's doing (a reply lost, or the JVM killed
     * before the answer was stored). Stored before it returns {@link Hold#HELD}; the ledger posts only then.
     */
    Hold posting(String id);

    /**
     * Whether a write is a round trip to another machine (a database), which can take as long as its
     * pool lets a caller wait: then the ledger writes it only on threads of its own and never under
     * the lock requests record with, new entries through {@link #write} ({@link LedgerWriter}).
     * Default: false (memory, the file journal: written under that lock, a new entry on the request's
     * thread).
     */
    default boolean remote() {
        return false;
    }

    /**
     * A remote store: stores the entry as the ledger holds it now (recorded, and posted when it is),
     * whatever of it is stored already; whether it is stored now. Never its outcome, which
     * {@link #settled} stores with the ownership check. Called by the ledger's
     * writer only. Default: not a remote store.
     */
    default boolean write(StoredEntry entry) {
        throw new UnsupportedOperationException("only a remote store is written by the ledger's writer");
    }

    /**
     * A remote store: whether a write failed since the last call, so that every open entry should be
     * written again (by the ledger's writer); called after every pass. Default: false.
     */
    default boolean rewriteDue() {
        return false;
    }

    /**
     * The entry has its outcome; the listeners have not heard it yet. A durable store has the
     * outcome stored (and the token erased) before it returns {@link Hold#HELD}, so that whoever
     * delivers it later delivers that outcome and never posts the token again; the ledger delivers
     * only after {@link Hold#HELD}.
     */
    Hold settled(Reconciliation reconciliation);

    /** The listeners have heard the outcome: the entry is done. */
    void reported(String id);

    /** Keeps, for audit and without the token, an entry that ended without a verdict or that a listener failed to take. */
    void deadLetter(Reconciliation reconciliation, String reason);

    /** Keeps the count of fail-open requests the full (or closed) ledger could not record. */
    void deadLetterUnrecorded(long count, Instant first, Instant last, String reason);

    /**
     * Called after every pass on a local store, under the ledger's lock: shrink what is stored, or
     * repair it after failed writes.
     *
     * @param open    how many entries are open
     * @param entries those entries as the ledger holds them, in the order recorded (read only
     *                when needed: building the list costs a pass over every open entry)
     */
    void compact(int open, Supplier<List<StoredEntry>> entries);

    /**
     * Entries this store hands over after the start, called before every pass: a shared store's
     * entries whose node stopped renewing its lease (it died), at most {@code room} of them. A
     * shared store renews this node's own lease on a timer of its own, not here: a pass may take
     * longer than the lease. Never throws. Default: none.
     */
    default List<StoredEntry> adopt(int room) {
        return List.of();
    }

    /**
     * How long one pass may go on taking entries to post or deliver, in milliseconds: a shared
     * store's is well under its lease, so that what this node holds in memory is never long out of
     * date with the table. Default: no limit.
     */
    default long passMillis() {
        return Long.MAX_VALUE;
    }

    /**
     * Runs one delivery attempt of a settled entry while this node holds the entry against every
     * other, its writes ({@link #reported}, {@link #deliveryFailed}, {@link #parked}) with it, and
     * returns {@link Hold#HELD}; or runs nothing and returns {@link Hold#LOST} when the entry is no
     * longer this node's (another took it over), or {@link Hold#UNKNOWN} when the store could not
     * be asked (try again later). Default: runs it.
     */
    default Hold delivering(String id, Runnable delivery) {
        delivery.run();
        return Hold.HELD;
    }

    /** A listener failed on the entry ({@code failures} times so far); it is tried again at {@code next}. Default: nothing kept. */
    default void deliveryFailed(String id, int failures, Instant next) {
    }

    /**
     * A listener failed on the entry {@code failures} times: it is parked for an operator and done
     * here. The listeners that took it have heard it; {@code listeners} names the classes of those
     * that did not. Default: a dead letter, then stored as reported.
     */
    default void parked(Reconciliation reconciliation, int failures, String listeners) {
        deadLetter(reconciliation, "parked: PlaytchaListener " + listeners + " failed on it " + failures + " time(s)");
        reported(reconciliation.entry().id());
    }

    /**
     * The current run of failed writes, or {@code null} while writes work: the status shows it as
     * {@code VerifierStatus.LocalFault.LEDGER_UNWRITABLE}, in the readiness check's data (the check stays UP). Cheap (a
     * volatile read); called by status pages. Default: never failing (memory).
     */
    default Unwritable unwritable() {
        return null;
    }

    /** Whether this node still owns an entry, as a store answers before a post, after a settle and for a delivery. */
    enum Hold {
        /** It does, and the step is stored: go on. */
        HELD,
        /** Another node took it over: this one neither posts nor reports it, and forgets it. */
        LOST,
        /** The store could not be asked (a failed write): not now; the ledger asks again on a later pass. */
        UNKNOWN
    }

    /**
     * A run of failed writes, made once when it begins.
     *
     * @param since   when the first write of the run failed
     * @param message for an operator: which store, what failed, what happens meanwhile; never a token,
     *                a password or a database URL
     */
    record Unwritable(Instant since, String message) {
    }

    /** Releases what the store holds (files, a lock); never throws. */
    @Override
    void close();

    /** A store that keeps nothing past the JVM: {@link #close()} leaves the open entries to be reported abandoned. */
    static LedgerStore inMemory() {
        return new MemoryStore();
    }
}
