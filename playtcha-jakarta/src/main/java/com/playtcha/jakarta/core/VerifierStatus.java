package com.playtcha.jakarta.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verifier is doing now, for a status page or a health check: where its circuit breaker
 * stands and how many requests its fail-open ledger still holds. A snapshot; ask
 * {@link PlaytchaVerifier#status()} again to see a change.
 *
 * <pre>{@code
 * VerifierStatus status = verifier.status();
 * if (status.breaker() == VerifierStatus.BreakerState.OPEN) {
 *     // Playtcha was unavailable playtcha.breaker.failures times in a row: verifies answer
 *     // circuit_open without calling it until breakerSince() + playtcha.breaker.cool-down; then a
 *     // probe goes through, and closes the breaker if Playtcha gives it a verdict
 * }
 * }</pre>
 *
 * @param breaker             the circuit breaker's state
 * @param breakerSince        when the breaker entered that state ({@code null} when {@code OFF} or
 *                            {@code UNKNOWN}); the breaker keeps time with {@code System.nanoTime()}, so
 *                            this wall-clock instant is exact to a few milliseconds, not more
 * @param consecutiveFailures unavailable results in a row while {@code CLOSED}: it opens when they
 *                            reach {@code playtcha.breaker.failures}; 0 in the other states
 * @param ledgerOpen          requests let through during an outage whose tokens are not re-verified yet
 * @param ledgerCapacity      the most the ledger holds ({@code playtcha.ledger.capacity}); 0 when the
 *                            verifier keeps no ledger ({@code playtcha.ledger.enabled=false})
 */
public record VerifierStatus(BreakerState breaker, Instant breakerSince, int consecutiveFailures, int ledgerOpen,
        int ledgerCapacity) {

    /** What a verifier that keeps no such state (an application's own stub) answers. */
    public static final VerifierStatus UNKNOWN = new VerifierStatus(BreakerState.UNKNOWN, null, 0, 0, 0);

    /** The circuit breaker's states; see {@link PlaytchaVerifier} for what it does. */
    public enum BreakerState {
        /** Normal: every verify goes to Playtcha. */
        CLOSED,
        /** Playtcha failed repeatedly: verifies answer {@code circuit_open} at once, until the cool-down ends. */
        OPEN,
        /**
         * The cool-down is over: the next verifies (up to {@code playtcha.breaker.probes} at once) go to
         * Playtcha as probes. A verdict closes the breaker; an unavailable result opens it again.
         */
        HALF_OPEN,
        /** No breaker: {@code playtcha.breaker.enabled=false}. */
        OFF,
        /** The verifier does not say ({@link #UNKNOWN}). */
        UNKNOWN
    }

    public VerifierStatus {
        Objects.requireNonNull(breaker, "breaker");
        if (consecutiveFailures < 0 || ledgerOpen < 0 || ledgerCapacity < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
    }
}
