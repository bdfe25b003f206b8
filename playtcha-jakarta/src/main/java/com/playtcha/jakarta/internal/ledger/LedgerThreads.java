package com.playtcha.jakarta.internal.ledger;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ledger's threads: {@code parallel} daemon workers that post ({@code <name>-worker-<n>}), and,
 * when it ticks, a pass every tick. The pass runs as a periodic task either on the runtime's
 * executor (a managed scheduled executor: the task has the application's context, and the
 * executor is never shut down here, only the task cancelled) or on a daemon thread of our own
 * ({@code <name>}). Either way nothing parks between passes: the executor's thread is free until
 * the next tick.
 */
final class LedgerThreads {

    private static final System.Logger LOG = System.getLogger(LedgerThreads.class.getName());

    private final String name;
    private final ExecutorService workers;
    private volatile ScheduledExecutorService ticker;
    private volatile Thread tickerThread;
    /** The pass on the runtime's executor, and the lock it runs under, so closing can wait for it. */
    private volatile ScheduledFuture<?> task;
    private final ReentrantLock running = new ReentrantLock();
    private volatile boolean stopped;

    LedgerThreads(int parallel, String name) {
        this.name = name;
        AtomicInteger count = new AtomicInteger();
        workers = Executors.newFixedThreadPool(parallel, task -> daemon(task, name + "-worker-" + count.incrementAndGet(), null));
    }

    ExecutorService workers() {
        return workers;
    }

    /**
     * Runs {@code pass} every {@code tick}, first after one tick: on {@code executor} unless it is
     * {@code null} or refuses the task (a runtime shutting down), else on a thread of our own.
     */
    void tick(Runnable pass, Duration tick, ScheduledExecutorService executor) {
        long millis = tick.toMillis();
        if (executor != null) {
            try {
                task = executor.scheduleWithFixedDelay(() -> runUnlessStopped(pass), millis, millis, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                LOG.log(Level.WARNING, "Playtcha ledger: the runtime''s executor refused the ledger''s task ({0}); "
                        + "running on a thread of its own [{1}]", e.getMessage(), name);
            }
        }
        // Listeners are application code: the thread that calls them runs with the application's loader.
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        ticker = Executors.newSingleThreadScheduledExecutor(t -> tickerThread = daemon(t, name, application));
        ticker.scheduleWithFixedDelay(pass, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void runUnlessStopped(Runnable pass) {
        running.lock();
        try {
            if (!stopped) {
                pass.run();
            }
        } finally {
            running.unlock();
        }
    }

    private static Thread daemon(Runnable task, String name, ClassLoader loader) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        return thread;
    }

    /**
     * Stops the pass, waiting up to {@code wait} for one in progress unless called from it (a
     * listener closing the verifier), then the workers, which finish the posts they have. On the
     * runtime's executor only our task is cancelled; the executor is not ours to shut down.
     */
    void shutdown(Duration wait) {
        stopped = true;
        if (task != null) {
            task.cancel(false);
            if (!running.isHeldByCurrentThread()) {
                awaitPass(wait);
            }
        }
        if (ticker != null) {
            ticker.shutdown();
            if (Thread.currentThread() != tickerThread) {
                awaitQuietly(ticker, wait);
            }
        }
        workers.shutdown();
    }

    private void awaitPass(Duration wait) {
        try {
            if (running.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                running.unlock();
            } else {
                LOG.log(Level.WARNING, "Playtcha ledger pass did not stop within {0}s", wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
