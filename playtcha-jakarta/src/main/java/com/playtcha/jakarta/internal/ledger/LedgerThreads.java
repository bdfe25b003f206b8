package com.playtcha.jakarta.internal.ledger;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ledger's daemon threads: {@code parallel} workers that post ({@code <name>-worker-<n>}),
 * and, when it ticks, one thread that runs a pass every tick ({@code <name>}).
 */
final class LedgerThreads {

    private static final System.Logger LOG = System.getLogger(LedgerThreads.class.getName());

    private final String name;
    private final ExecutorService workers;
    private volatile ScheduledExecutorService ticker;
    private volatile Thread tickerThread;

    LedgerThreads(int parallel, String name) {
        this.name = name;
        AtomicInteger count = new AtomicInteger();
        workers = Executors.newFixedThreadPool(parallel, task -> daemon(task, name + "-worker-" + count.incrementAndGet(), null));
    }

    ExecutorService workers() {
        return workers;
    }

    /** Runs {@code pass} every {@code tick}, first after one tick. */
    void tick(Runnable pass, Duration tick) {
        // Listeners are application code: the thread that calls them runs with the application's loader.
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        ticker = Executors.newSingleThreadScheduledExecutor(task -> tickerThread = daemon(task, name, application));
        ticker.scheduleWithFixedDelay(pass, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable task, String name, ClassLoader loader) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        return thread;
    }

    /**
     * Stops the ticker, waiting up to {@code wait} for it unless called from it (a listener closing
     * the verifier), then the workers, which finish the posts they have.
     */
    void shutdown(Duration wait) {
        if (ticker != null) {
            ticker.shutdown();
            if (Thread.currentThread() != tickerThread) {
                awaitQuietly(ticker, wait);
            }
        }
        workers.shutdown();
    }

    private static void awaitQuietly(ExecutorService executor, Duration wait) {
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "Playtcha ledger thread did not stop within {0}s", wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
