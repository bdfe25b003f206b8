package com.playtcha.jakarta.cluster.counts;

import java.util.HashMap;

/**
 * Levels whose give-backs wait for this node's next call, so a login attempt stays one round trip: a
 * success's give-back (or what a refused admission raised on its other keys) is no call of its own, but
 * rides with the next {@code admit} or {@code add}, which takes them with {@link #drain}, or goes with
 * {@link #flush} within a second. It holds, per key, how many to give back; at most {@value #PENDING}
 * keys wait, and past that a give-back is sent at once. Meanwhile those counts are one higher, which only
 * asks for a token ({@link #takeOff} shows a read the level after the next call); a call that fails
 * loses what it carried, with the same effect.
 *
 * <p>A backend implements only {@link #giveBackNow}, its one call that gives back and does nothing else,
 * and sends what {@link #drain} returns with its own calls: the JCache cache's levels and Redis's.
 * PostgreSQL's give back at once, in a statement of their own.
 */
public abstract class BatchedLevels implements Levels {

    /** Keys waiting at most; past it, a give-back is a call of its own. */
    public static final int PENDING = 4_096;

    private HashMap<Long, Integer> pending = new HashMap<>();

    protected BatchedLevels() {
    }

    /** Waits for the node's next call, or {@link #flush} within a second; past {@link #PENDING} keys waiting, a call of its own. */
    @Override
    public final void giveBack(long[] keys, long nowMillis) {
        synchronized (this) {
            if (pending.size() + keys.length <= PENDING) {
                for (long key : keys) {
                    pending.merge(key, 1, Integer::sum);
                }
                return;
            }
        }
        HashMap<Long, Integer> back = new HashMap<>();
        for (long key : keys) {
            back.merge(key, 1, Integer::sum);
        }
        giveBackNow(back, nowMillis);
    }

    @Override
    public final void flush(long nowMillis) {
        HashMap<Long, Integer> back = drain();
        if (!back.isEmpty()) {
            giveBackNow(back, nowMillis);
        }
    }

    /** One call to the store that takes {@code back}'s count off each of its keys (never below zero) and nothing else. */
    protected abstract void giveBackNow(HashMap<Long, Integer> back, long nowMillis);

    /** What waits, per key, taken out to go with a call (a {@code HashMap}: a cache ships it to its entries). */
    protected final synchronized HashMap<Long, Integer> drain() {
        HashMap<Long, Integer> back = pending;
        pending = new HashMap<>();
        return back;
    }

    /** Takes what waits for each key off its level as the store read it (never below zero): the level after the next call. */
    protected final synchronized void takeOff(long[] keys, double[] levels) {
        for (int i = 0; i < keys.length; i++) {
            levels[i] = Math.max(0, levels[i] - pending.getOrDefault(keys[i], 0));
        }
    }
}
