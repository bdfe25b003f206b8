package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.junit.jupiter.api.Test;

/**
 * The one timer thread behind every deadline: a post still running at its deadline is cancelled
 * then and not before, one that ended is never cancelled, the pool's housekeeping runs on the same
 * thread, and a closed timer cancels a new post at once.
 */
class DeadlinesTest {

    private static final Duration BUDGET = Duration.ofMillis(120);

    @Test
    void anUnfinishedPost_isCancelledAtItsDeadline_anEndedOneNever() throws Exception {
        CountDownLatch housekept = new CountDownLatch(2);
        try (Deadlines deadlines = new Deadlines("deadlines-test", housekept::countDown, Duration.ofMillis(20))) {
            Watched ended = new Watched();
            Deadlines.Watch endedWatch = deadlines.watch(ended.post, BUDGET);
            long started = System.nanoTime();
            Watched hung = new Watched();
            Deadlines.Watch hungWatch = deadlines.watch(hung.post, BUDGET);
            assertFalse(endedWatch.end(), "ended before its deadline: not cancelled");

            assertTrue(hung.cancelled.await(5, TimeUnit.SECONDS), "the hung post was never cancelled");
            long took = System.nanoTime() - started;
            assertTrue(took >= BUDGET.toNanos(), "cancelled after " + took / 1_000_000 + " ms, before its budget");
            assertTrue(hungWatch.end(), "the deadline says it cancelled the post");
            assertFalse(ended.post.isCancelled(), "an ended post is never cancelled");
            assertTrue(housekept.await(5, TimeUnit.SECONDS), "the pool's housekeeping did not run");
        }
    }

    @Test
    void afterClose_aNewPostIsCancelledAtOnce() {
        Deadlines deadlines = new Deadlines("deadlines-test", () -> { }, Duration.ofSeconds(5));
        deadlines.close();
        Watched late = new Watched();
        Deadlines.Watch watch = deadlines.watch(late.post, BUDGET);
        assertTrue(late.post.isCancelled());
        assertTrue(watch.end());
    }

    /** A post that nobody executes; its cancel counts down {@code cancelled}. */
    private static final class Watched {
        final HttpPost post = new HttpPost("http://127.0.0.1:9/verify");
        final CountDownLatch cancelled = new CountDownLatch(1);

        Watched() {
            post.setDependency(() -> {
                cancelled.countDown();
                return true;
            });
        }
    }
}
