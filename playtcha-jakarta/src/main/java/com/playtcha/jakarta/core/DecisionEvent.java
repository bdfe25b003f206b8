package com.playtcha.jakarta.core;

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
 */
public record DecisionEvent(Instant time, String path, String remoteAddress, VerificationResult result,
        Decision decision, LedgerEntry ledgerEntry) {

    public DecisionEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(decision, "decision");
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
        FAILED_OPEN
    }

    public Kind kind() {
        if (result instanceof VerificationResult.Verified verified) {
            return verified.degraded() ? Kind.DEGRADED : Kind.VERIFIED;
        }
        if (result instanceof VerificationResult.Rejected) {
            return Kind.REJECTED;
        }
        return decision.failedOpen() ? Kind.FAILED_OPEN : Kind.UNAVAILABLE;
    }
}
