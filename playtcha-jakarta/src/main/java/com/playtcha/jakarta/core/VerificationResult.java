package com.playtcha.jakarta.core;

import java.time.Duration;

/**
 * What one verification found: {@link Verified}, {@link Rejected} or {@link Unavailable}. A value,
 * never an exception; whether the request goes on is {@link Decision}'s business.
 *
 * <pre>{@code
 * VerificationResult result = verifier.verify(token, request.getRemoteAddr(), request.getRequestURI()).result();
 * if (result instanceof VerificationResult.Rejected rejected) {
 *     throw new BadRequestException("captcha: " + rejected.code());
 * }
 * if (result.degraded()) {
 *     log.info("Playtcha quota: degraded band");
 * }
 * }</pre>
 *
 * <p>Codes are Playtcha's ({@code token_invalid}, {@code already_redeemed}, {@code db_error}, ...)
 * when it sent one, otherwise ours: the constants below, or {@code http_<status>}. A code is for
 * people and logs; which part of the verifier made the result is {@link #source()}, which the
 * decision reads: Playtcha may send any code, ours included, and its {@code overloaded} is not our pool's.
 * How each result is answered: the decision table in docs/behaviour.md.
 */
public sealed interface VerificationResult {

    /** No token, or a blank one. Decided locally: Playtcha is not called. */
    String MISSING_TOKEN = "missing_token";
    /** A token over {@link #MAX_TOKEN_LENGTH} characters or with characters outside visible ASCII. Decided locally. */
    String MALFORMED_TOKEN = "malformed_token";
    /** The longest token posted to Playtcha, 8 KiB; Playtcha's own are well under 1 KiB. */
    int MAX_TOKEN_LENGTH = 8 * 1024;
    /** A 2xx with {@code "success": false} and no error code. */
    String UNSUCCESSFUL = "unsuccessful";
    /** A reply that cannot be read: not JSON, no boolean {@code success}, over 64 KiB, a 3xx, a status outside 200-599. */
    String BAD_RESPONSE = "bad_response";
    /** The whole-verify budget ran out (pool lease, connect or response). */
    String TIMEOUT = "timeout";
    /** Refused, reset, DNS or TLS failure; a proxy that refused the CONNECT tunnel to Playtcha. */
    String NETWORK_ERROR = "network_error";
    /** A proxy on the way answered 407 (wrong or missing {@code playtcha.proxy.user}/{@code password}); Playtcha was not called. */
    String PROXY_AUTH_FAILED = "proxy_auth_failed";
    /** The circuit breaker is open after repeated unavailable results: Playtcha was not called. */
    String CIRCUIT_OPEN = "circuit_open";
    /**
     * Our own pool's load ({@link Source#POOL}): Playtcha was not called, the breaker does not count
     * it, and it never fails open (docs/outages-and-ledger.md, "The pool is the bulkhead").
     */
    String OVERLOADED = "overloaded";
    /**
     * Our own load ({@link Source#POOL}) made a verify unfinishable: its exchange found no thread to start
     * it within {@code lease-timeout}, or the HTTP client's own state failed. Playtcha was probably not
     * late (nothing says it was); like {@link #OVERLOADED}, the breaker does not count it and it never
     * fails open (docs/behaviour.md, "Our own slowness is not Playtcha's").
     */
    String STALLED = "stalled";
    /** Playtcha's per-IP throttle (429). */
    String RATE_LIMITED = "rate_limited_ip";
    /**
     * The token was used before: Playtcha's code for a replay (409), and ours for one refused without
     * asking it, source {@link Source#LOCAL}: a token in flight for another request, or one that
     * already went on once without a verdict. Blocked with {@code reject-status} either way.
     */
    String ALREADY_REDEEMED = "already_redeemed";
    /**
     * This client address spent its verify budget ({@link Source#CLIENT_BUDGET}): never posted, never
     * counted by the breaker, never held by the ledger; blocked with 429 and {@code Retry-After}.
     */
    String CLIENT_RATE_LIMITED = "client_rate_limited";

    /**
     * Which part made a result: Playtcha's answer, or one of the verifier's own parts that answered
     * without asking it. {@link Decision} and the verifier's parts (breaker, logs, ledger) branch on
     * this, never on the code: a code Playtcha sends, even one spelled like ours, is Playtcha's.
     */
    enum Source {
        /**
         * An HTTP reply from {@code playtcha.api-url}: a verdict, a rejection with Playtcha's status,
         * a 5xx, or a reply with a status that cannot be read ({@code bad_response}). {@code httpStatus}
         * is the reply's status. Every {@link Verified} result has this source.
         */
        PLAYTCHA,
        /** The token was refused here, never posted: missing, malformed, or a replay ({@code already_redeemed}). */
        LOCAL,
        /** This client address spent its verify budget ({@link #CLIENT_RATE_LIMITED}); Playtcha was not asked. */
        CLIENT_BUDGET,
        /** The circuit breaker is open ({@link #CIRCUIT_OPEN}); Playtcha was not asked. */
        BREAKER,
        /**
         * Our own load: every pooled connection stayed busy for {@code lease-timeout} ({@link #OVERLOADED}; nothing
         * was sent), or the exchange could not finish on this node's threads ({@link #STALLED}).
         */
        POOL,
        /**
         * No readable HTTP reply: a timeout, a failed connection, a reply that was not HTTP, or a proxy
         * on the way that refused. The post may or may not have reached Playtcha.
         */
        NETWORK
    }

    /** {@code verified}, {@code rejected} or {@code unavailable}: the {@code com.playtcha.outcome} attribute. */
    String outcome();

    /** Playtcha's or our code; {@code null} when verified. */
    String errorCode();

