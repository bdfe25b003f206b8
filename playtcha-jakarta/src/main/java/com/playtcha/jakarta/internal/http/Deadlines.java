package com.playtcha.jakarta.internal.http;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * The transport's one timer thread: cancels a post that outlives its budget (the one deadline over the
 * whole post), never before, and runs the pool's housekeeping; a post that ends in time wakes nobody.
 * Why: design/engine.md.
 */
final class Deadlines implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Deadlines.class.getName());

    /** Posts not yet ended: a post removes itself when it ends, the thread when it cancels one. */
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final Runnable housekeeping;
    private final long housekeepingEvery;
    private final Thread thread;
    /** When the thread wakes next unless a post wakes it ({@link System#nanoTime()}). */
    private volatile long nextWake;
    private volatile boolean closed;

    /** Starts the thread {@code threadName}, which runs {@code housekeeping} every {@code every}. */
    Deadlines(String threadName, Runnable housekeeping, Duration every) {
        this.housekeeping = housekeeping;
        housekeepingEvery = every.toNanos();
        nextWake = System.nanoTime() + housekeepingEvery;
        thread = new Thread(null, this::run, threadName, 0, false); // no inherited thread locals
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // not the deploying app's: must not pin it after undeploy
        thread.start();
    }

    /** Cancels {@code post} {@code budget} from now, unless {@link Watch#end() ended} first. */
    Watch watch(Cancellable post, Duration budget) {
        Watch watch = new Watch(post, System.nanoTime() + budget.toNanos());
        watched.add(watch);
        if (closed) {
            watch.expire(); // the transport closed under us: no budget left at all
        } else if (watch.due - nextWake < 0) {
            LockSupport.unpark(thread);
        }
        return watch;
    }

    /** One post's deadline. */
    final class Watch {
        private final long due;
        private Cancellable post;
        private boolean fired;

        private Watch(Cancellable post, long due) {
            this.post = post;
            this.due = due;
        }

        /** The deadline: cancels the post unless it is over. */
        private synchronized void expire() {
            if (post == null) {
                return;
            }
            fired = true;
            try {
                post.cancel();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cancelling a Playtcha post at its deadline failed", e);
            } finally {
                post = null;
            }
        }

        /** Marks the post over; whether the deadline cancelled it. Once this returns no cancel is under way. */
        boolean end() {
            boolean cancelled;
            synchronized (this) {
                post = null;
                cancelled = fired;
            }
            watched.remove(this);
            return cancelled;
        }
    }

    private void run() {
        long housekeepAt = System.nanoTime() + housekeepingEvery;
        while (!closed) {
            if (System.nanoTime() - housekeepAt >= 0) {
                houseKeep();
                housekeepAt = System.nanoTime() + housekeepingEvery;
            }
            nextWake = housekeepAt;
            long wake = expireDue(housekeepAt);
            nextWake = wake;
            LockSupport.parkNanos(this, wake - System.nanoTime());
            Thread.interrupted(); // only close() ends this thread, as with an executor's worker
        }
    }

    /** Cancels the posts due now; returns the earliest deadline of the others, or {@code latest} when none is earlier. */
    private long expireDue(long latest) {
        long now = System.nanoTime();
        long earliest = latest;
        for (Iterator<Watch> all = watched.iterator(); all.hasNext();) {
            Watch watch = all.next();
            if (watch.due - now <= 0) {
                all.remove();
                watch.expire();
            } else if (watch.due - earliest < 0) {
                earliest = watch.due;
            }
        }
        return earliest;
    }

    private void houseKeep() {
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha connection pool housekeeping failed", e);
        }
    }

    /** Stops the thread; posts still watched are the closing pool's to end. Idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
