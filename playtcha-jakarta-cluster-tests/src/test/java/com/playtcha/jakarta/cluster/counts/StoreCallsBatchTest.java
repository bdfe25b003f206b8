package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.util.concurrent.batch.BatchHelper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call that failed because this node cancelled another says nothing of the store. A call cancelled
 * at its deadline has its thread interrupted; Bucket4j's optimized proxies (the login counts' application
 * rate) batch the calls that meet on one bucket, run the next batch on the thread of a caller that was
 * cancelled while it waited (its interrupt set again), and hand that batch's failure to every call in
 * it. A pool waiting for a connection then throws "Interrupted during connection acquisition". Before,
 * that put the node on its own counts: a flood that made the store slow let one account be guessed up to
 * its limit on each node (a three-node flood test let 4 guesses through where the limit is 3, and its
 * log showed the node on its own for that message). Real Bucket4j batching, a real pool on PostgreSQL
 * whose one connection is busy; no time passes in the test.
 */
class StoreCallsBatchTest {

    private HikariDataSource pool;
    private Connection busy;

    @AfterEach
    void close() throws SQLException {
        if (busy != null) {
            busy.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void aLoginCountsCallFailedByACancelledCallerOfItsBatch_asksForAToken_andTheNodeStaysOnTheStore() throws Exception {
        StoreCalls calls = calls();
        try {
            assertEquals("a token", failedByACancelledCallerOfItsBatch(calls,
                    call -> calls.counted(call, () -> "this node's own counts", () -> "a token")));
            assertNull(calls.away(), "the store was slow, not down: the node stays on the cluster's counts");
        } finally {
            calls.close(() -> {
            });
        }
    }

    @Test
    void theLoginPagesCheckFailedByACancelledCallerOfItsBatch_isAnsweredForItsCallerAlone_andTheNodeStaysOnTheStore() throws Exception {
        StoreCalls calls = calls();
        try {
            assertEquals("its caller's answer", failedByACancelledCallerOfItsBatch(calls, call -> calls.check(call, () -> "its caller's answer")));
            assertNull(calls.away(), "the store was slow, not down: the node stays on the cluster's counts");
        } finally {
            calls.close(() -> {
            });
        }
    }

    private static StoreCalls calls() {
        // A long bound: nothing here waits for it; it only must not end before the batch failed.
        return new StoreCalls(StoreCallsBatchTest.class, "Test counts", "this node counts alone",
                StoreHandle.of("database test", Throwable::toString),
                "playtcha-batch", Duration.ofMinutes(2), VerifierClock.SYSTEM);
    }

    /**
     * Three callers meet on one Bucket4j batch: the first runs alone and holds the batch; {@code ours}
     * joins it through {@code make} (a call through {@code calls}); a third joins after it and is cancelled
     * (interrupted) while it waits. When the first is done, the third runs the batch of the two with its
     * interrupt set, the pool's wait for the busy connection throws, and the batch fails: what {@code make}
     * answered for ours.
     */
    private String failedByACancelledCallerOfItsBatch(StoreCalls calls, Function<Supplier<String>, String> make)
            throws Exception {
        pool = TestPostgres.pool(TestPostgres.get().database(), 1);
        busy = pool.getConnection(); // the store slow: its one connection taken
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        BatchHelper<String, String, List<String>, List<String>> batch = BatchHelper.create(tasks -> tasks, tasks -> {
            if (tasks.equals(List.of("first"))) {
                firstRunning.countDown();
                await(firstDone);
                return tasks;
            }
            try (Connection c = pool.getConnection()) {
                return tasks;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, (BiFunction<List<String>, List<String>, List<String>>) (tasks, results) -> results);

        Thread first = new Thread(() -> batch.execute("first"), "first");
        first.start();
        assertTrue(firstRunning.await(30, TimeUnit.SECONDS));

        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> make.apply(() -> batch.execute("ours")));
        awaitWaitingInABatch(thread -> thread.getName().startsWith("playtcha-batch-"));

        Thread cancelled = new Thread(() -> {
            try {
                batch.execute("cancelled");
            } catch (RuntimeException failed) {
                // its caller gave up on it already
            }
        }, "cancelled");
        cancelled.start();
        awaitWaitingInABatch(thread -> thread == cancelled);
        cancelled.interrupt(); // what cancelling a call at its deadline does to its thread

        firstDone.countDown();
        String answered = answer.get(30, TimeUnit.SECONDS);
        first.join(TimeUnit.SECONDS.toMillis(30));
        cancelled.join(TimeUnit.SECONDS.toMillis(30));
        return answered;
    }

    /** Until a thread that {@code which} picks waits for another caller's batch in Bucket4j. */
    private static void awaitWaitingInABatch(Predicate<Thread> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                if (which.test(thread.getKey()) && Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getMethodName().equals("waitUninterruptedly"))) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "a caller joined the batch");
            Thread.sleep(5); // polling a condition, not waiting for time to pass
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
