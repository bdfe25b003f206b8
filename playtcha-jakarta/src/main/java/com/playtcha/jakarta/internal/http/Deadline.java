package com.playtcha.jakarta.internal.http;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;

/**
 * Cancels an exchange that outlives its budget, counted from the moment it got a pooled
 * connection ({@link #start()}, called by {@link LeasingPool}). HttpClient's own timeouts each
 * bound one wait, and a server that sends a byte now and then never trips the read timeout; this
 * is the one deadline over the whole exchange.
 *
 * <p>Its cancel releases the connection on the timer thread; {@link #finish()} waits for that, so
 * when a post returns nothing of the exchange is in flight or leased. (A {@code ScheduledFuture}
 * cannot tell: its {@code cancel} succeeds while the task is still running.)
 */
final class Deadline implements Runnable {

    private final HttpPost post;
    private final ScheduledExecutorService timer;
    private final Duration budget;
    private ScheduledFuture<?> scheduled;
    private boolean finished;
    private boolean fired;

    Deadline(HttpPost post, ScheduledExecutorService timer, Duration budget) {
        this.post = post;
        this.timer = timer;
        this.budget = budget;
    }

    /** The connection is ours: the exchange's budget starts now. */
    synchronized void start() {
        if (finished || scheduled != null) {
            return;
        }
        try {
            scheduled = timer.schedule(this, budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            fired = true; // the transport closed under us: no budget left at all
            post.cancel();
        }
    }

    @Override
    public synchronized void run() {
        if (!finished) {
            fired = true;
            post.cancel();
        }
    }

    /** Marks the exchange over; returns whether the deadline cancelled it. */
    synchronized boolean finish() {
        finished = true;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        return fired;
    }
}
