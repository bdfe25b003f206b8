package com.playtcha.jakarta.core;

/**
 * Verifies Playtcha result tokens and decides the requests that carry them, in one call:
 * {@link #verify(String, String, String, Policy) verify} takes what a request offers (its token, the
 * client's address, its path) and returns the whole outcome as a {@link Verification}: the result,
 * the decision under the caller's {@link Policy}, the ledger entry when the request went on without a
 * verdict, and how long it took. What must be recorded is recorded inside the call, so a caller cannot
 * forget it. One instance per application; safe for concurrent use.
 *
 * <pre>{@code
 * // once, at start-up; close it when the application stops
 * PlaytchaSettings settings = PlaytchaSettings.builder(System.getenv("PLAYTCHA_SECRET")).build();
 * PlaytchaVerifier verifier = PlaytchaVerifier.create(settings);
 *
 * // per request, in a servlet that decides by hand
 * String token = request.getParameter("playtcha-token");
 * Verification v = verifier.verify(token, request.getRemoteAddr(), request.getRequestURI());
 * if (!v.proceeds()) {
 *     if (v.decision().retryAfterSeconds() > 0) {   // a 429, or an overloaded 503
 *         response.setHeader("Retry-After", Long.toString(v.decision().retryAfterSeconds()));
 *     }
 *     response.sendError(v.decision().status());
 *     return;
 * }
 * }</pre>
 * In servlet apps the {@code PlaytchaFilter} makes this call for the URLs it guards; in CDI apps inject the
 * verifier; for Jakarta REST, {@code @PlaytchaProtected} (the playtcha-jakarta-rest jar). A caller that must not
 * block (Spring WebFlux: docs/webflux.md) makes the same call as {@link #verifyAsync(String, String, String, Policy)}.
 *
 * <p>The call walks, until a step answers for the request: the token check, the token's reservation (of
 * requests carrying one token at once, at most one goes on without a verdict), the client's verify budget,
 * the circuit breaker, the post to Playtcha (once, never retried), the {@link Decision#of(VerificationResult,
 * Policy) decision}, the fail-open ledger's record, then the count ({@link #status()}) and the
 * {@link PlaytchaListener listeners} (one that throws is logged and skipped). It never throws for anything a client,
 * Playtcha or the network does, and returns within {@code playtcha.timeout} (plus slack and the listeners' time).
 *
 * <p><b>Warning:</b> create one per application, not one per request, and {@link #close()} it: each owns a
 * connection pool, daemon threads (a timer, name lookups, the ledger's) and, with {@code playtcha.ledger.directory},
 * a lock on that directory. Only the ledger's thread holds the application's class loader (it calls
 * {@link PlaytchaListener#reconciled}). The manual: docs/behaviour.md, docs/outages-and-ledger.md ("Which threads").
 */
public interface PlaytchaVerifier extends AutoCloseable {

    /**
     * The servlet context attribute under which an application offers its verifier to
     * {@code PlaytchaFilter}: a {@code java.util.function.Supplier<PlaytchaVerifier>}. The CDI
     * producer publishes one, so filter and {@code @Inject PlaytchaVerifier} share one pool; other
     * frameworks may do the same. The filter uses it only when its init-params set no setting that
     * {@link Setting#buildsVerifier() builds a verifier} (scope {@code verifier} in the settings table
     * of docs/configuration.md); otherwise it builds its own and says so at INFO, naming those
     * init-params. It never closes the application's.
     */
    String APPLICATION_ATTRIBUTE = "com.playtcha.jakarta.verifier";

    /**
     * Decides one request under {@code policy}, every step of the class documentation included:
     * everything is done when it returns; the caller only carries the decision out.
     *
     * <p>Pass the address the container saw ({@code request.getRemoteAddr()}), never a header a
     * client can write (behind a proxy: docs/outages-and-ledger.md, "Behind a proxy or load balancer").
     *
     * @param token         the token the client submitted, or {@code null} when it sent none
     * @param clientAddress the client's address as the container saw it; {@code null} spends no budget
     *                      (only for callers that have no address, like a Jakarta REST runtime outside
     *                      a servlet container)
     * @param path          the request's path without the query string (and without
     *                      {@code ;jsessionid}), for the ledger entry and the listeners; may be {@code null}
     * @param policy        how to carry the result out: mode, fail mode and reject status
     * @throws IllegalStateException after {@link #close()}
     * @throws NullPointerException  without a policy
     */
    Verification verify(String token, String clientAddress, String path, Policy policy);

