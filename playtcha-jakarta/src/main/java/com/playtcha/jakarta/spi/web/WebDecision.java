package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;

/**
 * SPI: what {@link WebGuard#decide} found for one request, its attributes already on it: the verifier's
 * {@link Verification} of the request (this guard's call, or the one an earlier guard made on the same
 * request), this guard's {@code decision} of it (the verification's own when this guard made the call,
 * else its result decided again under this guard's policy), and what only the web side adds: the
 * {@code path} without path parameters, the {@code rejection} to answer ({@code null} when it goes on)
 * and the {@code observeNote}, what to log when observe mode let through what enforce would block.
 */
public record WebDecision(Verification verification, Decision decision, String path, Rejection rejection,
        ObserveNote observeNote) {

    /** What verification found: {@code verification().result()}. */
    public VerificationResult result() {
        return verification.result();
    }

    /** Whether the request goes on to the application: {@code decision().proceeds()}. */
    public boolean proceeds() {
        return decision.proceeds();
    }

    /**
     * Whether a retry with the same token would be refused ({@link Verification#tokenSpent(Decision)} under
     * this guard's decision): the {@code com.playtcha.token-spent} attribute.
     */
    public boolean tokenSpent() {
        return verification.tokenSpent(decision);
    }
}
