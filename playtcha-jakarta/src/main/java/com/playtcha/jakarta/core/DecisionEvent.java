package com.playtcha.jakarta.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request decided: the verifier's {@link Verification} of it, with when and for which path and
 * client. Delivered to {@link PlaytchaListener#decided} once for every call of
 * {@link PlaytchaVerifier#verify(String, String, String, Policy)}, from the filters or from code
 * (never for {@link PlaytchaVerifier#ask}), which is what metrics and audit logs hang on. It carries
 * no token. {@link #result()}, {@link #decision()}, {@link #ledgerEntry()}, {@link #duration()} and
 * {@link #heldLocally()} read the verification: the same value the call answered.
 *
 * @param time          when it was decided
 * @param path          the request URI, without the query string, as the caller passed it (may be {@code null})
 * @param remoteAddress the client's address as the container saw it (may be {@code null})
 * @param verification  what the call answered: the result, the decision under the caller's {@link Policy},
 *                      the ledger entry, the duration and whether the token is held locally
 */
public record DecisionEvent(Instant time, String path, String remoteAddress, Verification verification) {

    /** An event for a verification made of these parts. */
    public DecisionEvent(Instant time, String path, String remoteAddress, VerificationResult result,
            Decision decision, LedgerEntry ledgerEntry, Duration duration, boolean heldLocally) {
        this(time, path, remoteAddress, new Verification(result, decision, ledgerEntry, duration, heldLocally));
    }

    /** An event whose token, if held, is held as widely as the ledger is. */
    public DecisionEvent(Instant time, String path, String remoteAddress, VerificationResult result, Decision decision,
            LedgerEntry ledgerEntry, Duration duration) {
        this(time, path, remoteAddress, new Verification(result, decision, ledgerEntry, duration));
    }

    public DecisionEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(verification, "verification");
    }

    /** What verification found. */
    public VerificationResult result() {
        return verification.result();
    }

    /** What was done with it, under the caller's {@link Policy}. */
    public Decision decision() {
        return verification.decision();
    }

    /** The ledger entry when the decision failed open and the ledger recorded it, otherwise {@code null}. */
    public LedgerEntry ledgerEntry() {
        return verification.ledgerEntry();
    }

    /**
     * How long the call took, measured by the verifier from its start until the decision was recorded
     * (local checks, reservation, client budget, breaker, pool lease, Playtcha's reply and the ledger's
     * record; not the listeners' time): {@link Verification#duration()}.
     */
    public Duration duration() {
        return verification.duration();
    }

    /** {@link Verification#heldLocally()}: failed open, its token held on this node only. */
    public boolean heldLocally() {
        return verification.heldLocally();
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
        return Kind.of(result(), decision());
    }
}
