package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.junit.jupiter.api.Test;

/**
 * The one timer thread behind every deadline: an exchange still running at its deadline is
 * cancelled then and not before, one that finished is never cancelled, the pool's housekeeping runs
 * on the same thread, and a closed timer cancels a new exchange at once.
 */
class ExchangeTimerTest {

    private static final Duration BUDGET = Duration.ofMillis(120);

    @Test
    void anUnfinishedExchange_isCancelledAtItsDeadline_aFinishedOneNever() throws Exception {
        CountDownLatch housekept = new CountDownLatch(2);
        try (ExchangeTimer timer = new ExchangeTimer("exchange-timer-test", housekept::countDown, Duration.ofMillis(20))) {
            Watched finished = new Watched(timer);
            Watched hung = new Watched(timer);
            finished.deadline.start();
            long started = System.nanoTime();
            hung.deadline.start();
            assertFalse(finished.deadline.finish(), "finished before its deadline: not cancelled");

            assertTrue(hung.cancelled.await(5, TimeUnit.SECONDS), "the hung exchange was never cancelled");
            long took = System.nanoTime() - started;
            assertTrue(took >= BUDGET.toNanos(), "cancelled after " + took / 1_000_000 + " ms, before its budget");
            assertTrue(hung.deadline.finish(), "the deadline says it cancelled the exchange");
            assertFalse(finished.post.isCancelled(), "a finished exchange is never cancelled");
            assertTrue(housekept.await(5, TimeUnit.SECONDS), "the pool's housekeeping did not run");
        }
    }

    @Test
    void finishedExchanges_areDroppedEveryBatch_whileTheTimerSleepsTowardsALongDeadline() throws Exception {
        Duration longBudget = Duration.ofMinutes(10);
        try (ExchangeTimer timer = new ExchangeTimer("exchange-timer-test", () -> { }, Duration.ofMinutes(10))) {
            Watched running = new Watched(timer, longBudget);
            running.deadline.start(); // the timer now sleeps towards this one, ten minutes away
            for (int i = 0; i < 3 * ExchangeTimer.SWEEP_BATCH; i++) {
                Watched quick = new Watched(timer, longBudget);
                quick.deadline.start();
                assertFalse(quick.deadline.finish());
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (timer.queued() > ExchangeTimer.SWEEP_BATCH && System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            assertTrue(timer.queued() <= ExchangeTimer.SWEEP_BATCH,
                    "finished exchanges pile up: " + timer.queued() + " queued");
            assertFalse(running.post.isCancelled(), "an exchange within its budget was cancelled");
            assertFalse(running.deadline.finish());
        }
    }

    @Test
    void afterClose_aNewExchangeIsCancelledAtOnce() throws Exception {
        ExchangeTimer timer = new ExchangeTimer("exchange-timer-test", () -> { }, Duration.ofSeconds(5));
        timer.close();
        Watched late = new Watched(timer);
        late.deadline.start();
        assertTrue(late.post.isCancelled());
        assertTrue(late.deadline.finish());
    }

    /** A post that nobody executes, with its deadline; its cancel counts down {@code cancelled}. */
    private static final class Watched {
        final HttpPost post = new HttpPost("http://127.0.0.1:9/verify");
        final CountDownLatch cancelled = new CountDownLatch(1);
        final Deadline deadline;

        Watched(ExchangeTimer timer) {
            this(timer, BUDGET);
        }

        Watched(ExchangeTimer timer, Duration budget) {
            post.setDependency(() -> {
                cancelled.countDown();
                return true;
            });
            deadline = new Deadline(post, timer, budget);
        }
    }
}
