package com.playtcha.jakarta.internal.http;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * The transport's one timer thread: it cancels a post that outlives its budget, as HttpClient's
 * {@code ClientAbortMethod} example cancels a request, and every few seconds runs the pool's
 * housekeeping. HttpClient's own timeouts each bound one wait (the lease, the connect, each read),
 * so a server that sends a byte now and then never trips them; this is the one deadline over the
 * whole post.
 *
 * <p>A {@link ScheduledThreadPoolExecutor} of one daemon thread that removes a cancelled task from
 * its queue at once, so posts answered in time leave nothing behind. Its thread does not pin the
 * deploying application's class loader.
 */
final class Deadlines implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Deadlines.class.getName());

    private final ScheduledThreadPoolExecutor executor;

    /** Starts the thread {@code threadName}, which runs {@code housekeeping} every {@code every}. */
    Deadlines(String threadName, Runnable housekeeping, Duration every) {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.setContextClassLoader(null); // not the deploying app's: must not pin it after undeploy
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.scheduleWithFixedDelay(() -> houseKeep(housekeeping), every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Cancels {@code post} {@code budget} from now, unless {@link Watch#end() ended} first. */
    Watch watch(Cancellable post, Duration budget) {
        Watch watch = new Watch(post);
        try {
            watch.scheduled = executor.schedule(watch, budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            watch.run(); // the transport closed under us: no budget left at all
        }
        return watch;
    }

    /** One post's deadline. */
    static final class Watch implements Runnable {
        private Cancellable post;
        private volatile ScheduledFuture<?> scheduled;
        private boolean fired;

        private Watch(Cancellable post) {
            this.post = post;
        }

        /** The deadline: cancels the post unless it is over. */
        @Override
        public synchronized void run() {
            if (post != null) {
                fired = true;
                post.cancel();
            }
        }

        /**
         * Marks the post over and returns whether the deadline cancelled it. Shares the lock with
         * the cancel, so once this returns no cancel is under way: nothing of the post is in flight
         * or leased.
         */
        boolean end() {
            synchronized (this) {
                post = null;
            }
            ScheduledFuture<?> task = scheduled;
            if (task != null) {
                task.cancel(false);
            }
            return fired;
        }
    }

    private static void houseKeep(Runnable housekeeping) {
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha connection pool housekeeping failed", e);
        }
    }

    /** Stops the thread; posts still watched are the closing pool's to end. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
