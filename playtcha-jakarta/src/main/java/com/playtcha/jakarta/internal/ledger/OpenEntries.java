package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entries recorded and not yet reported, in the order recorded, and the tokens they hold. Each
 * change to an entry and its write to the {@link LedgerStore} happen under one lock, so the store
 * sees an entry's steps in order and a compaction never misses an entry recorded meanwhile.
 *
 * <p>Bounded by {@code capacity}: a request that finds it full (or closed) is counted, not recorded;
 * the first of a run is logged at WARNING, the count is dead-lettered by the next pass. An entry
 * being delivered still counts until it is stored as reported, so the store never holds more than
 * {@code capacity} entries not yet reported, and a replay that keeps {@code capacity} keeps them all.
 */
final class OpenEntries {

    private static final System.Logger LOG = System.getLogger(OpenEntries.class.getName());

    /** The entries a pass works on: settled ones to deliver, and others due for a post, fewest misses first. */
    record Round(List<OpenEntry> ready, List<OpenEntry> due) {
    }

    /** Fail-open requests that were not recorded, between {@code first} and {@code last}. */
    record Unrecorded(long count, Instant first, Instant last) {
    }

    private final LedgerStore store;
    private final int capacity;
    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}, as are all fields below but {@link #tokens}' reads. */
    private final Map<String, OpenEntry> open = new LinkedHashMap<>();
    /**
     * The tokens of {@link #open}, to refuse a second pass for one. Changed under {@link #lock} with
     * {@link #open}, but read without it: every verify asks {@link #holds}, and would otherwise queue
     * on the lock behind every fail-open request recording its entry.
     */
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    /** Entries claimed for delivery and not yet stored as reported: they still take their place. */
    private int delivering;
    private volatile boolean closed;
    private long unrecorded;
    private Instant unrecordedFirst;
    private Instant unrecordedLast;

    OpenEntries(LedgerStore store, int capacity, Clock clock) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
    }

    int capacity() {
        return capacity;
    }

    /** Takes what the store kept from before a restart; tried at once. */
    void replayed(List<StoredEntry> stored) {
        long now = clock.millis();
        synchronized (lock) {
            stored.forEach(s -> add(new OpenEntry(s.entry(), now, s.posted(), s.settled())));
        }
    }

    /** A new entry, stored before this returns; {@code null} when full or closed. */
    LedgerEntry record(String token, String path, String remoteAddress, String cause) {
        Instant now = clock.instant();
        // Outside the lock, which every guarded request of an outage takes: a random UUID reads the
        // shared SecureRandom, itself behind a lock.
        String id = UUID.randomUUID().toString();
        synchronized (lock) {
            if (closed || open.size() + delivering >= capacity) {
                if (unrecorded++ == 0) {
                    unrecordedFirst = now;
                    LOG.log(Level.WARNING, "Playtcha ledger is {0}: fail-open requests are not recorded, only counted "
                            + "[open={1}, playtcha.ledger.capacity={2}, path={3}, remote={4}]",
                            closed ? "closed" : "full", open.size(), capacity, path, remoteAddress);
                }
                unrecordedLast = now;
                return null;
            }
            LedgerEntry entry = new LedgerEntry(id, token, now, path, remoteAddress, cause);
            store.recorded(entry);
            add(new OpenEntry(entry, now.toEpochMilli() + FailOpenLedger.FIRST_TRY_MILLIS, false, null));
            return entry;
        }
    }

    private void add(OpenEntry o) {
        open.put(o.entry.id(), o);
        tokens.add(o.entry.token());
    }

    boolean holds(String token) {
        return tokens.contains(token);
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
     * Settles as {@code expired} what outlived its token, then returns what is settled and what is
     * due: its own back-off over and the ledger not paused ({@code pausedUntil}; {@link Long#MAX_VALUE}
     * while it holds off, so that no entry is due).
     */
    Round round(long now, long pausedUntil) {
        List<OpenEntry> ready = new ArrayList<>();
        List<OpenEntry> due = new ArrayList<>();
        synchronized (lock) {
            for (OpenEntry o : open.values()) {
                if (o.settled == null && now - o.entry.time().toEpochMilli() >= FailOpenLedger.TOKEN_LIFETIME.toMillis()) {
                    settle(o, Outcome.EXPIRED, null);
                }
                if (o.settled != null) {
                    ready.add(o);
                } else if (now >= o.nextTry && now >= pausedUntil) {
                    due.add(o);
                }
            }
        }
        // Stable: recorded order within a count. Entries that keep failing (poison tokens) must
        // not fill every batch and, by failing together, pause the ledger for those behind them.
        // Sorted outside the lock, which requests recording entries wait for: only the pass that
        // asks for this round changes an entry's misses (missed), and one pass runs at a time.
        due.sort(Comparator.comparingInt(o -> o.misses));
        return new Round(ready, due);
    }

    /** Notes, once and before the ledger's first post of this token, that it posts it; returns whether it had before. */
    boolean posting(OpenEntry o) {
        synchronized (lock) {
            if (o.posted) {
                return true;
            }
            o.posted = true;
            store.posting(o.entry.id());
            return false;
        }
    }

    /** A post that got no verdict: the entry backs off on its own. */
    void missed(OpenEntry o) {
        synchronized (lock) {
            o.missed(clock.millis());
        }
    }

    void settle(OpenEntry o, Outcome outcome, VerificationResult result) {
        synchronized (lock) {
            Reconciliation settled = new Reconciliation(o.entry, outcome, result, clock.instant());
            o.settled = settled;
            store.settled(settled);
        }
    }

    /** Takes the entry out so that nothing reports it twice; {@code false} when something already has. */
    boolean claim(OpenEntry o) {
        synchronized (lock) {
            if (open.remove(o.entry.id()) == null) {
                return false;
            }
            tokens.remove(o.entry.token());
            delivering++;
            return true;
        }
    }

    /** A claimed entry is stored as reported: its place in the ledger is free again. */
    void reported(OpenEntry o) {
        synchronized (lock) {
            store.reported(o.entry.id());
            delivering--;
        }
    }

    /** The count of requests not recorded since the last call, or {@code null} when there were none. */
    Unrecorded takeUnrecorded() {
        synchronized (lock) {
            if (unrecorded == 0) {
                return null;
            }
            Unrecorded taken = new Unrecorded(unrecorded, unrecordedFirst, unrecordedLast);
            unrecorded = 0;
            return taken;
        }
    }

    /** Lets the store shrink or repair itself from what is open now. */
    void compact() {
        synchronized (lock) {
            store.compact(open.size(), () -> open.values().stream().map(OpenEntry::stored).toList());
        }
    }

    /** Records nothing more from now on; returns {@code false} when it was closed already. */
    boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    /** Settles every entry not yet settled as {@code abandoned} (an in-memory ledger closing), and returns them all. */
    List<OpenEntry> abandon() {
        Instant now = clock.instant();
        synchronized (lock) {
            List<OpenEntry> last = new ArrayList<>(open.values());
            last.stream().filter(o -> o.settled == null)
                    .forEach(o -> o.settled = new Reconciliation(o.entry, Outcome.ABANDONED, null, now));
            return last;
        }
    }
}
