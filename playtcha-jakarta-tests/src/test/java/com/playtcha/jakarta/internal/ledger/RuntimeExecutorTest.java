package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ledger on a runtime's executor: a plain {@link ScheduledThreadPoolExecutor} stands in for a
 * managed one (Jakarta Concurrency's {@code ManagedScheduledExecutorService} is one of these to the
 * ledger). The pass and the listeners run on its threads; closing the ledger cancels the ledger's
 * task, waits for a pass in progress, and leaves the executor running, as a managed executor must
 * be: it is the runtime's, not ours. Re-verifies through the real verifier against the simulator,
 * ticking every few milliseconds on a clock the test moves.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RuntimeExecutorTest {

    private static final Duration TICK = Duration.ofMillis(5);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final ManualClock clock = new ManualClock();
    private final List<FailOpenLedger> ledgers = new ArrayList<>();
    private final String runtimeThread = "runtime-managed-" + NAMES.incrementAndGet();
    private final String ownThread = "own-ledger-" + NAMES.incrementAndGet();
    private ScheduledThreadPoolExecutor runtime;
    private PlaytchaSimulator sim;
    private PlaytchaVerifier verifier;

    @BeforeEach
    void setUp(PlaytchaSimulator sim) {
        this.sim = sim;
        verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(TestSettings.PATIENT).breakerEnabled(false).ledgerEnabled(false).build());
        AtomicInteger count = new AtomicInteger();
        runtime = new ScheduledThreadPoolExecutor(2, task -> new Thread(task, runtimeThread + "-" + count.incrementAndGet()));
        runtime.setRemoveOnCancelPolicy(true); // a cancelled task leaves the queue: the queue shows what is still scheduled
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        ledgers.forEach(FailOpenLedger::close);
        verifier.close();
        runtime.shutdownNow();
        assertTrue(runtime.awaitTermination(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private FailOpenLedger ledger(Predicate<Reconciliation> deliver) {
        FailOpenLedger ledger = new FailOpenLedger(new MemoryStore(), ManualLedgers.settings(100),
                new ManualLedgers.Host(verifier::ask, () -> false, ManualLedgers.asOne(deliver)), clock,
                new FailOpenLedger.Passes(TICK, ownThread, runtime));
        ledgers.add(ledger);
        return ledger;
    }

    private void failOpen(FailOpenLedger ledger) {
        ledger.record(sim.mintToken(), "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();
        clock.advance(Duration.ofMillis(FailOpenLedger.FIRST_TRY_MILLIS));
    }

    @Test
    void theListenersHearIt_onTheRuntimesThread() throws Exception {
        CompletableFuture<String> heardOn = new CompletableFuture<>();
        FailOpenLedger ledger = ledger(r -> heardOn.complete(r.outcome() + " on " + Thread.currentThread().getName()));

        failOpen(ledger);

        assertTrue(heardOn.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS).startsWith(Outcome.CONFIRMED + " on " + runtimeThread + "-"), heardOn::join);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(ownThread)),
                "no pass thread of the ledger's own");
    }

    @Test
    void close_cancelsTheLedgersTask_andLeavesTheExecutorRunning() throws Exception {
        FailOpenLedger ledger = ledger(r -> true);
        assertEquals(1, runtime.getQueue().size(), "the ledger's periodic pass");

        ledger.close();

        assertTrue(runtime.getQueue().isEmpty(), "nothing of the ledger's is scheduled any more: " + runtime.getQueue());
        assertFalse(runtime.isShutdown(), "the runtime's executor is not ours to shut down");
        assertEquals("still runs", runtime.submit(() -> "still runs").get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void close_waitsForAPassInProgress() throws Exception {
        CountDownLatch delivering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        FailOpenLedger ledger = ledger(r -> {
            delivering.countDown();
            await(release);
            events.add("delivered");
            return true;
        });
        failOpen(ledger);
        assertTrue(delivering.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the pass reached the listener");

        Thread closer = new Thread(() -> {
            ledger.close();
            events.add("closed");
        });
        closer.start();
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
            Thread.onSpinWait(); // until close() waits for the pass
        }
        release.countDown();
        closer.join(10_000);

        assertEquals(List.of("delivered", "closed"), events);
        assertTrue(runtime.getQueue().isEmpty());
    }

    @Test
    void closedByItsOwnListener_onTheRuntimesThread_doesNotWaitForItself() throws Exception {
        CompletableFuture<FailOpenLedger> self = new CompletableFuture<>();
        CompletableFuture<Long> closedInMillis = new CompletableFuture<>();
        FailOpenLedger ledger = ledger(r -> {
            long start = System.nanoTime();
            self.join().close();
            closedInMillis.complete((System.nanoTime() - start) / 1_000_000);
            return true;
        });
        self.complete(ledger);
        failOpen(ledger);

        long millis = closedInMillis.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        // At once, so within the slack; waiting for itself is the whole CLOSE_WAIT, which the slack does not pass.
        assertTrue(TestSettings.SLACK.compareTo(FailOpenLedger.CLOSE_WAIT) <= 0, "a slack that tells the two apart");
        assertTrue(millis < TestSettings.SLACK.toMillis(), "closed in " + millis + " ms, not after waiting for itself");
        assertTrue(runtime.getQueue().isEmpty());
        assertFalse(runtime.isShutdown());
    }

    @Test
    void anExecutorThatRefuses_leavesTheLedgerOnAThreadOfItsOwn() throws Exception {
        runtime.shutdown(); // as a runtime that is stopping refuses new tasks
        CompletableFuture<String> heardOn = new CompletableFuture<>();
        FailOpenLedger ledger = ledger(r -> heardOn.complete(Thread.currentThread().getName()));

        failOpen(ledger);

        assertEquals(ownThread, heardOn.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
