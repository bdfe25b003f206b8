package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The pool is the bulkhead: callers that find every connection busy give up after the lease timeout. */
@ExtendWith(PlaytchaSimulatorExtension.class)
class BulkheadTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration LEASE = Duration.ofMillis(250);
    private static final Duration SLACK = Duration.ofMillis(500);

    private record Call(VerificationResult result, Duration took) {
    }

    @Test
    void hungPlaytcha_twoConnections_tenCallers_theEightWithoutAConnectionTimeOutAfterTheLeaseWait(PlaytchaSimulator sim)
            throws Exception {
        sim.inject(Fault.hang());
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TIMEOUT)
                .maxConnections(2).leaseTimeout(LEASE).breakerEnabled(false).build();
        List<Call> calls = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try (HttpPlaytchaVerifier verifier = new HttpPlaytchaVerifier(settings)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Call>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String token = sim.mintToken();
                done.add(callers.submit(() -> {
                    start.await();
                    long began = System.nanoTime();
                    VerificationResult result = verifier.verify(token);
                    return new Call(result, Duration.ofNanos(System.nanoTime() - began));
                }));
            }
            start.countDown();
            for (Future<Call> f : done) {
                calls.add(f.get(30, TimeUnit.SECONDS));
            }

            assertEquals(0, verifier.poolStats().getLeased(), "leased connections");
        } finally {
            callers.shutdownNow();
        }

        for (Call call : calls) {
            assertEquals("timeout", call.result().errorCode(), call::toString);
            assertTrue(call.took().compareTo(TIMEOUT.plus(SLACK)) < 0, call::toString);
        }
        long leaseTimedOut = calls.stream().filter(c -> c.took().compareTo(LEASE.plus(SLACK)) < 0).count();
        assertEquals(8, leaseTimedOut, calls::toString);
        assertEquals(2, sim.callCount(), "only the two with a connection reached Playtcha");
    }
}
