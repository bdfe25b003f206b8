package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PlaytchaVerifier#status()} of the real verifier: the breaker through its phases on a fake
 * clock, and the ledger's count. Each status maps the breaker's elapsed time onto the verifier's
 * clock when it is read (now minus the time elapsed), and the test moves that one clock, so the
 * instants compare exactly with the clock's.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class VerifierStatusTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(10);

    private final StoppedClock clock = new StoppedClock();

    private ComposedVerifier verifier(PlaytchaSettings.Builder settings) {
        return TestVerifiers.of(settings.build()).clock(clock).build();
    }

    private static PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        return TestSettings.against(sim)
                .breaker(new PlaytchaSettings.Breaker(true, 3, COOL_DOWN, 1)).ledgerCapacity(50);
    }

    private void advance(Duration time) {
        clock.advance(time);
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void breaker_closedCountingFailures_open_halfOpenAfterTheCoolDown_closedAfterAProbe(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(settings(sim))) {
            advance(Duration.ofMinutes(1));
            VerifierStatus fresh = verifier.status();
            assertEquals(BreakerState.CLOSED, fresh.breaker());
            assertEquals(clock.instant().minus(Duration.ofMinutes(1)), fresh.breakerSince(), "closed since it was created");
            assertEquals(0, fresh.consecutiveFailures());

            sim.inject(Fault.serverError(500, "db_error"));
            path.ask(verifier, sim.mintToken());
            path.ask(verifier, sim.mintToken());
            assertEquals(2, verifier.status().consecutiveFailures());
            assertEquals(BreakerState.CLOSED, verifier.status().breaker());

            path.ask(verifier, sim.mintToken());
            advance(Duration.ofSeconds(4));
            VerifierStatus open = verifier.status();
            assertEquals(BreakerState.OPEN, open.breaker());
            assertEquals(clock.instant().minusSeconds(4), open.breakerSince(), "opened 4 s ago");
            assertEquals(0, open.consecutiveFailures(), "not counted while open");
            assertEquals(1, open.breakerTransitions(), "closed to open");
            assertEquals(List.of(1L, 0L, 0L), entered(open));

            sim.clearFaults();
            advance(Duration.ofSeconds(7));
            VerifierStatus cooled = verifier.status();
            assertEquals(BreakerState.HALF_OPEN, cooled.breaker(), "the next verify is a probe, though none came yet");
            assertEquals(2, cooled.breakerTransitions(), "open to half-open, counted as soon as it shows");
            assertEquals(List.of(1L, 1L, 0L), entered(cooled));
            assertEquals(clock.instant().minusSeconds(1), cooled.breakerSince(), "half-open since the cool-down ended");

            assertEquals("verified", path.ask(verifier, sim.mintToken()).outcome());
            VerifierStatus closed = verifier.status();
            assertEquals(BreakerState.CLOSED, closed.breaker());
            assertEquals(clock.instant(), closed.breakerSince(), "closed by the probe just now");
            assertEquals(0, closed.consecutiveFailures());
            assertEquals(3, closed.breakerTransitions(), "half-open to closed; the probe's own half-open not counted twice");
            assertEquals(List.of(1L, 1L, 1L), entered(closed));
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void failedProbe_opensItAgain_withANewSince(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(settings(sim))) {
            sim.inject(Fault.serverError(503, "maintenance"));
            for (int i = 0; i < 3; i++) {
                path.ask(verifier, sim.mintToken());
            }
            advance(COOL_DOWN.plusSeconds(5));
            assertEquals(BreakerState.HALF_OPEN, verifier.status().breaker());

            assertEquals("maintenance", path.ask(verifier, sim.mintToken()).errorCode(), "the probe fails");

            VerifierStatus again = verifier.status();
            assertEquals(BreakerState.OPEN, again.breaker());
            assertEquals(clock.instant(), again.breakerSince(), "a new cool-down from the failed probe");
            assertEquals(List.of(2L, 1L, 0L), entered(again), "opened twice, half-open once, never closed");
            assertEquals(3, again.breakerTransitions());

            advance(COOL_DOWN.plusSeconds(1));
            assertEquals(List.of(2L, 2L, 0L), entered(verifier.status()), "the second cool-down ended too");
        }
    }

    /** Transitions into OPEN, HALF_OPEN and CLOSED. */
    private static List<Long> entered(VerifierStatus status) {
        return List.of(status.breakerTransitionsTo(BreakerState.OPEN), status.breakerTransitionsTo(BreakerState.HALF_OPEN),
                status.breakerTransitionsTo(BreakerState.CLOSED));
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void ledger_countsWhatFailedOpen_untilItIsReverified(VerifyPath path, PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings settings = settings(sim).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).clock(clock).build()) {
            assertEquals(0, verifier.status().ledgerOpen());
            assertEquals(50, verifier.status().ledgerCapacity());

            String token = sim.mintToken();
            sim.injectFor(token, Fault.serverError(500, "db_error"));
            path.verify(verifier, token, "203.0.113.7", "/signup");
            assertEquals(1, verifier.status().ledgerOpen());

            sim.clearFaults();
            clock.advance(Duration.ofSeconds(1)); // the ledger's first try comes a second after the entry
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (verifier.status().ledgerOpen() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // its next pass, on its own thread
            }
            assertEquals(0, verifier.status().ledgerOpen(), "re-verified and reported");
            assertEquals(2, sim.callCount(token), "the live post and the ledger's");
        }
    }

    @Test
    void breakerAndLedgerOff_sayOffAndNoCapacity(PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(settings(sim).breakerEnabled(false).ledgerEnabled(false))) {
            VerifierStatus status = verifier.status();
            assertEquals(VerifierStatus.builder().breaker(BreakerState.OFF, null).build(), status);
        }
    }

    @Test
    void aVerifierThatKeepsNoState_saysUnknown() {
        PlaytchaVerifier stub = new PlaytchaVerifier() {
            @Override
            public Verification verify(String token, String clientAddress, String path, Policy policy) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Policy policy() {
                throw new UnsupportedOperationException();
            }

            @Override
            public VerificationResult ask(String token) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void addListener(PlaytchaListener listener) {
            }

            @Override
            public boolean removeListener(PlaytchaListener listener) {
                return false;
            }

            @Override
            public void close() {
            }
        };
        assertSame(VerifierStatus.UNKNOWN, stub.status());
        assertEquals(BreakerState.UNKNOWN, stub.status().breaker());
        assertNull(stub.status().breakerSince());
    }
}
