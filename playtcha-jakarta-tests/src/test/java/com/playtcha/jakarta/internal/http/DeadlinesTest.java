package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.junit.jupiter.api.Test;

/**
 * The one timer thread behind every deadline: a post still running at its deadline is cancelled
 * then and not before, one that ended is never cancelled and leaves nothing behind, a post due
 * sooner than the thread means to wake still gets its deadline, the pool's housekeeping runs on the
 * same thread, and a closed timer ends its thread and cancels a new post at once.
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

            assertTrue(hung.cancelled.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the hung post was never cancelled");
            long took = System.nanoTime() - started;
            assertTrue(took >= BUDGET.toNanos(), "cancelled after " + took / 1_000_000 + " ms, before its budget");
            assertTrue(hungWatch.end(), "the deadline says it cancelled the post");
            assertFalse(ended.post.isCancelled(), "an ended post is never cancelled");
            assertTrue(housekept.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the pool's housekeeping did not run");
            List<WeakReference<Deadlines.Watch>> watches = List.of(new WeakReference<>(endedWatch), new WeakReference<>(hungWatch));
            endedWatch = null;
            hungWatch = null;
            assertForgotten(watches, "ended and cancelled posts are still watched");
        }
    }

    @Test
    void aPostDueSoonerThanTheNextWake_isStillCancelledAtItsDeadline() throws Exception {
        // Housekeeping once an hour and a post with a minute's budget: the thread sleeps past BUDGET.
        try (Deadlines deadlines = new Deadlines("deadlines-test", () -> { }, Duration.ofHours(1))) {
            Watched patient = new Watched();
            Deadlines.Watch patientWatch = deadlines.watch(patient.post, Duration.ofMinutes(1));
            Watched hasty = new Watched();
            long started = System.nanoTime();
            Deadlines.Watch hastyWatch = deadlines.watch(hasty.post, BUDGET);

            assertTrue(hasty.cancelled.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the post due first was never cancelled");
            long took = System.nanoTime() - started;
            assertTrue(took >= BUDGET.toNanos(), "cancelled after " + took / 1_000_000 + " ms, before its budget");
            assertTrue(hastyWatch.end());
            assertFalse(patientWatch.end(), "the post with time left is not cancelled");
            assertFalse(patient.post.isCancelled());
        }
    }

    @Test
    void postsThatEndInTime_leaveNothingWatched() {
        try (Deadlines deadlines = new Deadlines("deadlines-test", () -> { }, Duration.ofSeconds(5))) {
            List<WeakReference<Deadlines.Watch>> watches = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                Watched post = new Watched();
                Deadlines.Watch watch = deadlines.watch(post.post, Duration.ofMinutes(1));
                assertFalse(watch.end());
                assertFalse(post.post.isCancelled());
                watches.add(new WeakReference<>(watch));
            }
            assertForgotten(watches, "posts that ended are still watched");
        }
    }

    @Test
    void close_endsTheThread() throws Exception {
        Deadlines deadlines = new Deadlines("deadlines-test-close", () -> { }, Duration.ofHours(1));
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("deadlines-test-close")).findFirst().orElseThrow();
        assertNull(thread.getContextClassLoader(), "the thread would pin the class loader of whoever built it");
        deadlines.close();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(thread.isAlive(), "the timer thread outlived close()");
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

    /**
     * That the timer holds none of these watches any more, seen from outside: once nothing else refers
     * to them, a collection clears every one (what it still watched, it would keep).
     */
    private static void assertForgotten(List<WeakReference<Deadlines.Watch>> watches, String message) {
        for (int i = 0; i < 20 && watches.stream().anyMatch(w -> w.get() != null); i++) {
            System.gc();
        }
        assertEquals(0, watches.stream().filter(w -> w.get() != null).count(), message);
    }
}
