package com.playtcha.jakarta.cluster.counts;

import java.time.Duration;

/**
 * Where the cluster's login counts of accounts and clients are kept: per 64-bit key a level that a
 * failure raises by one and that drains at its own rate (a key's limit a window), so "at its limit" is
 * a level that one more would lift above the limit. Each call is one round trip to the store, whatever
 * the number of keys, and atomic per key. Keys in one call are distinct.
 *
 * <p>The rule, the same in every store (SQL, a Lua script, Java), with the constants declared here and
 * passed to each: a key's level drains at the rate it was last raised at, for the time since its last
 * change (none when the clock went back), never below zero ({@link #drained}); a raise takes the call's
 * rate from then on; one more fits when it stays within the rate times the window, give or take
 * {@link #OVER} ({@link #room}); a key is kept until it has drained and {@link #KEEP} more
 * ({@link #keptMillis}). Every store passes one contract suite ({@code LevelsContract}).
 */
public interface Levels {

    /** A level this much over its limit is within it: rates are fractions, and {@code 2 / 900000.0 * 900000} is below 2. */
    double OVER = 1e-9;
    /** How long a key is kept once it drained, on every store: a level at zero, a Bucket4j bucket full again. */
    Duration KEEP = Duration.ofMinutes(1);

    /**
     * Adds one to each key's level, drained as {@link #add} drains it, when every key has room (one more
     * stays within its limit, {@code perMilli[i] * windowMillis}, by {@link #room}); else adds nothing, or
     * takes back what it added. Whether it added.
     */
    boolean admit(long[] keys, double[] perMilli, double windowMillis, long nowMillis);

    /**
     * Adds one to each key's level, drained first ({@link #drained}; a key not there starts at zero), and
     * returns the new levels, in the keys' order; each key drains at {@code perMilli[i]} from now on.
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

    /** Deletes up to {@code batch} keys drained {@link #KEEP} ago (a store whose keys expire by themselves has none); how many went. */
    default int clean(long nowMillis, int batch) {
        return 0;
    }

    /** A level changed at {@code atMillis}, draining {@code perMilli} a millisecond, as it is at {@code nowMillis}. */
    static double drained(double level, long atMillis, double perMilli, long nowMillis) {
        return Math.max(0, level - Math.max(0, nowMillis - atMillis) * perMilli);
    }

    /** Whether one more on {@code level} stays within {@code perMilli * windowMillis}, give or take {@link #OVER}. */
    static boolean room(double level, double perMilli, double windowMillis) {
        return level + 1 <= perMilli * windowMillis + OVER;
    }

    /** How long after its last change a key of {@code level}, draining {@code perMilli}, is kept: until drained, and {@link #KEEP}. */
    static long keptMillis(double level, double perMilli) {
        return (long) Math.ceil(level / perMilli) + KEEP.toMillis();
    }
}
