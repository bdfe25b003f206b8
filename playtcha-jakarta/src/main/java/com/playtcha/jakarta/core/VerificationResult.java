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
 * when it sent one, otherwise ours: the constants below, or {@code http_<status>}.
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
    /**
     * A proxy on the way answered 407: {@code playtcha.proxy.user} and {@code playtcha.proxy.password}
     * are wrong, or not set for a proxy that wants them. Playtcha was not called; unavailable like a
     * network error, so the fail mode applies and the circuit breaker counts it.
     */
    String PROXY_AUTH_FAILED = "proxy_auth_failed";
    /**
     * The circuit breaker is open after repeated unavailable results: Playtcha was not called. An
     * unavailable code like the others, failing open or closed by {@code playtcha.fail-closed}.
     */
    String CIRCUIT_OPEN = "circuit_open";
    /**
     * Every pooled connection stayed busy for {@code lease-timeout}: our own load, not Playtcha's
     * fault, so Playtcha was not called and the circuit breaker does not count it. Unlike the other
     * unavailable codes it never fails open: {@link Decision} blocks it with 503 and
     * {@code Retry-After: 1} in both fail modes, because a flood of junk posts must not buy passes.
     */
    String OVERLOADED = "overloaded";
    /** Playtcha's per-IP throttle (429). */
    String RATE_LIMITED = "rate_limited_ip";
    /**
     * This client address has spent its verify budget ({@code playtcha.client-budget.*}): decided
     * locally, so Playtcha was not called, the circuit breaker does not count it and the fail-open
     * ledger never holds it. A rejection with no request id, status 0 and {@code retryAfter} the
     * time until the address may verify again; {@link Decision} blocks it with 429 and
     * {@code Retry-After} in both fail modes.
     */
    String CLIENT_RATE_LIMITED = "client_rate_limited";

    /** {@code verified}, {@code rejected} or {@code unavailable}: the {@code com.playtcha.outcome} attribute. */
    String outcome();

    /** Playtcha's or our code; {@code null} when verified. */
    String errorCode();

    /** Playtcha's {@code request_id}, or {@code null} when it sent none or was not called. */
    String requestId();

    /** True when Playtcha answered success in its degraded (quota) band. */
    default boolean degraded() {
        return false;
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
     * @param retryAfter for 429, how long Playtcha asked to wait, or {@code null} when it did not say; for
     *                   {@link #CLIENT_RATE_LIMITED}, how long until the client's budget has a verify again
     */
    record Rejected(String code, String message, String requestId, int httpStatus, Duration retryAfter)
            implements VerificationResult {
        @Override
        public String outcome() {
            return "rejected";
        }

        @Override
        public String errorCode() {
            return code;
        }

        /** A rejection decided here, without asking Playtcha: no status, no request id. */
        public static Rejected local(String code, String message) {
            return new Rejected(code, message, null, 0, null);
        }
    }

    /**
     * Playtcha gave no verdict: a timeout, a network error, a 5xx, or a reply we cannot read.
     * Fail-open lets the request through; fail-closed blocks it with 503. The exception is
     * {@link #OVERLOADED}, our own saturated pool, which blocks with 503 in both fail modes.
     *
     * @param code       Playtcha's code for a 5xx when it sent one ({@code db_error}), otherwise
     *                   {@link #TIMEOUT}, {@link #NETWORK_ERROR}, {@link #BAD_RESPONSE}, {@link #CIRCUIT_OPEN},
     *                   {@link #OVERLOADED} or {@code http_<status>}
     * @param message    what went wrong, for logs
     * @param requestId  Playtcha's request id, or {@code null}
     * @param httpStatus the status Playtcha answered, or 0 when there was no answer
     */
    record Unavailable(String code, String message, String requestId, int httpStatus) implements VerificationResult {
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
