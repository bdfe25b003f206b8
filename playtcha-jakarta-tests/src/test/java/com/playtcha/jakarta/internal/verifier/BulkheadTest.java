package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pool is the bulkhead: callers that find every connection busy give up after the lease timeout,
 * as {@code overloaded}, which is our own load and so never counted by the circuit breaker.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class BulkheadTest {

    private static final Duration LEASE = Duration.ofMillis(250);
    private static final Duration SLACK = TestSettings.SLACK;
    /**
     * Past the lease wait and the slack, so an overloaded call, answered within the lease wait and the slack,
     * is told from one that waited the budget on a loaded machine too; the hung calls wait it out, once.
     */
    private static final Duration TIMEOUT = LEASE.plus(SLACK).plusSeconds(2);

    private record Call(VerificationResult result, Duration took) {
    }

    @Test
    void hungPlaytcha_twoConnections_tenCallers_theEightWithoutAConnectionAreOverloadedAfterTheLeaseWait(PlaytchaSimulator sim)
            throws Exception {
        sim.inject(Fault.hang());
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TIMEOUT)
                .maxConnections(2).leaseTimeout(LEASE).breakerEnabled(false).build();
        List<Call> calls = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(10);
        TestVerifiers built = TestVerifiers.of(settings);
        int reached;
        try (ComposedVerifier verifier = built.build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Call>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String token = sim.mintToken();
                done.add(callers.submit(() -> {
                    start.await();
                    long began = System.nanoTime();
                    VerificationResult result = verifier.ask(token);
                    return new Call(result, Duration.ofNanos(System.nanoTime() - began));
                }));
            }
            start.countDown();
            for (Future<Call> f : done) {
                calls.add(f.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }

            reached = sim.callCount();
            sim.clearFaults();
            TestVerifiers.assertConnectionsFree(built.transport(), 2, sim::mintToken);
        } finally {
            callers.shutdownNow();
        }

        for (Call call : calls) {
            assertTrue(call.took().compareTo(TIMEOUT.plus(SLACK)) < 0, call::toString);
        }
        List<Call> overloaded = calls.stream().filter(c -> "overloaded".equals(c.result().errorCode())).toList();
        assertEquals(8, overloaded.size(), calls::toString);
        // after the lease wait, not the budget that the two with a connection spent on the hung Playtcha
        assertTrue(overloaded.stream().allMatch(c -> c.took().compareTo(LEASE.plus(SLACK)) < 0), calls::toString);
        assertEquals(2, calls.stream().filter(c -> "timeout".equals(c.result().errorCode())).count(), calls::toString);
        assertEquals(2, reached, "only the two with a connection reached Playtcha");
    }

    @Test
    void aFullPool_isNeverCountedByTheBreaker_soAHealthyPlaytchaStaysReachable(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.delay(Duration.ofMillis(400)));
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TIMEOUT)
                .maxConnections(1).leaseTimeout(Duration.ofMillis(50))
                .breaker(new PlaytchaSettings.Breaker(true, 2, Duration.ofMinutes(5), 1)).build();
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<VerificationResult>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String token = sim.mintToken();
                done.add(callers.submit(() -> {
                    start.await();
                    return verifier.ask(token);
                }));
            }
            start.countDown();
            List<String> codes = new ArrayList<>();
            for (Future<VerificationResult> f : done) {
                codes.add(String.valueOf(f.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS).errorCode()));
            }

            assertEquals(1, codes.stream().filter("null"::equals).count(), codes::toString);
            assertEquals(9, codes.stream().filter("overloaded"::equals).count(), codes::toString);
            assertEquals(BreakerState.CLOSED, verifier.status().breaker(), "nine overloaded, none counted");
            sim.clearFaults();
            assertInstanceOf(VerificationResult.Verified.class, verifier.ask(sim.mintToken()));
        } finally {
            callers.shutdownNow();
        }
    }
}
