package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A poison token (one Playtcha answers 5xx while it answers every other) cannot be turned against
 * the site. Background work never moves the circuit breaker. Two requests that Playtcha answers 500 fail open
 * and are re-verified by the ledger, again and again, while no live traffic comes: those posts
 * fail too, but they are not live verifies, so the breaker (default settings: five failures in a
 * row) stays closed and the next real user is verified, not waved through as {@code circuit_open}.
 * And a single-use token passes at most once: replaying the poison token that failed open is
 * refused locally, so it neither passes again nor counts toward the breaker.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class LedgerBreakerTest {

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void twoPoisonTokensReverifiedDuringAQuietSpell_leaveTheBreakerClosed_forLiveTraffic(VerifyPath path, PlaytchaSimulator sim)
            throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            String first = sim.mintToken();
            String second = sim.mintToken();
            for (String poison : new String[] {first, second}) {
                sim.injectFor(poison, Fault.serverError(500, "db_error"));
                VerificationResult result = path.verify(verifier, poison, "203.0.113.7", "/signup").result();
                assertEquals("db_error", result.errorCode());
            }

            // Two live failures, then at least four background ones: six in a row, if they counted.
            assertTrue(sim.awaitCallCount(first, 3, TestSettings.WAIT), "the ledger re-verified the first token twice");
            assertTrue(sim.awaitCallCount(second, 3, TestSettings.WAIT), "the ledger re-verified the second token twice");

            assertEquals(BreakerState.CLOSED, verifier.status().breaker());
            assertInstanceOf(VerificationResult.Verified.class,
                    path.verify(verifier, sim.mintToken(), "203.0.113.8", "/signup").result());
            assertEquals(2, verifier.status().ledgerOpen(), "the poison tokens still wait for a verdict");
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aPoisonTokenReplayed_passesOnce_thenIsRefusedWithoutAskingPlaytcha(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            String poison = sim.mintToken();
            sim.injectFor(poison, Fault.serverError(500, "db_error"));
            Verification first = path.verify(verifier, poison, "203.0.113.7", "/signup");
            assertTrue(first.proceeds() && first.decision().failedOpen(), first::toString);
            assertNotNull(first.ledgerEntry(), "recorded");

            for (int replay = 0; replay < 5; replay++) {
                Verification again = path.verify(verifier, poison, "203.0.113.7", "/signup");
                assertEquals("already_redeemed", again.result().errorCode(), again::toString);
                assertEquals(0, ((VerificationResult.Rejected) again.result()).httpStatus(), "decided locally");
                assertEquals(false, again.proceeds());
            }
            // The live post, and at most one of the ledger's (its first try is a second later); five replays posted would make six.
            assertTrue(sim.callCount(poison) <= 2, () -> "posts of the poison token: " + sim.callCount(poison));
            assertEquals(BreakerState.CLOSED, verifier.status().breaker(), "one live failure, not six");
        }
    }
}