    /** Playtcha's {@code request_id}, or {@code null} when it sent none or was not called. */
    String requestId();

    /** Which part made this result: Playtcha, or a part of ours that answered without asking it. */
    Source source();

    /** True when Playtcha answered success in its degraded (quota) band. */
    default boolean degraded() {
        return false;
    }

    /**
     * Whether this result alone uses the token up: true when the token reached Playtcha (verified,
     * rejected, or posted without a readable answer), or was refused here as malformed or as a replay;
     * false when there was no token or it was never posted ({@link Source#CLIENT_BUDGET},
     * {@link Source#BREAKER}, {@link Source#POOL} {@link #OVERLOADED}; a {@link #STALLED} post counts as spent).
     * A token never posted is still spent when its
     * request failed open, since the verifier holds it then: what a page reads (the request attribute
     * {@link DecisionAttributes#TOKEN_SPENT}) is {@link Verification#tokenSpent()}, which says that too.
     */
    default boolean tokenSpent() {
        return switch (source()) {
            case PLAYTCHA, NETWORK -> true;
            case LOCAL -> !MISSING_TOKEN.equals(errorCode());
            case POOL -> STALLED.equals(errorCode()); // a stalled post may have reached Playtcha; our codes only here
            case CLIENT_BUDGET, BREAKER -> false;
        };
    }

    /**
     * Playtcha says the token is good.
     *
     * @param degraded  the account is in its degraded usage band: still a success, a quota signal
     * @param requestId Playtcha's request id, or {@code null}
     */
    record Verified(boolean degraded, String requestId) implements VerificationResult {
        @Override
        public String outcome() {
            return "verified";
        }

        @Override
        public String errorCode() {
            return null;
        }

        /** Always {@link Source#PLAYTCHA}: only Playtcha verifies a token. */
        @Override
        public Source source() {
            return Source.PLAYTCHA;
        }
    }

    /**
     * The token is not good: Playtcha said so (4xx, or a 2xx without success), or it never was a
     * token. Blocked in both fail modes.
     *
     * @param code       Playtcha's error code, or ours ({@link #MISSING_TOKEN}, {@link #MALFORMED_TOKEN},
     *                   {@link #CLIENT_RATE_LIMITED}, {@link #UNSUCCESSFUL}, {@code http_<status>})
     * @param message    a human-readable reason (Playtcha's message when it sent one)
     * @param requestId  Playtcha's request id, or {@code null}
     * @param httpStatus Playtcha's status, or 0 when decided locally
     * @param retryAfter for 429, how long Playtcha asked to wait, at most 5 minutes (a token's life: a
     *                   longer wait is read as 5 minutes), or {@code null} when it did not say; for
     *                   {@link #CLIENT_RATE_LIMITED}, how long until the client's budget has a verify again
     * @param source     {@link Source#PLAYTCHA}, {@link Source#LOCAL} or {@link Source#CLIENT_BUDGET}
     */
    record Rejected(String code, String message, String requestId, int httpStatus, Duration retryAfter, Source source)
            implements VerificationResult {

        public Rejected {
            java.util.Objects.requireNonNull(source, "source");
        }
        @Override
        public String outcome() {
            return "rejected";
        }

        @Override
        public String errorCode() {
            return code;
        }

        /** Playtcha's rejection: its code (or ours for what it left out), status and request id. */
        public static Rejected byPlaytcha(String code, String message, String requestId, int httpStatus, Duration retryAfter) {
            return new Rejected(code, message, requestId, httpStatus, retryAfter, Source.PLAYTCHA);
        }

        /** A token refused here ({@link Source#LOCAL}), without asking Playtcha: no status, no request id. */
        public static Rejected local(String code, String message) {
            return new Rejected(code, message, null, 0, null, Source.LOCAL);
        }
    }

    /**
     * Playtcha gave no verdict: a timeout, a network error, a 5xx, or a reply we cannot read.
     * Fail-open lets the request through, fail-closed blocks it with 503; {@link #OVERLOADED} and {@link #STALLED}
     * are blocked in both.
     *
     * @param code       Playtcha's code for a 5xx when it sent one ({@code db_error}), otherwise
     *                   {@link #TIMEOUT}, {@link #NETWORK_ERROR}, {@link #BAD_RESPONSE}, {@link #CIRCUIT_OPEN},
     *                   {@link #OVERLOADED}, {@link #STALLED} or {@code http_<status>}
     * @param message    what went wrong, for logs
     * @param requestId  Playtcha's request id, or {@code null}
     * @param httpStatus the status Playtcha answered, or 0 when there was no answer
     * @param source     {@link Source#PLAYTCHA} (a 5xx or an unreadable reply), {@link Source#NETWORK},
     *                   {@link Source#BREAKER}, {@link Source#POOL}, or {@link Source#LOCAL} for
     *                   {@code claim_unavailable} (a shared ledger's claim on the token got no answer)
     */
    record Unavailable(String code, String message, String requestId, int httpStatus, Source source)
            implements VerificationResult {

        public Unavailable {
            java.util.Objects.requireNonNull(source, "source");
        }

        /** Playtcha's answer without a verdict: a 5xx, or a reply whose status or body cannot be read. */
        public static Unavailable byPlaytcha(String code, String message, String requestId, int httpStatus) {
            return new Unavailable(code, message, requestId, httpStatus, Source.PLAYTCHA);
        }

        /** No answer from Playtcha: a part of ours ({@code source}) answered for it, with no status and no request id. */
        public static Unavailable unanswered(Source source, String code, String message) {
            return new Unavailable(code, message, null, 0, source);
        }
        @Override
        public String outcome() {
            return "unavailable";
        }

        @Override
        public String errorCode() {
            return code;
        }
    }
}
