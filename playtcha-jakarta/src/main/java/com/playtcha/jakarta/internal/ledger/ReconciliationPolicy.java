package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import java.util.Optional;
import java.util.Set;

/**
 * Which answer to a re-verification settles a fail-open entry as what ({@code confirmed},
 * {@code rejected}, {@code ambiguous}, {@code expired}, or nothing: it waits), and how long a 429
 * pauses the ledger. Pure. The table and why: design/ledger.md.
 */
final class ReconciliationPolicy {

    static final long MIN_RETRY_AFTER_MILLIS = 1_000;
    /** The longest pause a {@code Retry-After} buys: a longer one would let every waiting entry expire. */
    static final long MAX_RETRY_AFTER_MILLIS = 60_000;
    /** Playtcha's codes (and ours for {@code success: false}) that are a verdict on the token itself. */
    private static final Set<String> TOKEN_VERDICTS = Set.of("token_invalid", VerificationResult.UNSUCCESSFUL);
    private static final String TOKEN_EXPIRED = "token_expired";

    private ReconciliationPolicy() {
    }

    /**
     * The outcome this answer settles the entry as, or empty: try again. {@code cause}: why it failed
     * open; {@code postedBefore}: the ledger posted this token before, so a 409 may be its own doing.
     */
    static Optional<Outcome> outcome(VerificationResult result, String cause, boolean postedBefore) {
        if (result instanceof VerificationResult.Verified) {
            return Optional.of(Outcome.CONFIRMED);
        }
        if (!(result instanceof VerificationResult.Rejected rejected)
                || rejected.source() != VerificationResult.Source.PLAYTCHA) {
            return Optional.empty(); // only Playtcha's word settles: a local refusal says nothing about the token
        }
        String code = rejected.code();
        if (VerificationResult.ALREADY_REDEEMED.equals(code) || (code == null && rejected.httpStatus() == 409)) {
            // Our own post may have redeemed it, its reply lost: the request's, unless the breaker kept
            // that one from leaving, or an earlier one of the ledger's. Otherwise someone else did.
            boolean oursMayHave = !VerificationResult.CIRCUIT_OPEN.equals(cause) || postedBefore;
            return Optional.of(oursMayHave ? Outcome.AMBIGUOUS : Outcome.REJECTED);
        }
        if (TOKEN_EXPIRED.equals(code) || (code == null && rejected.httpStatus() == 410)) {
            return Optional.of(Outcome.EXPIRED);
        }
        return TOKEN_VERDICTS.contains(code) ? Optional.of(Outcome.REJECTED) : Optional.empty();
    }

    /** How long the ledger posts nothing after this answer: a 429's {@code Retry-After}, clamped; else 0. */
    static long pauseMillis(VerificationResult result) {
        if (result instanceof VerificationResult.Rejected limited && limited.httpStatus() == Decision.RATE_LIMITED_STATUS) {
            if (limited.retryAfter() == null) {
                return MIN_RETRY_AFTER_MILLIS;
            }
            long asked = limited.retryAfter().getSeconds() > MAX_RETRY_AFTER_MILLIS / 1000 ? MAX_RETRY_AFTER_MILLIS
                    : limited.retryAfter().toMillis(); // toMillis() would overflow on a Retry-After of centuries
            return Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(MIN_RETRY_AFTER_MILLIS, asked));
        }
        return 0;
    }

    /**
     * The back-off after {@code misses} tries in a row without a verdict, an entry's or the ledger's:
     * {@value FailOpenLedger#FIRST_PAUSE_MILLIS} ms, doubling per further miss up to {@value FailOpenLedger#MAX_PAUSE_MILLIS} ms.
     */
    static long backOffMillis(int misses) {
        return Math.min(FailOpenLedger.MAX_PAUSE_MILLIS, FailOpenLedger.FIRST_PAUSE_MILLIS << Math.min(misses - 1, 16));
    }
}