    /**
     * {@link #verify(String, String, String, Policy)} under this verifier's own {@link #policy()}: the
     * mode, fail mode and reject status of the settings it was created with.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    default Verification verify(String token, String clientAddress, String path) {
        return verify(token, clientAddress, path, policy());
    }

    /**
     * {@link #verify(String, String, String, Policy)} without blocking the caller: the same steps in the same
     * order, the same decision, the same record and the same listeners, answered as a stage. The post goes
     * through a non-blocking HTTP client of the verifier's own (its own pool of {@code max-connections} and
     * I/O threads, made at the first call); at most {@code max-connections} such posts are in flight, and one
     * more is answered {@code overloaded} at once. The steps that block by nature (a client budget or a claim in
     * a shared store, a record in the ledger's journal) run on threads of the verifier's own, as bounded
     * (docs/webflux.md, "Which threads"). Nothing is ever waited for on the calling thread.
     *
     * <p>The stage completes within {@code playtcha.timeout} (plus what the blocking steps may wait), on the
     * thread that ended the last step: one of the verifier's, or the caller's when nothing needed asking (no
     * token, a token in flight). So do not block in what you chain to it without an executor, nor in a
     * {@link PlaytchaListener#decided} that a non-blocking verify calls. Cancelling the stage changes nothing:
     * the verify goes on and is recorded. A verifier of your own that does not override this (a stub in tests)
     * answers its blocking {@code verify} as a completed stage, on the calling thread.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws NullPointerException  without a policy
     */
    default java.util.concurrent.CompletionStage<Verification> verifyAsync(String token, String clientAddress, String path,
            Policy policy) {
        return java.util.concurrent.CompletableFuture.completedFuture(verify(token, clientAddress, path, policy));
    }

    /**
     * {@link #verifyAsync(String, String, String, Policy)} under this verifier's own {@link #policy()}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    default java.util.concurrent.CompletionStage<Verification> verifyAsync(String token, String clientAddress, String path) {
        return verifyAsync(token, clientAddress, path, policy());
    }

    /** The policy of the settings this verifier was created with ({@link Policy#of(PlaytchaSettings)}). */
    Policy policy();

    /**
     * Just asks Playtcha about one token: the token check, the circuit breaker and the post, nothing
     * else. No client budget, no reservation, no ledger, no listeners, no decision: a result that is
     * unavailable is not recorded anywhere and never re-verified. For tools and tests that want
     * Playtcha's raw answer (a command line, a smoke test); <b>never</b> use it to decide a request,
     * which is what {@link #verify(String, String, String, Policy)} is for.
     *
     * @param token the token, or {@code null}
     * @throws IllegalStateException after {@link #close()}
     */
    VerificationResult ask(String token);

    /**
     * Adds a listener in code; those named in {@code META-INF/services} are added when the verifier
     * is created. See {@link PlaytchaListener}. A listener added here may miss the outcomes of
     * entries a durable ledger replayed at start-up; pass it to {@link #create(PlaytchaSettings,
     * PlaytchaListener...)} instead. An application's own verifier (a stub in tests) that reports
     * nothing may ignore it.
     */
    void addListener(PlaytchaListener listener);

    /** Removes a listener added in code or by {@code ServiceLoader}; returns whether it was there. */
    boolean removeListener(PlaytchaListener listener);

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
     * as one periodic task on {@code ledgerExecutor} (give it the runtime's managed scheduled
     * executor, and listeners run in the application's context). The verifier never shuts that
     * executor down; {@link #close()} cancels its task and waits for a pass in progress. Which
     * threads run what, per runtime: docs/outages-and-ledger.md, "Which threads".
     *
     * @param ledgerExecutor the executor, or {@code null} for threads of the verifier's own; an
     *                       executor that refuses the task also leaves the ledger on its own threads
     */
    static PlaytchaVerifier create(PlaytchaSettings settings, java.util.concurrent.ScheduledExecutorService ledgerExecutor,
            PlaytchaListener... listeners) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.create(settings, ledgerExecutor, java.util.List.of(listeners));
    }
}
