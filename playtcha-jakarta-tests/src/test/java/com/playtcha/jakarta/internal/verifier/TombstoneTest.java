package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A token whose hold ends is not let through again, and the page is told a held token is spent:
 * the real verifier against the simulator, its one clock (the ledger's too) moved by the test,
 * never slept on. Playtcha stays down (503) throughout unless said.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class TombstoneTest {

    private static final Duration LIFE = TokenReservations.TOKEN_LIFETIME;

    private final StoppedClock clock = new StoppedClock();
    private final List<Reconciliation> heard = new CopyOnWriteArrayList<>();
    /** The ledger's passes run at their ticks, and one more when a test says ({@link TestVerifiers.Ticks#passNow}). */
    private final TestVerifiers.Ticks ticks = new TestVerifiers.Ticks();

    private ComposedVerifier verifier(PlaytchaSimulator sim, PlaytchaSettings.Builder settings) {
        PlaytchaListener listener = new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                heard.add(r);
            }
        };
        return TestVerifiers.of(settings.secret(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT).build())
                .clock(clock).listeners(listener).ledgerExecutor(ticks).build();
    }

    @AfterEach
    void stopTicks() {
        ticks.close();
    }

    private void advance(Duration by) {
        clock.advance(by);
    }

    private static boolean refusedAsReplay(Verification v) {
        return !v.proceeds() && v.result() instanceof VerificationResult.Rejected r
                && VerificationResult.ALREADY_REDEEMED.equals(r.code()) && r.source() == VerificationResult.Source.LOCAL
                && v.decision().status() == 403 && v.tokenSpent();
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aTokenExpiredInAnOutageLongerThanItsLife_isRefusedWhenReplayed_notLetThroughAgain(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(sim, PlaytchaSettings.builder().breakerEnabled(false))) {
            sim.inject(Fault.serverError(503, "db_error"));
            String token = sim.mintToken();
            Verification first = path.verify(verifier, token, "198.51.100.1", "/signup");
            assertTrue(first.proceeds() && first.decision().failedOpen(), first::toString);
            assertNotNull(first.ledgerEntry());

            advance(LIFE.plusSeconds(1));
            ticks.passNow();
            assertEquals(List.of(Reconciliation.Outcome.EXPIRED), heard.stream().map(Reconciliation::outcome).toList());
            assertEquals(0, verifier.status().ledgerOpen(), "its hold ended");

            Verification replay = path.verify(verifier, token, "198.51.100.2", "/signup");
            assertTrue(refusedAsReplay(replay), replay::toString);
            assertEquals(1, sim.callCount(token), "refused here: Playtcha, still down, was not asked again");

            advance(LIFE.minusSeconds(2));
            assertTrue(refusedAsReplay(path.verify(verifier, token, "198.51.100.3", "/signup")), "for one lifetime more");
            advance(Duration.ofSeconds(2));
            Verification late = path.verify(verifier, token, "198.51.100.4", "/signup");
            assertTrue(late.decision().failedOpen(), "past that the tombstone is gone, and the outage still fails open");
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aLetThroughTokenPushedOutOfAFullLedgerByJunk_isRefusedWhenReplayed(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(sim, PlaytchaSettings.builder().breakerEnabled(false).ledgerCapacity(2))) {
            sim.inject(Fault.serverError(503, "db_error"));
            assertNotNull(path.verify(verifier, sim.mintToken(), null, "/junk").ledgerEntry());
            assertNotNull(path.verify(verifier, sim.mintToken(), null, "/junk").ledgerEntry());
            String token = sim.mintToken();
            Verification letThrough = path.verify(verifier, token, "198.51.100.1", "/signup");
            assertTrue(letThrough.decision().failedOpen());
            assertNull(letThrough.ledgerEntry(), "the ledger is full");
            assertTrue(letThrough.tokenSpent(), "held by the verifier: a retry with it is refused");
            for (int i = 0; i < 10; i++) {
                assertTrue(path.verify(verifier, sim.mintToken(), null, "/junk").decision().failedOpen(), "fresh junk during the outage");
            }

            Verification replay = path.verify(verifier, token, "198.51.100.2", "/signup");
            assertTrue(refusedAsReplay(replay), replay::toString);
            assertEquals(1, sim.callCount(token));
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aCircuitOpenFailOpen_saysTheTokenIsSpent_andARetryWithItIsRefused(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings.Builder oneFailureOpens = PlaytchaSettings.builder()
                .breaker(new PlaytchaSettings.Breaker(true, 1, Duration.ofMinutes(5), 1));
        try (ComposedVerifier verifier = verifier(sim, oneFailureOpens)) {
            sim.injectOnce(Fault.serverError(500, "db_error"));
            assertEquals("db_error", path.ask(verifier, sim.mintToken()).errorCode());
            assertEquals(BreakerState.OPEN, verifier.status().breaker());
            String token = sim.mintToken();

            Verification login = path.verify(verifier, token, "198.51.100.1", "/j_security_check");
            assertEquals(VerificationResult.CIRCUIT_OPEN, login.result().errorCode());
            assertTrue(login.proceeds() && login.decision().failedOpen());
            assertFalse(login.result().tokenSpent(), "the result alone: never posted");
            assertTrue(login.tokenSpent(), "but held by the ledger: spent");

            Verification retry = path.verify(verifier, token, "198.51.100.1", "/j_security_check");
            assertTrue(refusedAsReplay(retry), "consistent with what the page was told: " + retry);
            assertEquals(0, sim.callCount(token));
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aCircuitOpenFailClosed_saysTheTokenIsNotSpent_andARetryWithItIsAcceptedOncePlaytchaAnswers(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings.Builder oneFailureOpens = PlaytchaSettings.builder().failMode(com.playtcha.jakarta.core.FailMode.CLOSED)
                .breaker(new PlaytchaSettings.Breaker(true, 1, Duration.ofSeconds(10), 1));
        try (ComposedVerifier verifier = verifier(sim, oneFailureOpens)) {
            sim.injectOnce(Fault.serverError(500, "db_error"));
            path.ask(verifier, sim.mintToken());
            String token = sim.mintToken();

            Verification blocked = path.verify(verifier, token, "198.51.100.1", "/j_security_check");
            assertEquals(503, blocked.decision().status());
            assertFalse(blocked.tokenSpent());

            advance(Duration.ofSeconds(11)); // the cool-down: the next verify is the probe
            Verification retry = path.verify(verifier, token, "198.51.100.1", "/j_security_check");
            assertEquals("verified", retry.result().outcome(), retry::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aClientOverItsBudget_isToldTheTokenIsNotSpent_andTheRetryAfterTheWaitIsAccepted(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings.Builder one = PlaytchaSettings.builder().clientBudget(new PlaytchaSettings.ClientBudget(true, 60, 1, 1_000));
        try (ComposedVerifier verifier = verifier(sim, one)) {
            assertEquals("verified", path.verify(verifier, sim.mintToken(), "203.0.113.7", "/login").result().outcome());
            String token = sim.mintToken();

            Verification over = path.verify(verifier, token, "203.0.113.7", "/login");
            assertEquals(VerificationResult.CLIENT_RATE_LIMITED, over.result().errorCode());
            assertFalse(over.tokenSpent());
            assertEquals(0, sim.callCount(token));

            advance(Duration.ofSeconds(1));
            Verification retry = path.verify(verifier, token, "203.0.113.7", "/login");
            assertEquals("verified", retry.result().outcome(), retry::toString);
        }
    }
}
