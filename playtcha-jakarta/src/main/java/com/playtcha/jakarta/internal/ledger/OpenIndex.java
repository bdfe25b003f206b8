package com.playtcha.jakarta.internal.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open entries of {@link OpenEntries}, by id and in the order recorded, and their tokens. Changed
 * under the ledger's lock only; {@link #holds} is read by every verify without it.
 *
 * <p>Why not one {@code LinkedHashMap} and one concurrent set, as before: a hash table grows by
 * rehashing every entry at once, under the lock that every fail-open request takes, and at a few
 * hundred thousand entries single records waited hundreds of milliseconds for it (the ledger
 * benchmark: 353 ms and 1,266 ms; 0.8 s at 786,432 entries in a test of ours). Sizing the tables
 * for {@code playtcha.ledger.capacity} up front would spend, at the largest capacity (10,000,000),
 * 128 MB of tables on a ledger that is empty nearly always. So the ids and the tokens are split over
 * segments of about {@value #SEGMENT} entries at capacity, each a small table that grows on its own
 * (a rehash of a few thousand entries, microseconds), and the order is a list through the entries
 * themselves ({@link OpenEntry#before}, {@link OpenEntry#after}), which never rehashes. An empty
 * ledger costs the empty segments: 4 at the default capacity, 4,096 (about 0.5 MB) at the largest.
 * Ids are our own random UUIDs and spread evenly; tokens come from clients, and tokens made to share
 * one {@code String.hashCode} share one segment, which then grows like the one set did before.
 */
final class OpenIndex {

    /** About the most entries one segment holds when the ledger is full. */
    static final int SEGMENT = 4096;

    private final HashMap<String, OpenEntry>[] ids;
    private final Set<String>[] tokens;
    private final int shift;
    private OpenEntry first;
    private OpenEntry last;
    private int size;

    @SuppressWarnings("unchecked")
    OpenIndex(int capacity) {
        int needed = Math.max(1, (capacity + SEGMENT - 1) / SEGMENT);
        int segments = needed == 1 ? 1 : Integer.highestOneBit(needed - 1) << 1; // a power of two
        shift = 32 - Integer.numberOfTrailingZeros(segments);
        ids = new HashMap[segments];
        tokens = new Set[segments];
        for (int i = 0; i < segments; i++) {
            ids[i] = new HashMap<>();
            tokens[i] = ConcurrentHashMap.newKeySet();
        }
    }

    /** Which segment: the top bits of a Fibonacci hash, not the low bits each segment's table uses. */
    private int segment(String key) {
        return shift == 32 ? 0 : (key.hashCode() * 0x9E3779B9) >>> shift;
    }

    int segments() {
        return ids.length;
    }

    /** Adds the entry last; one with the same id already here is replaced where it stands. */
    void put(OpenEntry o) {
        OpenEntry old = ids[segment(o.entry.id())].put(o.entry.id(), o);
        if (old == null) {
            o.before = last;
            if (last == null) {
                first = o;
            } else {
                last.after = o;
            }
            last = o;
            size++;
        } else {
            o.before = old.before;
            o.after = old.after;
            relink(o, old);
            old.before = null;
            old.after = null;
        }
        tokens[segment(o.entry.token())].add(o.entry.token());
    }

    private void relink(OpenEntry o, OpenEntry old) {
        if (old.before == null) {
            first = o;
        } else {
            old.before.after = o;
        }
        if (old.after == null) {
            last = o;
        } else {
            old.after.before = o;
        }
    }

    /** Whether this very entry is here (not claimed, not reported). */
    boolean contains(OpenEntry o) {
        return ids[segment(o.entry.id())].get(o.entry.id()) == o;
    }

    /** Takes out what is here under the entry's id, and its token; {@code false} when there is nothing. */
    boolean remove(OpenEntry o) {
        OpenEntry gone = ids[segment(o.entry.id())].remove(o.entry.id());
        if (gone == null) {
            return false;
        }
        if (gone.before == null) {
            first = gone.after;
        } else {
            gone.before.after = gone.after;
        }
        if (gone.after == null) {
            last = gone.before;
        } else {
            gone.after.before = gone.before;
        }
        gone.before = null;
        gone.after = null;
        size--;
        tokens[segment(o.entry.token())].remove(o.entry.token());
        return true;
    }

    /** Whether an open entry has this token; safe without the ledger's lock. */
    boolean holds(String token) {
        return tokens[segment(token)].contains(token);
    }

    int size() {
        return size;
    }

    /** Each entry, in the order recorded. */
    void forEach(Consumer<OpenEntry> action) {
        for (OpenEntry o = first; o != null; o = o.after) {
            action.accept(o);
        }
    }

    /** The entries, in the order recorded. */
    List<OpenEntry> list() {
        List<OpenEntry> all = new ArrayList<>(size);
        forEach(all::add);
        return all;
    }
}
