package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many callers share one verifier: every token is verified, and posted, exactly once, and the pool
 * ends with no leased connection. Not a speed test (the benchmarks measure speed).
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class VerifierConcurrencyTest {

    private static final int THREADS = 64;
    private static final int VERIFIES_PER_THREAD = 25;

    @ParameterizedTest(name = "pool of {0}")
    @CsvSource({
            "64", // one connection per caller
            "8"   // callers queue for a lease, inside the budget
    })
    void sixtyFourCallers_verifyEveryTokenExactlyOnce(int maxConnections, PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.delay(Duration.ofMillis(2)));
        List<List<String>> tokens = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < VERIFIES_PER_THREAD; i++) {
                mine.add(sim.mintToken());
            }
            tokens.add(mine);
        }
        Map<String, VerificationResult> results = new ConcurrentHashMap<>();
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .maxConnections(maxConnections).timeout(Duration.ofSeconds(20))
                .leaseTimeout(Duration.ofSeconds(10)) // queueing for a lease inside the budget is the point here
                .build();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        TestVerifiers built = TestVerifiers.of(settings);
        int calls;
        try (PlaytchaVerifier verifier = built.build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (List<String> mine : tokens) {
                done.add(callers.submit(() -> {
                    start.await();
                    for (String token : mine) {
                        results.put(token, verifier.ask(token));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(TestSettings.WAIT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            }

            assertTrue(sim.openConnections() <= maxConnections, "connections to Playtcha: " + sim.openConnections());
            calls = sim.callCount();
            TestVerifiers.assertConnectionsFree(built.transport(), maxConnections, sim::mintToken);
        } finally {
            callers.shutdownNow();
        }

        assertEquals(THREADS * VERIFIES_PER_THREAD, results.size());
        for (List<String> mine : tokens) {
            for (String token : mine) {
                assertTrue(results.get(token) instanceof VerificationResult.Verified, () -> token + ": " + results.get(token));
                assertEquals(1, sim.callCount(token), () -> "posts of " + token);
            }
        }
        assertEquals(THREADS * VERIFIES_PER_THREAD, calls);
    }
}
