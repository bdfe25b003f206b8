package com.playtcha.jakarta.internal.http;

import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpPost;

/**
 * Cancels an exchange that outlives its budget, counted from the moment it got a pooled
 * connection ({@link #start()}, called by {@link LeasingPool}). HttpClient's own timeouts each
 * bound one wait, and a server that sends a byte now and then never trips the read timeout; this
 * is the one deadline over the whole exchange. The transport's {@link ExchangeTimer} watches it.
 *
 * <p>Its cancel releases the connection on the timer thread; {@link #finish()} waits for that
 * (both hold this object's lock), so when a post returns nothing of the exchange is in flight or
 * leased.
 */
final class Deadline {

    /** Let go when finished: the timer may keep a finished deadline queued for a while. */
    private HttpPost post;
    private final ExchangeTimer timer;
    private final long budgetNanos;
    /** When it falls due ({@link System#nanoTime()}); written before the timer can see it. */
    private long due;
    private boolean started;
    /** Read by the timer without the lock, to drop finished exchanges. */
    private volatile boolean finished;
    private boolean fired;

    Deadline(HttpPost post, ExchangeTimer timer, Duration budget) {
        this.post = post;
        this.timer = timer;
        this.budgetNanos = budget.toNanos();
    }

    /** The connection is ours: the exchange's budget starts now. */
    synchronized void start() {
        if (finished || started) {
            return;
        }
        started = true;
        due = System.nanoTime() + budgetNanos;
        if (!timer.watch(this)) {
            fired = true; // the transport closed under us: no budget left at all
            post.cancel();
        }
    }

    /** The timer found it overdue: cancels the exchange unless it is over. */
    synchronized void fire() {
        if (!finished) {
            fired = true;
            post.cancel();
        }
    }

    boolean finished() {
        return finished;
    }

    long due() {
        return due;
    }

    /** Marks the exchange over; returns whether the deadline cancelled it. */
    synchronized boolean finish() {
        finished = true;
        post = null;
        return fired;
    }
}
