package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.SharedStore.Hold;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The reconciliation pass, one at a time: adopt what a stopped node left, deliver what is settled
 * ({@link Delivery}), expire what outlived its token, re-verify what is due ({@code parallel} at a
 * time, each entry backing off on its own), for at most {@link OpenEntries#passMillis}. Why: design/ledger.md.
 */
final class Reconciler {

    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());

    private final OpenEntries entries;
    private final Delivery delivery;
    private final FailOpenLedger.Host host;
    private final ExecutorService workers;
    private final int parallel;
    private final String name;
    private final ReentrantLock passing = new ReentrantLock();
    private volatile ScheduledFuture<?> task;
    private volatile ScheduledExecutorService ticker;
    /** The ledger posts nothing before this time (epoch millis). Guarded by {@link #passing}, as is {@link #missedBatches}. */
    private long pausedUntil;
    /** Batches in a row without a verdict. */
    private int missedBatches;

    /** @param name the threads' name prefix; the passes run on the entries' clock */
    Reconciler(OpenEntries entries, Delivery delivery, FailOpenLedger.Host host, int parallel, String name) {
        this.entries = entries;
        this.delivery = delivery;
        this.host = host;
        this.parallel = parallel;
        this.name = name;
        AtomicInteger count = new AtomicInteger();
        workers = Executors.newFixedThreadPool(parallel, t -> daemon(t, name + "-worker-" + count.incrementAndGet(), null));
    }

    /** Passes every {@code tick} on {@code executor}, or on a thread of its own when it is {@code null} or refuses. */
    void tick(Duration tick, ScheduledExecutorService executor) {
        long millis = tick.toMillis();
        if (executor != null) {
            try {
                task = executor.scheduleWithFixedDelay(this::passQuietly, millis, millis, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                LOG.log(Level.WARNING, "Playtcha ledger: the runtime''s executor refused the ledger''s task ({0}); "
                        + "running on a thread of its own [{1}]", e.getMessage(), name);
            }
        }
        // Listeners are application code: the thread that calls them runs with the application's loader.
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        ticker = Executors.newSingleThreadScheduledExecutor(t -> daemon(t, name, application));
        ticker.scheduleWithFixedDelay(this::passQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable task, String name, ClassLoader loader) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        return thread;
    }

    /** One pass; none once the ledger is closed (a tick that fired as it closed). */
    void pass() {
        passing.lock();
        try {
            if (entries.closed()) {
                return;
            }
            long started = entries.clock.millis();
            long budget = entries.passMillis();
            BooleanSupplier over = () -> entries.closed() || entries.clock.millis() - started >= budget;
            entries.takeOver().forEach(delivery::deliverUnstored);
            // Playtcha failed live traffic moments ago: no posts until the cool-down ends. Asked first,
            // so that the pass does not collect (under the lock requests record with) what it would drop.
            boolean holdingOff = host.holdingOff();
            PassWork work = entries.work(entries.clock.millis(), holdingOff ? Long.MAX_VALUE : pausedUntil);
            List<OpenEntry> due = work.due();
            for (OpenEntry o : work.ready()) {
                if (over.getAsBoolean() || !delivery.deliver(o)) {
                    break; // out of time, or the store cannot be asked: the rest waits for the next pass
                }
            }
            for (int from = 0; from < due.size() && !over.getAsBoolean(); from += parallel) {
                if (!reverify(due.subList(from, Math.min(due.size(), from + parallel)))) {
                    break;
                }
            }
            delivery.logTakenOver();
            delivery.deadLetterUnrecorded();
            entries.compact();
        } finally {
            passing.unlock();
        }
    }

    /** A pass on the ledger's own thread: anything but a VM error is logged, or no entry would ever be reconciled again. */
    private void passQuietly() {
        try {
            pass();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "Playtcha ledger pass failed; it runs again shortly", e);
        }
    }

    /** One post in flight: the entry, whether the ledger had posted its token before, and Playtcha's answer to come. */
    private record Post(OpenEntry o, boolean postedBefore, Future<VerificationResult> answer) {
    }

    /** Re-verifies one batch at once; returns false when the pass should stop (no verdict, or a 429). */
    private boolean reverify(List<OpenEntry> due) {
        List<Post> batch = post(due);
        if (batch.isEmpty()) {
            return true; // nothing asked of Playtcha: nothing to pace by
        }
        boolean anyVerdict = false;
        long wait = 0;
        for (Post post : batch) {
            OpenEntry o = post.o();
            VerificationResult result = await(post.answer());
            Optional<Outcome> outcome = result == null ? Optional.empty()
                    : ReconciliationPolicy.outcome(result, o.entry.cause(), post.postedBefore());
            if (outcome.isEmpty()) {
                wait = Math.max(wait, ReconciliationPolicy.pauseMillis(result));
                entries.missed(o); // tried again after its own back-off
                continue;
            }
            anyVerdict = true;
            entries.settle(o, outcome.get(), result);
            delivery.deliver(o); // stores the outcome first, and delivers it only once stored
        }
        pace(anyVerdict, wait);
        return anyVerdict && wait == 0;
    }

    /** Posts each entry this node still holds ({@link OpenEntries#posting} asked first). */
    private List<Post> post(List<OpenEntry> due) {
        List<Post> batch = new ArrayList<>();
        for (OpenEntry o : due) {
            boolean before = o.posted; // written only by posting, on this thread
            Hold hold = entries.posting(o);
            if (hold == Hold.LOST) {
                delivery.forget(o);
            } else if (hold == Hold.UNKNOWN) {
                entries.missed(o);
            } else {
                batch.add(new Post(o, before, workers.submit(() -> host.reverify(o.entry.token()))));
            }
        }
        return batch;
    }

    private static VerificationResult await(Future<VerificationResult> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            return null; // the verifier was closed under us; the entry stays for the next pass or start
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** After a batch: a 429 pauses for its {@code Retry-After}; a batch without a verdict backs off, as an entry does. */
    private void pace(boolean anyVerdict, long wait) {
        long now = entries.clock.millis();
        if (wait > 0) {
            pausedUntil = Math.max(pausedUntil, now + wait);
        }
        if (anyVerdict) {
            missedBatches = 0;
        } else {
            pausedUntil = Math.max(pausedUntil, now + ReconciliationPolicy.backOffMillis(++missedBatches));
        }
    }

    /**
     * Starts no further pass, runs {@code last} once none is in progress (or after waiting {@code wait}
     * for one), then stops the workers. Does not wait when called from the pass itself.
     */
    void close(Duration wait, Runnable last) {
        if (task != null) {
            task.cancel(false); // the runtime's executor is not ours to shut down
        }
        if (ticker != null) {
            ticker.shutdown();
        }
        boolean quiet;
        try {
            quiet = passing.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quiet = false;
        }
        if (!quiet) {
            LOG.log(Level.WARNING, "Playtcha ledger: a pass was still running after {0}s; closing without it [{1} open]",
                    wait.toSeconds(), entries.size());
        }
        try {
            last.run();
        } finally {
            if (quiet) {
                passing.unlock();
            }
            workers.shutdown(); // after the pass: it may still be handing them posts
        }
    }
}
