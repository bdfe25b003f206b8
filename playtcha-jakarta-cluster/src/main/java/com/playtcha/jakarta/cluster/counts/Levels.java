package com.playtcha.jakarta.cluster.counts;

/**
 * Where the cluster's login counts of accounts and clients are kept: per 64-bit key a level that a
 * failure raises by one and that drains at its own rate (a key's limit a window), so "at its limit" is
 * a level that one more would lift above the limit. Each call is one round trip to the store, whatever
 * the number of keys, and atomic per key. Keys in one call are distinct.
 */
public interface Levels {

    /**
     * Adds one to each key's level, drained as {@link #add} drains it, when every key has room (one more
     * stays within its limit, {@code perMilli[i] * windowMillis}); else adds nothing, or takes back what it
     * added. Whether it added.
     */
    boolean admit(long[] keys, double[] perMilli, double windowMillis, long nowMillis);

    /**
     * Adds one to each key's level, drained first at {@code perMilli[i]} for each millisecond since its
     * last change (a key not there starts at zero), and returns the new levels, in the keys' order.
     */
    double[] add(long[] keys, double[] perMilli, long nowMillis);

    /**
     * Takes one from each key's drained level (never below zero; a key not there has nothing to give
     * back), now or, on a cache, with this node's next call (until then the level is one higher).
     */
    void giveBack(long[] keys, long nowMillis);

    /** The drained levels of these keys, zero for a key not there, without writing anything. */
    double[] read(long[] keys, long nowMillis);

    /** Sends what {@link #giveBack} left waiting, if it waits for a call to go with (a cache's). */
    default void flush(long nowMillis) {
    }

    /** Deletes up to {@code batch} keys drained to zero; how many went. */
    default int clean(long nowMillis, int batch) {
        return 0;
    }
}
