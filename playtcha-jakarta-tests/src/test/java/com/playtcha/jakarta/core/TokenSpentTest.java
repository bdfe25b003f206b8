package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.VerificationResult.Source;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When the page must reset the widget ({@link Verification#tokenSpent()}): whenever a retry with the
 * same token would be refused (it may have been used up, or the verifier holds it after failing open),
 * and never when it provably was not sent nor held, so a user throttled or turned away by an open
 * breaker keeps a token that still works. {@link VerificationResult#tokenSpent()} is the result's part.
 */
class TokenSpentTest {

    @Test
    void aTokenThatReachedPlaytcha_isSpent_whateverTheAnswer() {
        assertEquals(true, new VerificationResult.Verified(false, "req_1").tokenSpent());
        assertEquals(true, VerificationResult.Rejected.byPlaytcha("token_invalid", "no", "req_2", 401, null).tokenSpent());
        assertEquals(true, VerificationResult.Unavailable.byPlaytcha("internal_error", "down", null, 503).tokenSpent());
        assertEquals(true, VerificationResult.Unavailable.unanswered(Source.NETWORK, VerificationResult.TIMEOUT, "late")
                .tokenSpent(), "posted without an answer: it may have been redeemed");
    }

    @Test
    void aTokenRefusedHereAsMalformedOrReplayed_isSpent_aMissingOneIsNot() {
        assertEquals(true, VerificationResult.Rejected.local(VerificationResult.MALFORMED_TOKEN, "bad").tokenSpent());
        assertEquals(true, VerificationResult.Rejected.local(VerificationResult.ALREADY_REDEEMED, "again").tokenSpent());
        assertEquals(false, VerificationResult.Rejected.local(VerificationResult.MISSING_TOKEN, "none").tokenSpent());
    }

    @Test
    void aTokenNeverSent_isNotSpent() {
        assertEquals(false, new VerificationResult.Rejected(VerificationResult.CLIENT_RATE_LIMITED, "slow down", null, 0,
                Duration.ofSeconds(5), Source.CLIENT_BUDGET).tokenSpent());
        assertEquals(false, VerificationResult.Unavailable.unanswered(Source.BREAKER, VerificationResult.CIRCUIT_OPEN, "open")
                .tokenSpent());
        assertEquals(false, VerificationResult.Unavailable.unanswered(Source.POOL, VerificationResult.OVERLOADED, "busy")
                .tokenSpent());
    }

    private static Verification decided(VerificationResult result, FailMode failMode, Mode mode) {
        return new Verification(result, Decision.of(result, failMode, mode, 403), null, Duration.ZERO);
    }

    @Test
    void aTokenNeverSentButLetThroughWithoutAVerdict_isSpent_sinceTheVerifierHoldsIt() {
        VerificationResult open = VerificationResult.Unavailable.unanswered(Source.BREAKER, VerificationResult.CIRCUIT_OPEN, "open");
        assertEquals(true, decided(open, FailMode.OPEN, Mode.ENFORCE).tokenSpent(), "failed open: held by the ledger");
        assertEquals(true, decided(open, FailMode.CLOSED, Mode.OBSERVE).tokenSpent(), "observe lets it on: held too");
        assertEquals(false, decided(open, FailMode.CLOSED, Mode.ENFORCE).tokenSpent(), "blocked 503: a retry is accepted");
        VerificationResult busy = VerificationResult.Unavailable.unanswered(Source.POOL, VerificationResult.OVERLOADED, "busy");
        assertEquals(false, decided(busy, FailMode.OPEN, Mode.ENFORCE).tokenSpent(), "overloaded blocks before anything holds it");
        VerificationResult overBudget = new VerificationResult.Rejected(VerificationResult.CLIENT_RATE_LIMITED, "slow down", null, 0,
                Duration.ofSeconds(5), Source.CLIENT_BUDGET);
        assertEquals(false, decided(overBudget, FailMode.OPEN, Mode.ENFORCE).tokenSpent());
        assertEquals(false, decided(VerificationResult.Rejected.local(VerificationResult.MISSING_TOKEN, "none"), FailMode.OPEN,
                Mode.OBSERVE).tokenSpent(), "no token, nothing held");
    }
}
