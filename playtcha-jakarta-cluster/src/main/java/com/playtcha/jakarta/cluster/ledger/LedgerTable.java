package com.playtcha.jakarta.cluster.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.LedgerStore.Unwritable;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The primitive a shared ledger backend implements, under {@link TableStore}'s protocol: rows keyed
 * by entry id, unique by the token's digest, each with an owner, a state (open, settled, reported,
 * parked) and a lease the backend dates on its own time, which every node shares. Every call is
 * synchronous, answers what happened and never throws; a failure counts in the run {@link #unwritable}
 * shows until a call works again. Safe for several threads.
 */
public interface LedgerTable {

    /** How a call went. */
    enum Sent {
        /** It was made: an insert's row is there (this call's, or an earlier one's whose answer was lost); a step changed the row. */
        MADE,
        /** It failed before reaching the backend (no connection, not prepared): nothing was written. */
        UNSENT,
        /** It failed once sent (its answer lost): it may have been made. */
        UNCERTAIN,
        /** The backend refuses it for good (SQL state class 22 or 23): the same call fails the same way again. */
        REFUSED,
        /** An insert whose token another entry holds; a step on a row that is there and not this owner's, or past that step. */
        TAKEN,
        /** As {@link #TAKEN} for an insert, but the entry holding the token was recorded after this one. */
        TAKEN_LATER,
        /** A step on a row that is not there (not written yet, or purged). */
        ABSENT
    }

    /** One call and how it went; {@code cause} says why it failed (credentials masked), {@code null} otherwise. */
    record Attempt(Sent sent, String cause) {
    }

    /** The steps of an entry, each a compare-and-set on (id, owner, the states it applies to). */
    enum Kind {
        /** Open: notes the post and renews the row's lease. */
        POSTING("note a post"),
        /** Open or settled: stores the outcome, erases the token, renews the lease. */
        SETTLED("store an outcome"),
        /** Any state: done, no owner. */
        REPORTED("store an entry as reported"),
        /** Any state, never over a higher count: a listener failed {@code failures} times, next try at {@code next}. */
        FAILED("store a failed delivery"),
        /** Any state: done for an operator, no owner. */
        PARKED("park an entry");

        /** What the step does, for the log of a failure. */
        public final String what;

        Kind(String what) {
            this.what = what;
        }
    }

    /**
     * A step and what it writes: {@code settled} for {@link Kind#SETTLED}, the count and time for {@link Kind#FAILED},
     * {@link Kind#PARKED}.
     */
    record Step(Kind kind, Reconciliation settled, int failures, Instant next) {
        static Step of(Kind kind) {
            return new Step(kind, null, 0, null);
        }
    }

    /**
     * Inserts the entry's row for {@code owner} unless a row holds its token's digest: {@link Sent#MADE},
     * {@link Sent#TAKEN}, {@link Sent#TAKEN_LATER} or a failure. {@code wanted} is asked just before the
     * insert is sent ({@code false}: {@link Sent#UNSENT}, nothing written); the backend has {@code bound}
     * to answer ({@code null}: no bound).
     */
    Attempt insert(LedgerEntry entry, String owner, Duration bound, BooleanSupplier wanted);

    /**
     * The step on the row {@code id} if {@code owner} owns it in a state the step applies to; else {@link Sent#TAKEN} or
     * {@link Sent#ABSENT}.
     */
    Attempt step(String id, String owner, Step step);

    /** Deletes the row {@code id} if {@code owner} owns it and it is open (a claim withdrawn). */
    Attempt withdraw(String id, String owner, Duration bound);

    /** Asks the backend something that changes nothing: whether it answers within {@code bound}. */
    Attempt probe(Duration bound);

    /**
     * Takes over, for {@code owner}, up to {@code room} open or settled rows of other owners whose lease
     * ran out {@code leaseMillis} ago, oldest first; never the same row for two callers. Empty on failure.
     */
    List<StoredEntry> adopt(String owner, long leaseMillis, int room);

    /** Renews the lease on {@code owner}'s open and settled rows. */
    boolean renew(String owner);

    /** Ends the lease on {@code owner}'s open and settled rows at once: the next node to look adopts them. */
    boolean release(String owner);

    /** Deletes the done rows (reported, parked) done more than {@code retentionMillis} ago. */
    boolean purge(long retentionMillis);

    /** The current run of failed calls, or {@code null} while calls work. */
    Unwritable unwritable();

    /**
     * For a close that waited long enough: ends the calls still under way at once (they answer a
     * failure) and returns how many there were; a backend whose calls always end on their own has none.
     */
    default int abort() {
        return 0;
    }
}
