package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.SharedStore.Claim;
import com.playtcha.jakarta.internal.ledger.SharedStore.Hold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The entries recorded and not yet reported, in the order recorded, and their tokens, behind one lock
 * that every fail-open request takes to record. The store is seen in the shape of a shared one
 * ({@link SharedStore}; a local store through {@link Unshared}, which writes it under that lock, so
 * it sees an entry's steps in order and a compaction never misses an entry recorded meanwhile). A
 * shared store's {@link SharedStore#claim} is asked outside the lock, on the request's thread; every
 * other step of it is called outside the lock, on the pass's thread.
 *
 * <p>Bounded by {@code capacity}: a request that finds it full (or closed) is counted, not recorded
 * (design/ledger.md).
 */
final class OpenEntries {

    private final SharedStore store;
    private final int capacity;
    private final Clock clock;
    private final FailOpenLedger.Host host;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}, as are all fields below, but for {@link OpenIndex#holds}. */
    private final OpenIndex open;
    /** Entries claimed for delivery and not yet stored as reported, or being recorded: they take their place. */
    private int delivering;
    /**
     * Entries a shared store handed back before {@link #record} put them among the open ones (its
     * claim's late answer came first), kept until they are: at most {@code capacity}, the oldest first out.
     * Guarded by {@link #lock}.
     */
    private final Map<String, Outcome> handedBack;
    private volatile boolean closed;
    private final Unrecorded.Count unrecorded = new Unrecorded.Count();

    /** @param host told of a token before its entry leaves, with the entry's age */
    OpenEntries(LedgerStore store, int capacity, Clock clock, FailOpenLedger.Host host) {
        this.store = store instanceof SharedStore shared ? shared : new Unshared((LocalStore) store, lock);
        this.capacity = capacity;
        this.clock = clock;
        this.host = host;
        open = new OpenIndex(capacity);
        handedBack = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The store, in the shape the pass and the delivery use. */
    SharedStore store() {
        return store;
    }

    int capacity() { return capacity; }

    /** Takes what the store kept from before a restart; tried at once. */
    void replayed(List<StoredEntry> stored) {
        long now = clock.millis();
        synchronized (lock) {
            stored.forEach(s -> open.put(new OpenEntry(s.entry(), now, s.posted(), s.settled(), s.failedDeliveries())));
        }
    }

    /** How many more entries fit (none once closed). */
    int room() {
        synchronized (lock) {
            return closed ? 0 : Math.max(0, capacity - open.size() - delivering);
        }
    }

    /**
     * A new entry, or none when the ledger is full or closed, or the token's claim says so. A shared
     * store claims the token first, outside the lock, waiting at most {@code claimWait}: a
     * {@link Claim#TAKEN} token is not recorded, an {@link Claim#UNKNOWN} one only when {@code holdLocally}.
     */
    FailOpenLedger.Recorded record(String token, String path, String remoteAddress, String cause, Duration claimWait,
            boolean holdLocally) {
        Instant now = clock.instant();
        // Outside the lock every request of an outage takes: a UUID reads SecureRandom, behind its own lock.
        LedgerEntry entry = new LedgerEntry(UUID.randomUUID().toString(), token, now, path, remoteAddress, cause);
        OpenEntry o = new OpenEntry(entry, now.toEpochMilli() + FailOpenLedger.FIRST_TRY_MILLIS, false, null, 0);
        synchronized (lock) {
            if (closed || open.size() + delivering >= capacity) {
                unrecorded.count(now, closed, open.size(), capacity, path, remoteAddress);
                return FailOpenLedger.Recorded.NONE;
            }
            if (store instanceof Unshared) {
                store.recorded(entry);
                open.put(o);
                return new FailOpenLedger.Recorded(entry, null);
            }
            delivering++; // the claim takes its place meanwhile
        }
        Claim claim = Claim.UNKNOWN;
        try {
            claim = store.claim(entry, claimWait, holdLocally);
        } finally {
            synchronized (lock) {
                delivering--;
                if (claim == Claim.CLAIMED || claim == Claim.UNKNOWN && holdLocally) {
                    open.put(o);
                }
            }
        }
        boolean kept = claim == Claim.CLAIMED || claim == Claim.UNKNOWN && holdLocally;
        return new FailOpenLedger.Recorded(kept ? entry : null, claim);
    }

    /** Open entries a shared store has not written yet. */
    int unwritten() {
        return store.unwritten();
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
    PassWork work(long now, long pausedUntil) {
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
        return new PassWork(ready, due);
    }

    /**
     * Before every post of the entry's token: notes it in the store, which says whether this node
     * still holds the entry (post only on {@link Hold#HELD}). Outside the lock: a shared store's
     * answer is a round trip.
     */
    Hold posting(OpenEntry o) {
        Hold hold = store.posting(o.entry.id());
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

    /** Takes the entry out so that nothing reports it twice; {@code false} when something already has. */
    boolean claim(OpenEntry o) {
        // Told before the token leaves (a digest, outside the lock requests record with): a replay
        // that no longer finds it held finds its tombstone, with no gap between.
        host.released(o.entry.token(), Duration.between(o.entry.time(), clock.instant()));
        synchronized (lock) {
            if (!open.remove(o)) {
                return false;
            }
            delivering++;
            return true;
        }
    }

    /**
     * A claimed entry was delivered: the store records it, and its place is free again; {@code false}
     * when another node took it over meanwhile.
     */
    boolean reported(OpenEntry o) {
        Hold hold = store.reported(o.entry.id());
        left();
        return hold != Hold.LOST;
    }

    /**
     * A listener failed on a claimed entry: it takes its place again, to be delivered at {@code next};
     * {@code false} when another node took it over meanwhile (it delivers it again), and it left.
     */
    boolean retry(OpenEntry o, long next) {
        if (store.deliveryFailed(o.entry.id(), o.failedDeliveries, Instant.ofEpochMilli(next)) == Hold.LOST) {
            left();
            return false;
        }
        o.nextDelivery = next;
        unclaim(o);
        return true;
    }

    /** A claimed entry could not be delivered now: it takes its place again. */
    void unclaim(OpenEntry o) {
        synchronized (lock) {
            delivering--;
            if (!closed) {
                open.put(o);
            }
        }
    }

    /** A claimed entry left: reported, parked, or another node took it over and reports it. */
    void left() {
        synchronized (lock) {
            delivering--;
        }
    }

    /**
     * A claimed entry is parked for an operator: {@code listeners} (their classes) failed on it too
     * often; {@code false} when another node took it over meanwhile (it delivers it again).
     */
    boolean park(OpenEntry o, String listeners) {
        Hold hold = store.parked(o.settled, o.failedDeliveries, listeners);
        left();
        return hold != Hold.LOST;
    }

    /** The count of requests not recorded since the last call, or {@code null} when there were none. */
    Unrecorded takeUnrecorded() {
        synchronized (lock) {
            return unrecorded.take();
        }
    }

    /** Lets a local store shrink or repair itself from what is open now, under the lock. */
    void compact() {
        if (store instanceof Unshared local) {
            synchronized (lock) {
                local.compact(open.size(), () -> open.list().stream().map(OpenEntry::stored).toList());
            }
        }
    }

    /** Whether open entries outlive the ledger: a durable local store, or a shared one (another node adopts them). */
    boolean durable() {
        return !(store instanceof Unshared local) || local.durable();
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
     * Takes out the entries a shared store hands back unstored, by id, settles those not yet settled
     * with the outcome given ({@code abandoned} or {@code rejected}), and returns them for delivery.
     */
    List<OpenEntry> abandonUnstored(Map<String, Outcome> unstored) {
        synchronized (lock) {
            handedBack.putAll(unstored);
            if (handedBack.isEmpty()) {
                return List.of();
            }
        }
        Instant now = clock.instant();
        List<OpenEntry> abandoned = new ArrayList<>();
        for (OpenEntry o : list()) {
            Outcome outcome;
            synchronized (lock) {
                outcome = handedBack.remove(o.entry.id());
            }
            if (outcome != null && claim(o)) {
                synchronized (lock) {
                    if (o.settled == null) {
                        o.settled = new Reconciliation(o.entry, outcome, outcome == Outcome.REJECTED ? FailOpenLedger.TAKEN
                                : outcome == Outcome.AMBIGUOUS ? FailOpenLedger.TAKEN_AFTER : null, now);
                    }
                }
                abandoned.add(o);
            }
        }
        return abandoned;
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
