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
 * VerificationResult result = verifier.verify(request.getParameter("playtcha-token"), request.getRemoteAddr());
 * Decision decision = Decision.of(result, settings);
 * if (!decision.proceeds()) {
 *     response.sendError(decision.status());
 * }
 * }</pre>
 *
 * <p>Create one per application, not one per request. Each verifier owns, until {@link #close()}:
 * a pool of up to {@code max-connections} connections to Playtcha; a timer thread
 * ({@code playtcha-verifier-N}) that enforces the verify budget and evicts idle connections;
 * name-lookup threads ({@code playtcha-verifier-N-dns-K}, started on demand, ended when idle);
 * unless {@code playtcha.ledger.enabled=false}, the fail-open ledger's thread
 * ({@code playtcha-verifier-N-ledger}) and up to four re-verification workers; and, with
 * {@code playtcha.ledger.directory}, a lock on that directory and its files. None of its threads
 * holds the application's class loader except the ledger's, which calls your listeners.
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
 * for one, then is unavailable {@link VerificationResult#OVERLOADED overloaded}: our own load, which
 * the breaker does not count and {@link Decision} blocks with 503 in both fail modes, so that a
 * flood of junk tokens can buy no pass.
 *
 * <p>One client cannot spend everyone's quota: Playtcha throttles verifies per IP address, and all of
 * ours come from this server, so a client posting junk tokens as fast as it can would soon have
 * Playtcha answer 429 for every user. {@link #verify(String, String)} therefore spends from a budget
 * per client address first ({@code playtcha.client-budget.*}: a token bucket of {@code burst}
 * verifies, 30, refilled at {@code per-minute}, 120), and a client over it is
 * {@link VerificationResult#CLIENT_RATE_LIMITED rejected client_rate_limited} at once, which
 * {@link Decision} answers with 429 and {@code Retry-After}: Playtcha is not called, the breaker does
 * not count it, the ledger never holds it, and other clients are unaffected.
 *
 * <p>Nothing let through is forgotten: every request that fails open is recorded in a ledger
 * (in memory, or durable with {@code playtcha.ledger.directory}), and its token is re-verified in
 * the background once Playtcha answers again, while the token is inside its 5-minute lifetime: one
 * more post of that token, the only second post this library ever makes, and one outcome per entry
 * ({@link PlaytchaListener} hears it). See
 * {@link #report} and {@link Reconciliation}.
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
     * verifier's own settings (secret, api-url, timeouts, max-connections, breaker, ledger,
     * client-budget), and never closes it.
     */
    String APPLICATION_ATTRIBUTE = "com.playtcha.jakarta.verifier";

    /**
     * Verifies one token, without a client budget: code that verifies a request by hand should call
     * {@link #verify(String, String)} with the client's address instead, or one client can spend the
     * server's Playtcha quota for everyone.
     *
     * @param token the token the client submitted, or {@code null} when it sent none
     * @throws IllegalStateException after {@link #close()}
     */
    VerificationResult verify(String token);

    /**
     * Verifies one token from this client. A missing or malformed token is rejected first, and costs
     * nothing; then the client's verify budget pays for the call to Playtcha, or, when it is spent, the
     * result is {@link VerificationResult#CLIENT_RATE_LIMITED client_rate_limited} with
     * {@code retryAfter} the wait until it has a verify again, and Playtcha is not called. An IPv4
     * address has a budget of its own; an IPv6 address shares one with its /64 (which one subscriber
     * gets whole). Anything else counts as written, so pass the address the container saw
     * ({@code request.getRemoteAddr()}), never a header a client can write; behind a proxy, have the
     * container take the client from the proxy's header (Tomcat's {@code RemoteIpValve} and the like).
     * At most {@code client-budget.addresses} addresses are remembered: the least recently seen is
     * forgotten first, and starts again with a full budget.
     *
     * <p>The default calls {@link #verify(String)}, so an application's own stub needs nothing more;
     * {@link #create} returns a verifier that keeps the budgets, unless
     * {@code playtcha.client-budget.enabled=false}.
     *
     * @param token         the token the client submitted, or {@code null} when it sent none
     * @param clientAddress the client's address as the container saw it; {@code null} spends no budget
     * @throws IllegalStateException after {@link #close()}
     */
    default VerificationResult verify(String token, String clientAddress) {
        return verify(token);
    }

    /**
     * Reports one decision: tells the listeners ({@link PlaytchaListener#decided}) and, when the
     * decision failed open, records the token in the fail-open ledger, which re-verifies it once
     * Playtcha answers again and reports the outcome ({@link PlaytchaListener#reconciled}). The
     * filter calls this for every request it verifies; call it yourself when you decide in code:
     *
     * <pre>{@code
     * VerificationResult result = verifier.verify(token, request.getRemoteAddr());
     * Decision decision = Decision.of(result, settings);
     * LedgerEntry entry = verifier.report(token, result, decision, request.getRequestURI(), request.getRemoteAddr());
     * }</pre>
     *
     * <p>Returns at once; a durable ledger has written the entry before it returns. Verifiers that
     * do not keep a ledger (an application's own stub) report nothing and return {@code null}.
     *
     * @param path          the request URI without the query string, for the ledger and listeners
     * @param remoteAddress the client's address, for the ledger and listeners
     * @return the ledger entry, or {@code null} when the decision did not fail open
     */
    default LedgerEntry report(String token, VerificationResult result, Decision decision, String path, String remoteAddress) {
        return null;
    }

    /**
     * Adds a listener in code; those named in {@code META-INF/services} are added when the verifier
     * is created. See {@link PlaytchaListener}. A listener added here may miss the outcomes of
     * entries a durable ledger replayed at start-up; pass it to {@link #create(PlaytchaSettings,
     * PlaytchaListener...)} instead.
     *
     * @throws UnsupportedOperationException from verifiers that do not report (an application's own stub)
     */
    default void addListener(PlaytchaListener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " does not report to listeners");
    }

    /** Removes a listener added in code or by {@code ServiceLoader}; returns whether it was there. */
    default boolean removeListener(PlaytchaListener listener) {
        return false;
    }

    /**
     * The circuit breaker's state and the fail-open ledger's count, now: for a status page or a
     * health check (see {@link VerifierStatus}). Cheap; it calls nothing remote. Verifiers that keep
     * neither (an application's own stub) answer {@link VerifierStatus#UNKNOWN}.
     */
    default VerifierStatus status() {
        return VerifierStatus.UNKNOWN;
    }

    /**
     * Closes the connection pool and the threads this verifier created. Idempotent. A durable
     * ledger keeps its open entries for the next start; an in-memory one reports them
     * {@link Reconciliation.Outcome#ABANDONED abandoned}. Waits for a re-verification in
     * progress, at most the verify budget.
     */
    @Override
    void close();

    /** A verifier with its own pooled HTTP client, sized and timed by {@code settings}. */
    static PlaytchaVerifier create(PlaytchaSettings settings) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.create(settings, null, java.util.List.of());
    }

    /**
     * A verifier that reports to these listeners (besides those {@code ServiceLoader} finds) from
     * the start, so that they also hear the outcomes of entries replayed from a durable ledger.
     */
    static PlaytchaVerifier create(PlaytchaSettings settings, PlaytchaListener... listeners) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.create(settings, null, java.util.List.of(listeners));
    }

    /**
     * A verifier whose fail-open ledger runs its passes, and with them its calls to the listeners,
     * as one periodic task on {@code ledgerExecutor} instead of a thread of its own. Give it the
     * runtime's managed scheduled executor, and listeners run in the application's context:
     * {@code java:comp} names, DataSources, transactions. The verifier never shuts that executor
     * down: {@link #close()} cancels its task and waits for a pass in progress. The ledger's posts
     * to Playtcha stay on its own worker threads (they run no application code).
     *
     * <p>The filter and the CDI producer call this with the runtime's default managed scheduled
     * executor ({@code java:comp/DefaultManagedScheduledExecutorService}) when there is one and
     * {@code playtcha.managed-threads} is not {@code false}.
     *
     * @param ledgerExecutor the executor, or {@code null} for threads of the verifier's own; an
     *                       executor that refuses the task also leaves the ledger on its own threads
     */
    static PlaytchaVerifier create(PlaytchaSettings settings, java.util.concurrent.ScheduledExecutorService ledgerExecutor,
            PlaytchaListener... listeners) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.create(settings, ledgerExecutor, java.util.List.of(listeners));
    }
}
