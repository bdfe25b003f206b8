package com.playtcha.jakarta.internal.http;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The transport's one timer thread: it cancels exchanges that outlive their budget
 * ({@link Deadline}) and, every few seconds, runs the pool's housekeeping.
 *
 * <p>Why not a {@code ScheduledExecutorService}: a task scheduled and cancelled per post costs a
 * heap insertion and removal under the executor's lock, a task object, and, whenever the new task
 * is the earliest (always, at one post at a time), a wake-up of the timer thread: measurable CPU
 * per verify when Playtcha answers fast. Here every exchange has the same budget, so deadlines fall
 * due in the order exchanges start, and a post only appends itself to a queue. The thread sleeps
 * until the earliest unfinished deadline it saw (or the next housekeeping) and in between wakes only
 *
 * <ul>
 *   <li>when a post finds it with nothing queued (it then sleeps without a deadline to wait for), and
 *   <li>every {@value #SWEEP_BATCH} posts, to drop the finished exchanges queued since its last look,
 *       so that the queue stays short when Playtcha answers fast.
 * </ul>
 *
 * <p>At one post every 20 ms that is a wake-up per budget instead of one per post; at thousands of
 * posts a second, a few a second. A deadline fires late only when its post appended itself after
 * one that started later (its thread preempted between {@link Deadline#start()} and the append),
 * and then by no more than that preemption.
 */
final class ExchangeTimer implements AutoCloseable {

    /** Posts between two looks at the queue by the timer, at most. */
    static final int SWEEP_BATCH = 1024;

    private static final System.Logger LOG = System.getLogger(ExchangeTimer.class.getName());

    private final ConcurrentLinkedQueue<Deadline> inFlight = new ConcurrentLinkedQueue<>();
    /** Posts since the timer last looked at the queue. */
    private final AtomicInteger appended = new AtomicInteger();
    private final Runnable housekeeping;
    private final long housekeepingNanos;
    private final Thread thread;
    /** Set while the thread sleeps with nothing queued: the next post wakes it. */
    private volatile boolean idle;
    private volatile boolean closed;

    /** Starts the thread {@code threadName} (a daemon that does not pin the application's class loader). */
    ExchangeTimer(String threadName, Runnable housekeeping, Duration housekeepingEvery) {
        this.housekeeping = housekeeping;
        this.housekeepingNanos = housekeepingEvery.toNanos();
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        // Not the deploying app's class loader: the thread must not pin it after undeploy.
        thread.setContextClassLoader(null);
        thread.start();
    }

    /** Watches {@code deadline} from now on; {@code false} when the timer is closed. */
    boolean watch(Deadline deadline) {
        if (closed) {
            return false;
        }
        inFlight.add(deadline);
        if (idle || appended.incrementAndGet() == SWEEP_BATCH) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Exchanges queued, finished ones not yet dropped included (a linear count, for tests). */
    int queued() {
        return inFlight.size();
    }

    private void run() {
        long nextHousekeeping = System.nanoTime() + housekeepingNanos;
        while (!closed) {
            appended.set(0);
            long now = System.nanoTime();
            long sleep = sweep(now);
            if (now - nextHousekeeping >= 0) {
                houseKeep();
                nextHousekeeping = now + housekeepingNanos;
            }
            if (sleep == Long.MAX_VALUE) {
                // Nothing queued: say so before looking again, so a post that appends after the
                // look sees the flag and wakes us (both sides are volatile: one sees the other).
                idle = true;
                if (!inFlight.isEmpty()) {
                    idle = false;
                    continue;
                }
            }
            LockSupport.parkNanos(this, Math.max(1, Math.min(sleep, nextHousekeeping - now)));
            idle = false;
        }
    }

    /** Drops finished exchanges, cancels overdue ones; returns how long the thread may sleep. */
    private long sweep(long now) {
        long sleep = Long.MAX_VALUE;
        for (Iterator<Deadline> it = inFlight.iterator(); it.hasNext();) {
            Deadline deadline = it.next();
            if (deadline.finished()) {
                it.remove();
                continue;
            }
            long left = deadline.due() - now;
            if (left <= 0) {
                deadline.fire();
                it.remove();
            } else {
                sleep = Math.min(sleep, left);
            }
        }
        return sleep;
    }

    private void houseKeep() {
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha connection pool housekeeping failed", e);
        }
    }

    /** Stops the thread; exchanges still queued are the closing pool's to end. Idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
