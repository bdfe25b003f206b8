package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Background work never moves the circuit breaker. Two requests that Playtcha answers 500 fail open
 * and are re-verified by the ledger, again and again, while no live traffic comes: those posts
 * fail too, but they are not live verifies, so the breaker (default settings: five failures in a
 * row) stays closed and the next real user is verified, not waved through as {@code circuit_open}.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class LedgerBreakerTest {

    @Test
    void twoPoisonTokensReverifiedDuringAQuietSpell_leaveTheBreakerClosed_forLiveTraffic(PlaytchaSimulator sim)
            throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).build();
        try (HttpPlaytchaVerifier verifier = new HttpPlaytchaVerifier(settings)) {
            String first = sim.mintToken();
            String second = sim.mintToken();
            for (String poison : new String[] {first, second}) {
                sim.injectFor(poison, Fault.serverError(500, "db_error"));
                VerificationResult result = verifier.verify(poison);
                assertEquals("db_error", result.errorCode());
                verifier.report(poison, result, Decision.of(result, settings), "/signup", "203.0.113.7");
            }

            // Two live failures, then at least four background ones: six in a row, if they counted.
            assertTrue(sim.awaitCallCount(first, 3, Duration.ofSeconds(20)), "the ledger re-verified the first token twice");
            assertTrue(sim.awaitCallCount(second, 3, Duration.ofSeconds(20)), "the ledger re-verified the second token twice");

            assertEquals(CircuitBreaker.Phase.CLOSED, verifier.breakerPhase());
            assertInstanceOf(VerificationResult.Verified.class, verifier.verify(sim.mintToken()));
            assertEquals(2, verifier.ledger().size(), "the poison tokens still wait for a verdict");
        }
    }
}
