package com.playtcha.jakarta.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One guarded request decided: what verification found and whether the request went on. Delivered
 * to {@link PlaytchaListener#decided} for every request the filter verifies (and for every
 * {@link PlaytchaVerifier#report} call from code), which is what metrics and audit logs hang on.
 * It carries no token.
 *
 * @param time          when it was decided
 * @param path          the request URI, without the query string
 * @param remoteAddress the client's address as the container saw it
 * @param result        what verification found
 * @param decision      what was done with it
 * @param ledgerEntry   the ledger entry when the decision failed open, otherwise {@code null}
 * @param duration      how long the verify took, measured by the verifier from its call to its return
 *                      (local checks, client budget, breaker, pool lease and Playtcha's reply, all of
 *                      it); {@code null} when the verifier did not time it: the result reported is not
 *                      the one this thread's last {@code verify} returned (code that verifies on one
 *                      thread and reports on another), or the verifier is an application's own stub
 */
public record DecisionEvent(Instant time, String path, String remoteAddress, VerificationResult result,
        Decision decision, LedgerEntry ledgerEntry, Duration duration) {

    public DecisionEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(decision, "decision");
    }

    /** An event without a measured duration ({@code duration} is {@code null}). */
    public DecisionEvent(Instant time, String path, String remoteAddress, VerificationResult result,
            Decision decision, LedgerEntry ledgerEntry) {
        this(time, path, remoteAddress, result, decision, ledgerEntry, null);
    }

    /** The five kinds of decision, for counting. */
    public enum Kind {
        /** Playtcha verified the token. */
        VERIFIED,
        /** Playtcha verified the token in its degraded (quota) band. */
        DEGRADED,
        /** The token was rejected, by Playtcha or locally. */
        REJECTED,
        /** Playtcha gave no verdict and the request was blocked (fail-closed). */
        UNAVAILABLE,
        /** Playtcha gave no verdict and the request went on (fail-open, or observe mode). */
        FAILED_OPEN;

        /** The kind of this result decided this way: what {@link DecisionEvent#kind()} answers. */
        public static Kind of(VerificationResult result, Decision decision) {
            if (result instanceof VerificationResult.Verified verified) {
                return verified.degraded() ? DEGRADED : VERIFIED;
            }
            if (result instanceof VerificationResult.Rejected) {
                return REJECTED;
            }
            return decision.failedOpen() ? FAILED_OPEN : UNAVAILABLE;
        }
    }

    public Kind kind() {
        return Kind.of(result, decision);
    }
}
