package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.SharedStore.Hold;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The entries recorded and not yet reported, in the order recorded, and their tokens, behind one lock
 * that every fail-open request takes to record; the pass and the delivery reach the store only
 * through here, on one of two paths: {@link LocalEntries} writes a node's own store under that lock,
 * {@link SharedEntries} asks a shared one outside it, and each step says whether this node still holds
 * the entry ({@link Hold}). Bounded by {@code capacity}: a request that finds it full (or closed) is
 * counted, not recorded (design/ledger.md).
 */
abstract sealed class OpenEntries permits LocalEntries, SharedEntries {

    /**
     * Where the entries' ids come from: the JDK's DRBG, seeded here, when the first ledger is made (a server's
     * start). {@link UUID#randomUUID} reads {@code /dev/urandom} now and then (its NativePRNG refills a buffer),
     * and a request that fails open may record on an event loop (a WebFlux verify answered at once, the breaker
     * open), where such a read is a blocking call (BlockHound fails it). Seeded once, the DRBG reads nothing more.
     */
    private static final SecureRandom IDS = seeded();

    final int capacity;
    final VerifierClock clock;
    private final FailOpenLedger.Host host;
    final Object lock = new Object();
    /** Guarded by {@link #lock}, as are all fields below, but for {@link OpenIndex#holds}. */
    final OpenIndex open;
    /** Entries claimed for delivery and not yet stored as reported, or being recorded: they take their place. */
    int delivering;
    private volatile boolean closed;
    private final Unrecorded.Count unrecorded = new Unrecorded.Count();

    /** @param host told of a token before its entry leaves, with the entry's age */
    OpenEntries(int capacity, VerifierClock clock, FailOpenLedger.Host host) {
        this.capacity = capacity;
        this.clock = clock;
        this.host = host;
        open = new OpenIndex(capacity);
    }

    /** The store, for its replay, its faults and the log. */
    abstract LedgerStore store();

    /** A new entry, or none when the ledger is full or closed, or (a shared store) the token's claim says so. */
    abstract FailOpenLedger.Recorded record(String token, String path, String remoteAddress, String cause);

    /**
     * Before every post of the entry's token: notes it in the store, which says whether this node
     * still holds the entry (post only on {@link Hold#HELD}).
     */
    abstract Hold posting(OpenEntry o);

    /** The settled entry's outcome into the store, before any listener hears it. */
    abstract Hold settled(OpenEntry o);

    /**
     * A claimed entry was delivered: the store records it, and its place is free again; {@code false}
     * when another node took it over meanwhile.
     */
    abstract boolean reported(OpenEntry o);

    /**
     * A listener failed on a claimed entry: it takes its place again, to be delivered at {@code next};
     * {@code false} when another node took it over meanwhile (it delivers it again), and it left.
     */
    abstract boolean retry(OpenEntry o, long next);

    /**
     * A claimed entry is parked for an operator: {@code listeners} (their classes) failed on it too
     * often; {@code false} when another node took it over meanwhile (it delivers it again).
     */
    abstract boolean park(OpenEntry o, String listeners);

    /**
     * Before every pass: takes what a shared store hands over (a stopped node's entries) while there is
     * room, and returns the entries it hands back, never to have them ({@link SharedStore#refused}), taken
     * out and settled, for delivery once.
     */
    abstract List<OpenEntry> takeOver();

    /** How long one pass may go on taking entries, in milliseconds ({@link SharedStore#passMillis}). */
    abstract long passMillis();

    /** After every pass: lets a local store shrink or repair itself from what is open now. */
    abstract void compact();

    /** Whether open entries outlive the ledger: a durable local store, or a shared one (another node adopts them). */
    abstract boolean durable();

    /** Open entries a shared store has not written yet. */
    abstract int unwritten();

    /** Closes the store, waiting up to {@code wait} for its last writes; returns the entries it never had, as {@link #takeOver}. */
    abstract List<OpenEntry> closeStore(Duration wait);

    /**
     * The entry a request that failed open makes, first tried a second from now, its place taken under the lock by
     * {@code taking} (each store's own step); {@code null} when the ledger is full or closed: the request is counted.
     */
    OpenEntry admitted(String token, String path, String remoteAddress, String cause, Consumer<OpenEntry> taking) {
        Instant now = clock.instant();
        // Outside the lock every request of an outage takes.
        LedgerEntry entry = new LedgerEntry(newId(), token, now, path, remoteAddress, cause);
        OpenEntry o = new OpenEntry(entry, now.toEpochMilli() + FailOpenLedger.FIRST_TRY_MILLIS, false, null, 0);
        synchronized (lock) {
            if (closed || open.size() + delivering >= capacity) {
                unrecorded.count(entry.time(), closed, open.size(), capacity, path, remoteAddress);
                return null;
            }
            taking.accept(o);
        }
        return o;
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID} makes it, from {@link #IDS}. */
    static String newId() {
        byte[] bytes = new byte[16];
        IDS.nextBytes(bytes);
        bytes[6] = (byte) (bytes[6] & 0x0f | 0x40); // version 4: random
        bytes[8] = (byte) (bytes[8] & 0x3f | 0x80); // the variant of RFC 9562
        ByteBuffer both = ByteBuffer.wrap(bytes);
        return new UUID(both.getLong(), both.getLong()).toString();
    }

    private static SecureRandom seeded() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom(); // a JDK without DRBG: ids as before
        }
        random.nextBytes(new byte[1]); // the DRBG seeds itself at its first use: now, not in a request
        return random;
    }

    /** Takes what the store kept from before a restart, or a stopped node left; tried at once. */
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

    /** The count of requests not recorded since the last call, or {@code null} when there were none. */
    Unrecorded takeUnrecorded() {
        synchronized (lock) {
            return unrecorded.take();
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

    List<OpenEntry> list() {
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
