package com.playtcha.jakarta.core;

import java.time.Duration;

/**
 * Whether a request goes on, given what verification found. {@link #of} is the one place in
 * playtcha-jakarta that turns a {@link VerificationResult} into pass or block, under a caller's
 * {@link Policy}; {@link PlaytchaVerifier#verify(String, String, String, Policy)} calls it, and the
 * filters only carry the decision out.
 *
 * <table>
 * <caption>The decision table</caption>
 * <tr><th>Result</th><th>Fail open (default)</th><th>Fail closed</th></tr>
 * <tr><td>verified (degraded or not)</td><td>pass</td><td>pass</td></tr>
 * <tr><td>rejected by Playtcha with status 429</td><td>block 429, Retry-After &ge; 1 s (Playtcha's, read as at
 *     most 5 min)</td><td>same</td></tr>
 * <tr><td>rejected {@code client_rate_limited}, source {@code CLIENT_BUDGET} (this client's verify budget is
 *     spent; Playtcha not called)</td><td>block 429, Retry-After &ge; 1 s</td><td>same</td></tr>
 * <tr><td>rejected otherwise (local or 4xx)</td><td>block {@code reject-status}</td><td>same</td></tr>
 * <tr><td>unavailable {@code overloaded} or {@code stalled}, source {@code POOL} (our own load: every pooled
 *     connection busy, or the exchange could not finish on this node's threads)</td>
 *     <td>block 503, Retry-After 1 s</td><td>same</td></tr>
 * <tr><td>unavailable otherwise</td><td>pass, failed open</td><td>block 503</td></tr>
 * </table>
 *
 * <p>The rows are told apart by {@link VerificationResult#source()}, never by the code: a 4xx whose
 * envelope says {@code client_rate_limited} is Playtcha's rejection ({@code reject-status}), and a 5xx
 * that says {@code overloaded} is Playtcha's outage (fails open or closed). docs/behaviour.md has
 * every row, and why {@code overloaded} never fails open.
 *
 * <p>In {@link Mode#OBSERVE} every request passes, {@link #status()} still says what enforce would
 * have answered, and an unavailable result always counts as failed open.
 *
 * @param proceeds          whether the request goes on to the application
 * @param status            the status enforce mode answers with, or 0 when it lets the request pass
 * @param retryAfterSeconds the whole seconds to send in {@code Retry-After} (at least 1, rounded up) for a 429 or an
 *                          {@code overloaded} 503; otherwise 0
 * @param failedOpen        the request goes on without a verdict from Playtcha
 */
public record Decision(boolean proceeds, int status, long retryAfterSeconds, boolean failedOpen) {

    /** The status answered when failing closed. */
    public static final int UNAVAILABLE_STATUS = 503;
    /** The status answered when Playtcha throttles us, or a client spent its verify budget. */
    public static final int RATE_LIMITED_STATUS = 429;
    /** {@code Retry-After} sent with an {@code overloaded} or {@code stalled} 503: our load passes within a verify or two. */
    public static final long OVERLOADED_RETRY_AFTER_SECONDS = 1;

    /**
     * Decides. Pinned by a table-driven test over every result, fail mode and mode.
     *
     * @param rejectStatus the status for a rejected token ({@code playtcha.reject-status})
     */
    public static Decision of(VerificationResult result, FailMode failMode, Mode mode, int rejectStatus) {
        java.util.Objects.requireNonNull(result, "result");
        int status = 0;
        long retryAfter = 0;
        boolean unavailable = result instanceof VerificationResult.Unavailable;
        if (result instanceof VerificationResult.Rejected rejected) {
            if (rateLimited(rejected)) {
                status = RATE_LIMITED_STATUS;
                retryAfter = wholeSecondsAtLeastOne(rejected.retryAfter());
            } else {
                status = rejectStatus;
            }
        } else if (unavailable && result.source() == VerificationResult.Source.POOL) {
            status = UNAVAILABLE_STATUS;
            retryAfter = OVERLOADED_RETRY_AFTER_SECONDS;
        } else if (unavailable && failMode == FailMode.CLOSED) {
            status = UNAVAILABLE_STATUS;
        }
        boolean proceeds = mode == Mode.OBSERVE || status == 0;
        return new Decision(proceeds, status, retryAfter, unavailable && proceeds);
    }

    /** Decides under a caller's policy: its fail mode, mode and reject status. */
    public static Decision of(VerificationResult result, Policy policy) {
        return of(result, policy.failMode(), policy.mode(), policy.rejectStatus());
    }

    /** Playtcha's 429, or this client's spent budget: not a bad token, a wait. */
    private static boolean rateLimited(VerificationResult.Rejected rejected) {
        return switch (rejected.source()) {
            case PLAYTCHA -> rejected.httpStatus() == RATE_LIMITED_STATUS;
            case CLIENT_BUDGET -> true;
            default -> false;
        };
    }

    private static long wholeSecondsAtLeastOne(Duration wait) {
        if (wait == null || wait.isNegative() || wait.isZero()) {
            return 1;
        }
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
