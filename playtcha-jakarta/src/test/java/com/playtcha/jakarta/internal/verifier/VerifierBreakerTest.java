package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The breaker inside the real verifier, against the simulator over loopback; cool-downs end on a fake clock. */
@ExtendWith(PlaytchaSimulatorExtension.class)
class VerifierBreakerTest {

    private final StoppedClock clock = new StoppedClock();

    private TestVerifiers built;

    private ComposedVerifier verifier(PlaytchaSimulator sim, int failures) {
        PlaytchaSettings settings = TestSettings.against(sim)
                .breaker(new PlaytchaSettings.Breaker(true, failures, Duration.ofSeconds(10), 1))
                .build();
        built = TestVerifiers.of(settings).clock(clock);
        return built.build();
    }

    @Test
    void unavailableInARow_opensIt_thenNoVerifyFromAnyThreadReachesPlaytcha(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(500, "db_error"));
        try (ComposedVerifier verifier = verifier(sim, 3)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("db_error", verifier.ask(sim.mintToken()).errorCode());
            }
            assertEquals(BreakerState.OPEN, verifier.status().breaker());

            Map<String, Long> codes = new ConcurrentHashMap<>();
            ExecutorService callers = Executors.newFixedThreadPool(64);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 64; t++) {
                    String token = sim.mintToken();
                    done.add(callers.submit(() -> {
                        start.await();
                        for (int i = 0; i < 20; i++) {
                            VerificationResult result = verifier.ask(token);
                            assertNull(result.requestId());
                            codes.merge(result.errorCode(), 1L, Long::sum);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                callers.shutdownNow();
            }

            assertEquals(Map.of(VerificationResult.CIRCUIT_OPEN, 64L * 20), codes);
            assertEquals(3, sim.callCount(), "calls to Playtcha");
            TestVerifiers.assertConnectionsFree(built.transport(), PlaytchaSettings.builder(sim.secret()).build().maxConnections(),
                    sim::mintToken);
        }
    }

    @Test
    void localRejections_neitherCountNorResetTheRun(PlaytchaSimulator sim) {
        sim.inject(Fault.serverError(503, "maintenance"));
        try (ComposedVerifier verifier = verifier(sim, 2)) {
            verifier.ask(sim.mintToken());
            for (int i = 0; i < 10; i++) {
                assertEquals("missing_token", verifier.ask(null).errorCode());
                assertEquals("malformed_token", verifier.ask("ptk with a space").errorCode());
            }
            assertEquals(BreakerState.CLOSED, verifier.status().breaker());

            assertEquals("maintenance", verifier.ask(sim.mintToken()).errorCode());

            assertEquals(BreakerState.OPEN, verifier.status().breaker(), "two unavailable in a row, local rejections between");
            assertEquals("circuit_open", verifier.ask(sim.mintToken()).errorCode());
            assertEquals("missing_token", verifier.ask("").errorCode(), "local checks still come first");
            assertEquals(2, sim.callCount());
        }
    }

    @Test
    void rejectedTokens_neverOpenIt(PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(sim, 1)) {
            for (int i = 0; i < 20; i++) {
                assertEquals("token_invalid", verifier.ask("ptk_garbage_" + i).errorCode());
            }
            assertEquals("already_redeemed", verifier.ask(sim.mintRedeemedToken()).errorCode());
            assertEquals("token_expired", verifier.ask(sim.mintExpiredToken()).errorCode());

            assertEquals(BreakerState.CLOSED, verifier.status().breaker());
            assertEquals(22, sim.callCount());
        }
    }

    @Test
    void afterTheCoolDown_oneProbeGoesThrough_andItsVerdictClosesTheBreaker(PlaytchaSimulator sim) {
        // An unavailable answer that comes at once: under a hang the probe after it would need the short
        // budget too, and a loaded machine's probe of a valid token would then time out as well.
        sim.injectOnce(Fault.serverError(503, "db_error"));
        try (ComposedVerifier verifier = verifier(sim, 1)) {
            assertEquals("db_error", verifier.ask(sim.mintToken()).errorCode());
            assertEquals("circuit_open", verifier.ask(sim.mintToken()).errorCode());

            clock.advance(Duration.ofSeconds(10));
            VerificationResult probe = verifier.ask(sim.mintToken());

            assertInstanceOf(VerificationResult.Verified.class, probe);
            assertEquals(BreakerState.CLOSED, verifier.status().breaker());
            assertInstanceOf(VerificationResult.Verified.class, verifier.ask(sim.mintToken()));
            assertEquals(3, sim.callCount());
        }
    }

    @Test
    void aFailedProbe_opensItAgain(PlaytchaSimulator sim) {
        sim.inject(Fault.html(502));
        try (ComposedVerifier verifier = verifier(sim, 1)) {
            verifier.ask(sim.mintToken());
            clock.advance(Duration.ofSeconds(10));

            assertEquals("http_502", verifier.ask(sim.mintToken()).errorCode());

            assertEquals(BreakerState.OPEN, verifier.status().breaker());
            assertEquals("circuit_open", verifier.ask(sim.mintToken()).errorCode());
            assertEquals(2, sim.callCount());
        }
    }

    @Test
    void breakerOff_everyVerifyAsksPlaytcha(PlaytchaSimulator sim) {
        sim.inject(Fault.serverError(500, "db_error"));
        PlaytchaSettings settings = TestSettings.against(sim).breakerEnabled(false).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            for (int i = 0; i < 20; i++) {
                assertEquals("db_error", verifier.ask(sim.mintToken()).errorCode());
            }
            assertEquals(BreakerState.OFF, verifier.status().breaker());
            assertEquals(20, sim.callCount());
        }
    }
}
