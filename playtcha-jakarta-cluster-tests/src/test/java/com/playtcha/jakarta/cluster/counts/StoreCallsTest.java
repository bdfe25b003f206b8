package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a call that gets no answer in time says about the store: nothing, when it never started because
 * this node's own calls held every thread (a flood of logins or verifies on this node); that the store is
 * away, when it ran and the store did not answer. A node on its own tries the store again on the
 * verifier's clock.
 */
class StoreCallsTest {

    private static StoreCalls calls() {
        return calls(new ManualClock()); // never moved: the tests that use it are about real waits, not the clock
    }

    private static StoreCalls calls(VerifierClock clock) {
        return calls(clock, Duration.ofMillis(200));
    }

    /**
     * A call that hangs is to be seen started before half of {@code timeout} ran out, or it never left the
     * line (backlogged): 1 s for that on a busy machine, where a thread may wait its turn for 100 ms.
     */
    private static StoreCalls hangingCalls() {
        return calls(new ManualClock(), Duration.ofSeconds(2));
    }

    private static StoreCalls calls(VerifierClock clock, Duration timeout) {
        return new StoreCalls(StoreCallsTest.class, "Test counts", "this node counts alone",
                StoreHandle.of("database test", Throwable::toString),
                "playtcha-test", timeout, clock);
    }

    @Test
    void aNodeOnItsOwn_triesTheStoreAgainOnceASecondOfTheVerifiersClock_andAtOnceWhenTheClockWasSetBack() throws Exception {
        ManualClock clock = new ManualClock();
        StoreCalls calls = calls(clock);
        ThreadPoolExecutor threads = (ThreadPoolExecutor) calls.threads();
        try {
            calls.lost(new IllegalStateException("refused"));
            assertEquals(clock.instant(), calls.away().since(), "the fault began on the verifier's clock");
            calls.probe(() -> {
                throw new IllegalStateException("not yet: no second went by");
            });
            assertEquals(0, threads.getTaskCount(), "no try before a second of the clock went by");

            clock.advance(StoreCalls.RETRY);
            CountDownLatch tried = new CountDownLatch(1);
            calls.probe(tried::countDown);
            assertTrue(tried.await(30, TimeUnit.SECONDS), "a try once a second went by");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // The try's thread says so, and lets the next try go, just after the call ran: wait for it to finish.
            while (threads.getCompletedTaskCount() < 1) {
                assertTrue(System.nanoTime() < deadline, "the try's thread finished");
                Thread.sleep(10); // polling a condition, not waiting for time to pass
            }
            assertNull(calls.away(), "the store answered the try: shared again");

            calls.lost(new IllegalStateException("refused again"));
            clock.advance(Duration.ofHours(-1)); // the clock set back: no wait here is for an hour
            CountDownLatch triedAgain = new CountDownLatch(1);
            calls.probe(triedAgain::countDown);
            assertTrue(triedAgain.await(30, TimeUnit.SECONDS), "a try after the clock was set back");
        } finally {
            calls.close(() -> {
            });
        }
    }

    @Test
    void aCallThatWaitedInLineBehindThisNodesOwnCalls_isAnsweredAsBacklogged_andTheNodeStaysOnTheStore() throws Exception {
        StoreCalls calls = calls();
        int threads = ((ThreadPoolExecutor) calls.threads()).getCorePoolSize();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(threads);
        try {
            for (int i = 0; i < threads; i++) {
                calls.threads().execute(() -> { // this node's own work holds every thread
                    running.countDown();
                    try {
                        busy.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            running.await(30, TimeUnit.SECONDS);

            assertEquals("backlogged", calls.call(() -> "the store", () -> "otherwise", () -> "backlogged"));
            assertNull(calls.away(), "a call that never started says nothing of the store");
            // Bucket4j's calls for the client budgets, the same way: the verify alone hears of it
            assertThrows(StoreCalls.Backlogged.class, () -> calls.execution().execute(() -> "the store"));
            assertNull(calls.away(), "a flood of clients new to this node leaves every client's budget shared");
        } finally {
            busy.countDown();
            calls.close(() -> {
            });
        }
    }

    @Test
    void aCallThatRanAndGotNoAnswerInTime_putsTheNodeOnItsOwn() {
        StoreCalls calls = hangingCalls();
        CountDownLatch hung = new CountDownLatch(1);
        try {
            assertEquals("otherwise", calls.call(() -> {
                try {
                    hung.await(30, TimeUnit.SECONDS); // a store that does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "the store";
            }, () -> "otherwise", () -> "otherwise"));
            assertNotNull(calls.away(), "the store did not answer a call under way");
        } finally {
            hung.countDown();
            calls.close(() -> {
            });
        }
    }

    @Test
    void bucket4jsCallThatRanAndGotNoAnswerInTime_throwsNoAnswer_andPutsTheNodeOnItsOwn() {
        StoreCalls calls = hangingCalls();
        CountDownLatch hung = new CountDownLatch(1);
        try {
            assertThrows(StoreCalls.NoAnswer.class, () -> calls.execution().execute(() -> {
                try {
                    hung.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "the store";
            }));
            assertNotNull(calls.away());
            assertEquals("answered", calls.execution().execute(() -> "answered"), "and a call the store answers is its answer");
        } finally {
            hung.countDown();
            calls.close(() -> {
            });
        }
    }
}
