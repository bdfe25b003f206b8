package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import java.util.Optional;
import java.util.Set;

/**
 * Which answer to a re-verification settles a fail-open entry as what. Pure: the answer, the
 * entry's cause and whether the ledger had posted the token before go in, an outcome comes out.
 *
 * <p>Verified: {@code confirmed}; {@code token_invalid}, {@code unsuccessful}: {@code rejected};
 * {@code already_redeemed}: {@code ambiguous}, or {@code rejected} when no post of ours can have
 * redeemed it; {@code token_expired}: {@code expired}; any other answer says nothing about the token,
 * and the entry keeps waiting. Settled results are Playtcha's; a 429 pauses the whole ledger
 * ({@link #pauseMillis}). The table and why: design/ledger.md.
 */
final class ReconciliationPolicy {

    static final long MIN_RETRY_AFTER_MILLIS = 1_000;
    /**
     * The longest pause a {@code Retry-After} buys: tokens live 5 minutes, so a longer one (an hour,
     * or an HTTP-date far off, whatever sent it) would let every waiting entry expire unverified. After
     * it the ledger tries again; a Playtcha still limiting answers 429 again and pauses it again.
     */
    static final long MAX_RETRY_AFTER_MILLIS = 60_000;
    /** Playtcha's codes (and ours for {@code success: false}) that are a verdict on the token itself. */
    private static final Set<String> TOKEN_VERDICTS = Set.of("token_invalid", VerificationResult.UNSUCCESSFUL);
    private static final String TOKEN_EXPIRED = "token_expired";

    private ReconciliationPolicy() {
    }

    /**
     * The outcome this answer settles the entry as, or empty when it says nothing about the token
     * and the entry must be tried again.
     *
     * @param cause        the entry's cause: why the request failed open ({@code timeout}, {@code circuit_open}, ...)
     * @param postedBefore whether the ledger had posted this token before (a reply lost, or a crash
     *                     before the answer was journaled): then a 409 may be its own doing
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

    /**
     * How long the whole ledger posts nothing after this answer: a 429's {@code Retry-After}, at
     * least {@value #MIN_RETRY_AFTER_MILLIS} ms (also when it named none) and at most
     * {@value #MAX_RETRY_AFTER_MILLIS} ms; 0 for any other answer.
     */
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
