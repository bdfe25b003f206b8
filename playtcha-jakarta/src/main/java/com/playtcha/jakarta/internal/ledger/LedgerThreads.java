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

/**
 * The ledger's threads: {@code parallel} daemon workers that post ({@code <name>-worker-<n>}), and,
 * when it ticks, a pass every tick. The pass runs as a periodic task either on the runtime's
 * executor (a managed scheduled executor: the task has the application's context, and the
 * executor is never shut down here, only the task cancelled) or on a daemon thread of our own
 * ({@code <name>}). Either way nothing parks between passes: the executor's thread is free until
 * the next tick. Closing waits for a pass in progress through the pass's own lock
 * ({@link Reconciler#afterPass}), not here.
 */
final class LedgerThreads {

    private static final System.Logger LOG = System.getLogger(LedgerThreads.class.getName());

    private final String name;
    private final ExecutorService workers;
    private volatile ScheduledFuture<?> task;
    private volatile ScheduledExecutorService ticker;

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
                task = executor.scheduleWithFixedDelay(pass, millis, millis, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                LOG.log(Level.WARNING, "Playtcha ledger: the runtime''s executor refused the ledger''s task ({0}); "
                        + "running on a thread of its own [{1}]", e.getMessage(), name);
            }
        }
        // Listeners are application code: the thread that calls them runs with the application's loader.
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        ticker = Executors.newSingleThreadScheduledExecutor(t -> daemon(t, name, application));
        ticker.scheduleWithFixedDelay(pass, millis, millis, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable task, String name, ClassLoader loader) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        return thread;
    }

    /**
     * Starts no further pass: on the runtime's executor only our task is cancelled (the executor is
     * not ours to shut down).
     */
    void stopTicking() {
        if (task != null) {
            task.cancel(false);
        }
        if (ticker != null) {
            ticker.shutdown();
        }
    }
}
