package com.playtcha.jakarta.core;

/**
 * Verifies Playtcha result tokens: posts {@code {secret, token}} to {@code {api-url}/v1/verify}
 * and says what it found. One instance per application; safe for concurrent use; closing it closes
 * its connection pool.
 *
 * <pre>{@code
 * // once, at start-up; close it when the application stops
 * PlaytchaSettings settings = PlaytchaSettings.builder(System.getenv("PLAYTCHA_SECRET")).build();
 * PlaytchaVerifier verifier = PlaytchaVerifier.create(settings);
 *
 * // per request
 * VerificationResult result = verifier.verify(request.getParameter("playtcha-token"));
 * Decision decision = Decision.of(result, settings);
 * if (!decision.proceeds()) {
 *     response.sendError(decision.status());
 * }
 * }</pre>
 *
 * <p>Create one per application, not one per request: each owns a connection pool and a thread.
 *
 * <p>{@link #verify} never throws for anything Playtcha or the network does: a missing or
 * malformed token is {@link VerificationResult.Rejected rejected} without calling Playtcha, and a
 * timeout, refused connection or 5xx is {@link VerificationResult.Unavailable unavailable}. It
 * returns within {@code playtcha.timeout} (plus scheduling slack), and it posts each token at most
 * once: a verify is never retried, because a second post after a lost reply would turn a real
 * human into a 409 {@code already_redeemed}.
 *
 * <p>During an outage it stops waiting: after {@code playtcha.breaker.failures} unavailable results
 * in a row a circuit breaker answers {@link VerificationResult#CIRCUIT_OPEN circuit_open} at once,
 * without calling Playtcha, until a probe after {@code playtcha.breaker.cool-down} gets a verdict.
 * When all {@code max-connections} are busy, a verify waits at most {@code playtcha.lease-timeout}
 * for one, then is unavailable {@code timeout}.
 *
 * <p>In servlet apps the {@code PlaytchaFilter} owns one; in CDI apps inject it
 * ({@code @Inject PlaytchaVerifier}).
 */
public interface PlaytchaVerifier extends AutoCloseable {

    /**
     * The servlet context attribute under which an application offers its verifier to
     * {@code PlaytchaFilter}: a {@code java.util.function.Supplier<PlaytchaVerifier>}. The CDI
     * producer publishes one, so filter and {@code @Inject PlaytchaVerifier} share one pool; other
     * frameworks may do the same. The filter uses it only when its init-params set none of the
     * verifier's own settings (secret, api-url, timeouts, max-connections, breaker), and never closes it.
     */
    String APPLICATION_ATTRIBUTE = "com.playtcha.jakarta.verifier";

    /**
     * Verifies one token.
     *
     * @param token the token the client submitted, or {@code null} when it sent none
     * @throws IllegalStateException after {@link #close()}
     */
    VerificationResult verify(String token);

    /** Closes the connection pool and the timer thread this verifier created. Idempotent. */
    @Override
    void close();

    /** A verifier with its own pooled HTTP client, sized and timed by {@code settings}. */
    static PlaytchaVerifier create(PlaytchaSettings settings) {
        return new HttpPlaytchaVerifier(settings);
    }
}
