package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.LedgerStore.Hold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The entries recorded and not yet reported, in the order recorded, and their tokens, behind one lock
 * that every fail-open request takes to record. How an entry's steps reach the {@link LedgerStore}
 * depends on the store:
 * <ul>
 * <li>A local store (memory, the file journal) is written under that lock, so it sees an entry's
 *     steps in order and a compaction never misses an entry recorded meanwhile; the journal's append
 *     is a write to a local file, made before {@code record} returns.</li>
 * <li>A remote store (a database, {@link LedgerStore#remote}) is never written under that lock, and
 *     never on a request's thread: {@link #record} puts the entry in memory and hands it to the
 *     {@link LedgerWriter}, which stores it. A post is noted on the pass's thread after the lock,
 *     under the entry's own monitor, and only once the entry is stored: before that its token is
 *     not posted. An entry not stored yet is not delivered ({@link #claim}); its outcome is stored
 *     by its delivery ({@link Delivery}). The repair after failed writes is the writer's too.</li>
 * </ul>
 *
 * <p>Bounded by {@code capacity}: a request that finds it full (or closed) is counted, not recorded;
 * the first of a run is logged at WARNING, the count is dead-lettered by the next pass. An entry
 * being delivered still counts until it is stored as reported, so the store never holds more than
 * {@code capacity} entries not yet reported, and a replay that keeps {@code capacity} keeps them all.
 */
final class OpenEntries {

    private final LedgerStore store;
    private final int capacity;
    private final Clock clock;
    private final BiConsumer<String, Duration> released;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}, as are all fields below, but for {@link OpenIndex#holds}. */
    private final OpenIndex open;
    /** Entries claimed for delivery and not yet stored as reported, or being recorded: they take their place. */
    private int delivering;
    private volatile boolean closed;
    private final Unrecorded.Count unrecorded = new Unrecorded.Count();
    /** With a remote store: what writes to it; {@code null} with a local one. */
    private final LedgerWriter writer;

    /**
     * @param name     the ledger's thread name prefix; a remote store's writer is {@code <name>-writer}
     * @param released told of a token before its entry leaves, with the entry's age
     */
    OpenEntries(LedgerStore store, int capacity, Clock clock, String name, BiConsumer<String, Duration> released) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
        this.released = released;
        open = new OpenIndex(capacity);
        writer = store.remote() ? new LedgerWriter(store, new LedgerWriter.Entries() {
            @Override
            public StoredEntry snapshot(OpenEntry o) {
                synchronized (lock) {
                    return open.contains(o) ? o.stored() : null;
                }
            }

            @Override
            public List<OpenEntry> open() {
                synchronized (lock) {
                    return open.list();
                }
            }
        }, name) : null;
    }

    int capacity() { return capacity; }

    /** Takes what the store kept from before a restart; tried at once. */
    void replayed(List<StoredEntry> stored) {
        long now = clock.millis();
        synchronized (lock) {
            stored.forEach(s -> {
                OpenEntry o = new OpenEntry(s.entry(), now, s.posted(), s.settled(), s.failedDeliveries());
                o.written = true; // it comes from the store
                open.put(o);
            });
        }
    }

    /** How many more entries fit (none once closed). */
    int room() {
        synchronized (lock) {
            return closed ? 0 : Math.max(0, capacity - open.size() - delivering);
        }
    }

    /**
     * A new entry ({@code null}: full or closed). A local store has it before this returns; a remote
     * one gets it from the writer, and this never waits for it.
     */
    LedgerEntry record(String token, String path, String remoteAddress, String cause) {
        Instant now = clock.instant();
        OpenEntry o;
        // Outside the lock every request of an outage takes: a UUID reads SecureRandom, behind its own lock.
        String id = UUID.randomUUID().toString();
        synchronized (lock) {
            if (closed || open.size() + delivering >= capacity) {
                unrecorded.count(now, closed, open.size(), capacity, path, remoteAddress);
                return null;
            }
            LedgerEntry entry = new LedgerEntry(id, token, now, path, remoteAddress, cause);
            o = new OpenEntry(entry, now.toEpochMilli() + FailOpenLedger.FIRST_TRY_MILLIS, false, null, 0);
            if (writer == null) {
                store.recorded(entry);
            }
            open.put(o);
            if (writer != null) {
                writer.add(o); // a lock-free queue and a wake-up
            }
            return entry;
        }
    }

    /** Open entries a remote store does not have yet. */
    int unwritten() {
        return writer == null ? 0 : writer.unwritten();
    }

    boolean holds(String token) {
        return open.holds(token);
    }

    int size() {
        synchronized (lock) {
            return open.size();
        }
    }

    boolean closed() {
        return closed;
    }

    /**
     * Settles as {@code expired} what outlived its token (its delivery stores it first), then returns what is settled
     * and what is due: own back-off over, the ledger not paused ({@code pausedUntil}; {@link Long#MAX_VALUE}:
     * holding off).
     */
    Round round(long now, long pausedUntil) {
        List<OpenEntry> ready = new ArrayList<>();
        List<OpenEntry> due = new ArrayList<>();
        synchronized (lock) {
            open.forEach(o -> {
                if (o.settled == null && now - o.entry.time().toEpochMilli() >= FailOpenLedger.TOKEN_LIFETIME.toMillis()) {
                    o.settled = new Reconciliation(o.entry, Outcome.EXPIRED, null, clock.instant());
                }
                if (o.settled != null) {
                    if (now >= o.nextDelivery) {
                        ready.add(o);
                    }
                } else if (now >= o.nextTry && now >= pausedUntil) {
                    due.add(o);
                }
            });
        }
        due.sort(Comparator.comparingInt(o -> o.misses)); // stable: poison tokens cannot fill every batch; only the pass changes misses
        return new Round(ready, due);
    }

    /**
     * Before every post of the entry's token: notes it in the store, which says whether this node
     * still holds the entry (post only on {@link Hold#HELD}). A database is written after the lock.
     */
    Hold posting(OpenEntry o) {
        Hold hold;
        synchronized (lock) {
            if (writer == null) {
                hold = store.posting(o.entry.id());
                o.posted |= hold == Hold.HELD;
                return hold;
            }
        }
        // A database's round trip: not under the lock every fail-open request takes, and UNKNOWN
        // (no post now) while the writer has not stored the entry.
        hold = writer.step(o, () -> store.posting(o.entry.id()));
        synchronized (lock) {
            o.posted |= hold == Hold.HELD;
        }
        return hold;
    }

    /** A post that got no verdict: the entry backs off on its own. */
    void missed(OpenEntry o) {
        synchronized (lock) {
            o.missed(clock.millis());
        }
    }

    /** Gives the entry its outcome; its delivery stores it first ({@link Delivery}). */
    void settle(OpenEntry o, Outcome outcome, VerificationResult result) {
        synchronized (lock) {
            o.settled = new Reconciliation(o.entry, outcome, result, clock.instant());
        }
    }

    /**
     * Takes the entry out so that nothing reports it twice; {@code false} when something already has,
     * or when a remote store does not have it yet: it is delivered once the writer has stored it.
     */
    boolean claim(OpenEntry o) {
        return writer == null ? take(o) : writer.claim(o, this::take);
    }

    private boolean take(OpenEntry o) {
        // Told before the token leaves (a digest, outside the lock requests record with): a replay
        // that no longer finds it held finds its tombstone, with no gap between.
        released.accept(o.entry.token(), Duration.between(o.entry.time(), clock.instant()));
        synchronized (lock) {
            if (!open.remove(o)) {
                return false;
            }
            delivering++;
            return true;
        }
    }

    /** A claimed entry is stored as reported: its place in the ledger is free again. */
    void reported(OpenEntry o) {
        claimed(() -> store.reported(o.entry.id()), () -> delivering--);
    }

    /** A listener failed on a claimed entry: it takes its place again, to be delivered at {@code next}. */
    void retry(OpenEntry o, long next) {
        claimed(() -> store.deliveryFailed(o.entry.id(), o.failedDeliveries, Instant.ofEpochMilli(next)), () -> {
            o.nextDelivery = next;
            delivering--;
            if (!closed) {
                open.put(o);
            }
        });
    }

    /** A claimed entry could not be held for its delivery (the store could not be asked): it takes its place again. */
    void unclaim(OpenEntry o) {
        synchronized (lock) {
            delivering--;
            if (!closed) {
                open.put(o);
            }
        }
    }

    /** A claimed entry leaves unreported: another node took it over, and reports it. */
    void leave(OpenEntry o) {
        claimed(() -> { }, () -> delivering--);
    }

    /** A claimed entry is parked for an operator: {@code listeners} (their classes) failed on it too often. */
    void park(OpenEntry o, String listeners) {
        claimed(() -> store.parked(o.settled, o.failedDeliveries, listeners), () -> delivering--);
    }

    /** A claimed entry's {@code write}: under the lock with its {@code change} for a local store, before the lock for a remote one. */
    private void claimed(Runnable write, Runnable change) {
        if (writer != null) {
            write.run();
        }
        synchronized (lock) {
            if (writer == null) {
                write.run();
            }
            change.run();
        }
    }

    /** The count of requests not recorded since the last call, or {@code null} when there were none. */
    Unrecorded takeUnrecorded() {
        synchronized (lock) {
            return unrecorded.take();
        }
    }

    /**
     * Lets a local store shrink or repair itself from what is open now, under the lock; a remote
     * store that failed a write since the last pass is written again by the writer, outside it.
     */
    void compact() {
        if (writer != null) {
            if (store.rewriteDue()) {
                writer.rewriteAll();
            }
            return;
        }
        synchronized (lock) {
            store.compact(open.size(), () -> open.list().stream().map(OpenEntry::stored).toList());
        }
    }

    /** A remote store's writer tries once more, waiting up to {@code wait}, then stops. */
    void stopWriting(Duration wait) {
        if (writer != null) {
            writer.close(wait);
        }
    }

    /** Records nothing more from now on; returns {@code false} when it was closed already. */
    boolean close() {
        synchronized (lock) {
            boolean was = closed;
            closed = true;
            return !was;
        }
    }

    /**
     * Takes out the entries a remote store never stored, once its writer stopped (a database ledger
     * closing while its database is away), settles those not yet settled as {@code abandoned}, and
     * returns them: nothing stores or delivers them otherwise, and no other node can take them over.
     * Never waits for an entry's monitor: a write holds it over I/O with no bound (a database that
     * does not answer), and closing must return. Once the writer is halted no write starts, so an
     * entry not written now never will be, but for the one whose write is under way: that one is
     * left to its write ({@link LedgerWriter#halt}).
     */
    List<OpenEntry> abandonUnwritten() {
        if (writer == null) {
            return List.of();
        }
        OpenEntry inFlight = writer.halt();
        Instant now = clock.instant();
        List<OpenEntry> unwritten = new ArrayList<>();
        for (OpenEntry o : list()) {
            if (o != inFlight && !o.written && take(o)) {
                synchronized (lock) {
                    if (o.settled == null) {
                        o.settled = new Reconciliation(o.entry, Outcome.ABANDONED, null, now);
                    }
                }
                unwritten.add(o);
            }
        }
        return unwritten;
    }

    private List<OpenEntry> list() {
        synchronized (lock) {
            return open.list();
        }
    }

    /** Settles every entry not yet settled as {@code abandoned} (an in-memory ledger closing), and returns them all. */
    List<OpenEntry> abandon() {
        Instant now = clock.instant();
        synchronized (lock) {
            List<OpenEntry> last = open.list();
            last.stream().filter(o -> o.settled == null)
                    .forEach(o -> o.settled = new Reconciliation(o.entry, Outcome.ABANDONED, null, now));
            return last;
        }
    }
}
