package com.playtcha.jakarta.cluster.counts;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one wait a node's start has for a shared store ({@code playtcha.cluster.start-timeout}), whatever
 * the number of its parts: the login counts, then the client budgets (then the ledger) open one after
 * the other, each by a call of the SPI of its own, and each part's waits (a JCache provider's cache, the
 * counts' first call) end at the deadline the first part set. A part that begins once the deadline has
 * passed, after a wait of that start got no answer by it ({@link #missed}), waits for nothing
 * ({@link #left} is zero) for as long again: the store was just waited for, and the node goes on on its
 * own state and shares once the store answers. Otherwise a part that begins after the deadline opens a
 * start of its own: a second verifier made later, a store that answered in time.
 *
 * <pre>{@code
 * StartWindow start = StartWindow.of("cache playtcha-budgets", settings.clusterStartTimeout());
 * T store = opening.get(start.left().toNanos(), TimeUnit.NANOSECONDS); // on TimeoutException: start.missed()
 * }</pre>
 *
 * <p>One per store and class loader (the application's, which loads this module): the deadline is real time, not
 * the verifier's clock. Why a bound of its own, and not a multiple of {@code playtcha.cluster.timeout}: a
 * per-call budget is not a start-up bound (design/cluster.md, "A start's one bound").
 */
public final class StartWindow {

    /** The windows of the starts under way, by store, guarded by itself. */
    private static final Map<String, StartWindow> OPEN = new HashMap<>();

    private final long deadline;
    private final long bound;
    private volatile boolean missed;

    private StartWindow(long now, Duration bound) {
        this.bound = bound.toNanos();
        this.deadline = now + this.bound;
    }

    /**
     * The window of the start a part of {@code store} that begins now belongs to: the one under way, or one
     * that waited for nothing more past its deadline; else a new one of {@code bound}.
     *
     * @param store names the store, as its messages do ({@code database java:comp/env/jdbc/app}, {@code cache playtcha-budgets})
     */
    public static StartWindow of(String store, Duration bound) {
        long now = System.nanoTime();
        synchronized (OPEN) {
            OPEN.values().removeIf(over -> !over.holds(now)); // a start's window lives as long as it holds, never longer
            StartWindow window = OPEN.get(store);
            if (window == null) {
                window = new StartWindow(now, bound);
                OPEN.put(store, window);
            }
            return window;
        }
    }

    /** Whether a part beginning at {@code now} is of this start: before the deadline, or after it as long again once a wait missed it. */
    private boolean holds(long now) {
        return now - deadline < 0 || missed && now - deadline - bound < 0;
    }

    /** How long a part may still wait: until the deadline, zero once it passed. */
    public Duration left() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The bound this window was opened with, for messages. */
    public Duration bound() {
        return Duration.ofNanos(bound);
    }

    /** A wait of this start got no answer by its deadline: the parts that begin next wait for nothing. */
    public void missed() {
        missed = true;
    }
}
