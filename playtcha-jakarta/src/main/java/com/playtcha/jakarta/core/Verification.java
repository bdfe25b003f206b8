package com.playtcha.jakarta.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link PlaytchaVerifier#verify(String, String, String, Policy)} answers for one request: what
 * Playtcha (or a local check) found, what the caller's {@link Policy} makes of it, and, when the
 * request went on without a verdict, its entry in the fail-open ledger. By the time a caller holds
 * one, everything that must happen has happened: the ledger recorded what failed open, the counts and
 * the listeners heard the decision. The caller only carries the decision out ({@link PlaytchaVerifier}
 * shows how).
 *
 * <p>It is the one outcome of a call: {@link VerificationResult} and {@link Decision} are its parts;
 * the listeners get this same value in the {@link DecisionEvent}, and the filters publish the
 * {@link DecisionAttributes} from it.
 *
 * @param result      what verification found: verified, rejected (by Playtcha or locally) or unavailable
 * @param decision    whether the request goes on under the caller's policy, with the status and
 *                    {@code Retry-After} to answer when it does not
 * @param ledgerEntry the request's entry in the fail-open ledger when it went on without a verdict and
 *                    the ledger recorded it (store {@link LedgerEntry#id()} with what the request creates,
 *                    to find it again when its {@link Reconciliation} arrives); {@code null} otherwise, and
 *                    also when the ledger is off ({@code playtcha.ledger.enabled=false}) or was full
 * @param duration    how long the call took, from its start until the decision was recorded: local
 *                    checks, client budget, breaker, pool lease, Playtcha's reply and the ledger's record,
 *                    not the listeners' own time; the same value the {@link DecisionEvent} carries
 * @param heldLocally the request failed open and its token is held on this node only: the shared
 *                    ledger's database did not answer the claim in time ({@code playtcha.ledger.claim-unavailable});
 *                    the request attribute {@link DecisionAttributes#HELD_LOCALLY}
 */
public record Verification(VerificationResult result, Decision decision, LedgerEntry ledgerEntry, Duration duration,
        boolean heldLocally) {

    /** A verification whose token, if held, is held as widely as the ledger is. */
    public Verification(VerificationResult result, Decision decision, LedgerEntry ledgerEntry, Duration duration) {
        this(result, decision, ledgerEntry, duration, false);
    }

    public Verification {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether the request goes on to the application: {@code decision().proceeds()}. */
    public boolean proceeds() {
        return decision.proceeds();
    }

    /**
     * Whether a retry with the same token would be refused, so the page must reset the widget first:
     * {@link VerificationResult#tokenSpent()}, or the request went on without a verdict
     * ({@link Decision#failedOpen()}), since the verifier then holds the token (in the fail-open
     * ledger, or as a tombstone when the ledger is off or full) and refuses it as a replay. A
     * {@code circuit_open} that failed open is spent; one that failed closed (503) is not. Published
     * as the request attribute {@link DecisionAttributes#TOKEN_SPENT} and the login's
     * {@code Playtcha-Token-Spent} header.
     */
    public boolean tokenSpent() {
        return tokenSpent(result, decision);
    }

    /**
     * Whether a retry with the same token would be refused once this verification is decided again under
     * another guard's {@code decision}: spent when this verification spent it or that decision does
     * (it lets the request on without a verdict).
     */
    public boolean tokenSpent(Decision decision) {
        return tokenSpent() || tokenSpent(result, decision);
    }

    /** The rule of {@link #tokenSpent()}, for a result decided again under another filter's policy. */
    public static boolean tokenSpent(VerificationResult result, Decision decision) {
        return result.tokenSpent() || decision.failedOpen();
    }
}
