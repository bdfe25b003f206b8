package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.internal.http.HttpTransport;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The threads that run the steps of a non-blocking verify which block by nature, so that they never run
 * on the caller's thread nor on the transport's I/O threads: a client's budget kept in a shared store
 * (the cluster module's, which may wait for its store up to {@code playtcha.cluster.timeout}), and the
 * record of a request that failed open into the journal of {@code playtcha.ledger.directory} or a shared
 * ledger (whose claim may wait as long). A verifier whose stores are all in memory never uses them.
 *
 * <p>Bounded: at most {@code max-connections} threads, started when needed and ended after
 * {@value #IDLE_SECONDS} s idle, and as many steps waiting for one; a step that finds no room is not run,
 * and its verify is answered at once as the caller says ({@code overloaded}: our own load). Daemon
 * threads named {@code <verifier>-blocking-N}, with no inherited thread locals and no context class loader.
 */
final class BlockingWork implements AutoCloseable {

    static final int IDLE_SECONDS = 30;

    private final ThreadPoolExecutor threads;

    /** Up to {@code size} threads named {@code threadName-blocking-N}, and {@code size} steps waiting. */
    BlockingWork(String threadName, int size) {
        threads = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(size),
                HttpTransport.daemonThreads(threadName + "-blocking-"));
        threads.allowCoreThreadTimeOut(true);
    }

    /**
     * {@code step} on one of these threads; when none is free and the line is full (or after {@link #close()}),
     * {@code whenFull} on the caller's thread instead, at once: it must not block.
     */
    <T> CompletableFuture<T> supply(Supplier<T> step, Supplier<T> whenFull) {
        try {
            return CompletableFuture.supplyAsync(step, threads);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.completedFuture(whenFull.get());
        }
    }

    /** Ends the threads once their steps are done. Idempotent. */
    @Override
    public void close() {
        threads.shutdown();
    }
}
