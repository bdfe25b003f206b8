package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the non-blocking verify has: nothing waits on the caller's thread, a bulkhead that answers
 * {@code overloaded} at once, and the threads each step runs on (the transport's I/O threads for a
 * verdict, the verifier's blocking threads for a record in the journal). What both paths share, the
 * decision table, the breaker, the ledger and the reservations, is tested on both by the classes that
 * take a {@link VerifyPath}.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class NonBlockingVerifyTest {

    private static final long AWAIT_SECONDS = 60;

    /** The name of the thread each decision was reported on, and a gate that can hold the first one's thread. */
    private static final class Threads implements PlaytchaListener {
        final List<String> names = new CopyOnWriteArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void decided(DecisionEvent event) {
            names.add(Thread.currentThread().getName());
            if (first.getCount() == 0) {
                return;
            }
            first.countDown();
            try {
                gate.await(AWAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theStage_isHandedBackBeforePlaytchaAnswers_andCompletesWithTheSameDecision(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.hang());
        PlaytchaSettings settings = TestSettings.against(sim).timeout(Duration.ofSeconds(2)).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            CompletableFuture<Verification> stage = verifier.verifyAsync(sim.mintToken(), "203.0.113.7", "/signup")
                    .toCompletableFuture();

            assertFalse(stage.isDone(), "the caller waited for a Playtcha that never answers");
            Verification v = stage.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(VerificationResult.TIMEOUT, v.result().errorCode());
            assertTrue(v.decision().failedOpen());
            assertNotNull(v.ledgerEntry(), "recorded as the blocking verify records it");
        }
    }

    @Test
    void hungPlaytcha_twoInFlight_eightMoreAreOverloadedAtOnce_neverCountedByTheBreaker(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings settings = TestSettings.against(sim).timeout(Duration.ofSeconds(2)).maxConnections(2)
                .breaker(new PlaytchaSettings.Breaker(true, 2, Duration.ofMinutes(5), 1)).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            // the non-blocking client is made at the first verify, off the caller's thread: made before the flood
            assertTrue(verifier.verifyAsync(sim.mintToken(), "198.51.100.1", "/signup").toCompletableFuture()
                    .get(AWAIT_SECONDS, TimeUnit.SECONDS).proceeds());
            sim.reset();
            sim.inject(Fault.hang());
            List<CompletableFuture<Verification>> stages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                stages.add(verifier.verifyAsync(sim.mintToken(), "203.0.113." + (i + 1), "/signup").toCompletableFuture());
            }

            List<CompletableFuture<Verification>> atOnce = stages.stream().filter(CompletableFuture::isDone).toList();
            assertEquals(8, atOnce.size(), "answered before anything was posted");
            for (CompletableFuture<Verification> stage : atOnce) {
                Verification v = stage.get();
                assertEquals(VerificationResult.OVERLOADED, v.result().errorCode());
                assertEquals(503, v.decision().status());
                assertEquals(1, v.decision().retryAfterSeconds());
                assertNull(v.ledgerEntry(), "our own load never goes on without a verdict");
            }
            assertEquals(BreakerState.CLOSED, verifier.status().breaker(), "eight overloaded, none counted");
            for (CompletableFuture<Verification> stage : stages) {
                assertNotNull(stage.get(AWAIT_SECONDS, TimeUnit.SECONDS));
            }
            assertEquals(2, sim.callCount(), "only the two in flight reached Playtcha");
        }
    }

    @Test
    void aVerdict_isDecidedOnTheTransportsIoThread_notTheCallers(PlaytchaSimulator sim) throws Exception {
        Threads threads = new Threads();
        try (ComposedVerifier verifier = TestVerifiers.of(TestSettings.against(sim).build()).listeners(threads).build()) {
            Verification v = verifier.verifyAsync(sim.mintToken(), "203.0.113.7", "/signup").toCompletableFuture()
                    .get(AWAIT_SECONDS, TimeUnit.SECONDS);

            assertInstanceOf(VerificationResult.Verified.class, v.result());
            assertTrue(threads.names.get(0).matches("playtcha-verifier-\\d+-io-\\d+"), threads.names::toString);
        }
    }

    /**
     * A record into the journal is a file write: it runs on the verifier's blocking threads. With {@code max-connections}
     * of one, one thread and one step waiting: while the first holds the thread and the second waits, a third request
     * failing open is answered {@code overloaded} (by that bound, or by the transport's if its post is still in flight:
     * our own load either way) rather than waiting, or going on unrecorded. BlockingWorkTest holds the bound alone.
     */
    @Test
    void aRecordIntoTheJournal_runsOnTheBlockingThreads_andPastTheirBoundIsOverloaded(PlaytchaSimulator sim, @TempDir Path ledger)
            throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        Threads threads = new Threads();
        threads.gate = new CountDownLatch(1);
        PlaytchaSettings settings = TestSettings.against(sim).maxConnections(1).breakerEnabled(false).ledgerDirectory(ledger).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).listeners(threads).build()) {
            CompletableFuture<Verification> held = verifier.verifyAsync(sim.mintToken(), "203.0.113.1", "/a").toCompletableFuture();
            assertTrue(threads.first.await(AWAIT_SECONDS, TimeUnit.SECONDS)); // the one blocking thread is held, after the record
            String second = sim.mintToken();
            CompletableFuture<Verification> waiting = verifier.verifyAsync(second, "203.0.113.2", "/b").toCompletableFuture();
            assertTrue(sim.awaitCallCount(second, 1, Duration.ofSeconds(AWAIT_SECONDS)));
            Verification third = verifier.verifyAsync(sim.mintToken(), "203.0.113.3", "/c").toCompletableFuture()
                    .get(AWAIT_SECONDS, TimeUnit.SECONDS);

            assertEquals(VerificationResult.OVERLOADED, third.result().errorCode());
            assertEquals(503, third.decision().status());
            assertNull(third.ledgerEntry());
            threads.gate.countDown();
            assertNotNull(held.get(AWAIT_SECONDS, TimeUnit.SECONDS).ledgerEntry());
            assertNotNull(waiting.get(AWAIT_SECONDS, TimeUnit.SECONDS).ledgerEntry());
            assertTrue(threads.names.get(0).matches("playtcha-verifier-\\d+-blocking-\\d+"), threads.names::toString);
            assertEquals(2, verifier.status().ledgerOpen());
        }
    }
}
