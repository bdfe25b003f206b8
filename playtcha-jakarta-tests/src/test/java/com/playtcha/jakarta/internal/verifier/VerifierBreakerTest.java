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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void unavailableInARow_opensIt_thenNoVerifyFromAnyThreadReachesPlaytcha(VerifyPath path, PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(500, "db_error"));
        try (ComposedVerifier verifier = verifier(sim, 3)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("db_error", path.ask(verifier, sim.mintToken()).errorCode());
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
                            VerificationResult result = path.ask(verifier, token);
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

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void localRejections_neitherCountNorResetTheRun(VerifyPath path, PlaytchaSimulator sim) {
        sim.inject(Fault.serverError(503, "maintenance"));
        try (ComposedVerifier verifier = verifier(sim, 2)) {
            path.ask(verifier, sim.mintToken());
            for (int i = 0; i < 10; i++) {
                assertEquals("missing_token", path.ask(verifier, null).errorCode());
                assertEquals("malformed_token", path.ask(verifier, "ptk with a space").errorCode());
            }
            assertEquals(BreakerState.CLOSED, verifier.status().breaker());

            assertEquals("maintenance", path.ask(verifier, sim.mintToken()).errorCode());

            assertEquals(BreakerState.OPEN, verifier.status().breaker(), "two unavailable in a row, local rejections between");
            assertEquals("circuit_open", path.ask(verifier, sim.mintToken()).errorCode());
            assertEquals("missing_token", path.ask(verifier, "").errorCode(), "local checks still come first");
            assertEquals(2, sim.callCount());
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void rejectedTokens_neverOpenIt(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(sim, 1)) {
            for (int i = 0; i < 20; i++) {
                assertEquals("token_invalid", path.ask(verifier, "ptk_garbage_" + i).errorCode());
            }
            assertEquals("already_redeemed", path.ask(verifier, sim.mintRedeemedToken()).errorCode());
            assertEquals("token_expired", path.ask(verifier, sim.mintExpiredToken()).errorCode());

            assertEquals(BreakerState.CLOSED, verifier.status().breaker());
            assertEquals(22, sim.callCount());
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void afterTheCoolDown_oneProbeGoesThrough_andItsVerdictClosesTheBreaker(VerifyPath path, PlaytchaSimulator sim) {
        // An unavailable answer that comes at once: under a hang the probe after it would need the short
        // budget too, and a loaded machine's probe of a valid token would then time out as well.
        sim.injectOnce(Fault.serverError(503, "db_error"));
        try (ComposedVerifier verifier = verifier(sim, 1)) {
            assertEquals("db_error", path.ask(verifier, sim.mintToken()).errorCode());
            assertEquals("circuit_open", path.ask(verifier, sim.mintToken()).errorCode());

            clock.advance(Duration.ofSeconds(10));
            VerificationResult probe = path.ask(verifier, sim.mintToken());

            assertInstanceOf(VerificationResult.Verified.class, probe);
            assertEquals(BreakerState.CLOSED, verifier.status().breaker());
            assertInstanceOf(VerificationResult.Verified.class, path.ask(verifier, sim.mintToken()));
            assertEquals(3, sim.callCount());
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aFailedProbe_opensItAgain(VerifyPath path, PlaytchaSimulator sim) {
        sim.inject(Fault.html(502));
        try (ComposedVerifier verifier = verifier(sim, 1)) {
            path.ask(verifier, sim.mintToken());
            clock.advance(Duration.ofSeconds(10));

            assertEquals("http_502", path.ask(verifier, sim.mintToken()).errorCode());

            assertEquals(BreakerState.OPEN, verifier.status().breaker());
            assertEquals("circuit_open", path.ask(verifier, sim.mintToken()).errorCode());
            assertEquals(2, sim.callCount());
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void breakerOff_everyVerifyAsksPlaytcha(VerifyPath path, PlaytchaSimulator sim) {
        sim.inject(Fault.serverError(500, "db_error"));
        PlaytchaSettings settings = TestSettings.against(sim).breakerEnabled(false).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            for (int i = 0; i < 20; i++) {
                assertEquals("db_error", path.ask(verifier, sim.mintToken()).errorCode());
            }
            assertEquals(BreakerState.OFF, verifier.status().breaker());
            assertEquals(20, sim.callCount());
        }
    }
}
