package com.playtcha.jakarta.internal.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open entries of {@link OpenEntries}, by id and in the order recorded, and how many hold each
 * token. Changed under the ledger's lock only; {@link #holds} is read by every verify without it.
 *
 * Both tables are sized for the capacity when made, so they never rehash under the lock.
 */
final class OpenIndex {

    private final Map<String, OpenEntry> ids;
    private final Map<String, Integer> tokens;

    OpenIndex(int capacity) {
        ids = new LinkedHashMap<>((int) Math.min(Integer.MAX_VALUE, capacity * 4L / 3 + 1));
        tokens = new ConcurrentHashMap<>(capacity);
    }

    /** Adds the entry last; one with the same id already here is replaced where it stands. */
    void put(OpenEntry o) {
        tokens.merge(o.entry.token(), 1, Integer::sum); // before the old one's token goes: held throughout
        OpenEntry old = ids.put(o.entry.id(), o);
        if (old != null) {
            release(old.entry.token());
        }
    }

    /** Takes out what is here under the entry's id, and its hold on its token; {@code false} when there is nothing. */
    boolean remove(OpenEntry o) {
        OpenEntry gone = ids.remove(o.entry.id());
        if (gone == null) {
            return false;
        }
        release(gone.entry.token());
        return true;
    }

    private void release(String token) {
        tokens.computeIfPresent(token, (t, holders) -> holders == 1 ? null : holders - 1);
    }

    /** Whether an open entry has this token; safe without the ledger's lock. */
    boolean holds(String token) {
        return tokens.containsKey(token);
    }

    int size() {
        return ids.size();
    }

    /** Each entry, in the order recorded. */
    void forEach(Consumer<OpenEntry> action) {
        ids.values().forEach(action);
    }

    /** The entries, in the order recorded. */
    List<OpenEntry> list() {
        return new ArrayList<>(ids.values());
    }
}
