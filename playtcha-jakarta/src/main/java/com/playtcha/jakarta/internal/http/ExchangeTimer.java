package com.playtcha.jakarta.internal.http;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
 * until the earliest unfinished deadline, at most {@link #SWEEP_NANOS} (or the budget, if shorter),
 * then drops finished exchanges and cancels overdue ones. It is woken by a post only when it had
 * nothing queued. A deadline fires as punctually as before: the thread never sleeps past one.
 */
final class ExchangeTimer implements AutoCloseable {

    /** How long finished exchanges may wait in the queue to be dropped. */
    static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final System.Logger LOG = System.getLogger(ExchangeTimer.class.getName());

    private final ConcurrentLinkedQueue<Deadline> inFlight = new ConcurrentLinkedQueue<>();
    private final long maxSleepNanos;
    private final Runnable housekeeping;
    private final long housekeepingNanos;
    private final Thread thread;
    /** Set while the thread sleeps with nothing queued: the next post wakes it. */
    private volatile boolean idle;
    private volatile boolean closed;

    /** Starts the thread {@code threadName} (a daemon that does not pin the application's class loader). */
    ExchangeTimer(String threadName, Duration budget, Runnable housekeeping, Duration housekeepingEvery) {
        this.maxSleepNanos = Math.max(1, Math.min(SWEEP_NANOS, budget.toNanos()));
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
        if (idle) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    private void run() {
        long nextHousekeeping = System.nanoTime() + housekeepingNanos;
        while (!closed) {
            long now = System.nanoTime();
            long sleep = sweep(now);
            if (now - nextHousekeeping >= 0) {
                houseKeep();
                nextHousekeeping = now + housekeepingNanos;
            }
            sleep = Math.min(sleep, Math.max(1, nextHousekeeping - now));
            if (sleep > maxSleepNanos) {
                // Nothing queued: say so before looking again, so a post that appends after the
                // look sees the flag and wakes us (both sides are volatile: one sees the other).
                idle = true;
                if (!inFlight.isEmpty()) {
                    idle = false;
                    continue;
                }
            }
            LockSupport.parkNanos(this, sleep);
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
                sleep = Math.min(sleep, Math.min(left, maxSleepNanos));
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
