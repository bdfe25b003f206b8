package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The non-blocking verify's threads for what may block: bounded in threads and in steps waiting, never a queue without end. */
class BlockingWorkTest {

    @Test
    void pastItsThreadsAndItsLine_aStepIsNotRun_andTheCallerAnswersAtOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (BlockingWork work = new BlockingWork("test", 1)) {
            CompletableFuture<String> held = work.supply(() -> {
                running.countDown();
                await(release);
                return "held:" + Thread.currentThread().getName();
            }, () -> "full");
            assertTrue(running.await(60, TimeUnit.SECONDS));
            CompletableFuture<String> waiting = work.supply(() -> "waited", () -> "full");
            String caller = Thread.currentThread().getName();
            CompletableFuture<String> past = work.supply(() -> "ran", () -> "full on " + Thread.currentThread().getName());

            assertTrue(past.isDone(), "the step past the bound waited");
            assertEquals("full on " + caller, past.get());
            release.countDown();
            assertEquals("held:test-blocking-1", held.get(60, TimeUnit.SECONDS));
            assertEquals("waited", waiting.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void afterClose_aStepIsAnsweredByTheCaller() throws Exception {
        BlockingWork work = new BlockingWork("test", 2);
        work.close();

        assertEquals("full", work.supply(() -> "ran", () -> "full").get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
