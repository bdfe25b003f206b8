package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.VerificationResult;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Logs what a verification found, at the level its meaning deserves, through
 * {@code System.Logger} (java.util.logging unless the runtime routes it elsewhere). Values go in
 * brackets; neither the secret nor the token is ever written.
 *
 * <ul>
 *   <li>ERROR: {@code bad_secret} and {@code unknown_project} once {@link LocalFaults} has raised them
 *       (answered to {@value LocalFaults#CLIENTS} distinct clients with no verdict between):
 *       configuration errors that reject every token; and any other 404, which is not Playtcha's
 *       answer at all but a wrong {@code playtcha.api-url} (one that already ends in
 *       {@code /v1/verify}, say). One line per fault every {@value #FAULT_NOTE_SECONDS} s at most,
 *       whatever the traffic: a misconfigured server answers every request so. The next line says how
 *       many were left out ({@code suppressed=N}); each answer left out is logged at DEBUG.</li>
 *   <li>WARNING: {@code bad_secret} and {@code unknown_project} while not raised: what they are for
 *       that request (a client can send tokens minted for a project of its own to get them on
 *       purpose, so one such answer says nothing about {@code playtcha.secret}), one line per code
 *       every {@value #FAULT_NOTE_SECONDS} s at most, with the count left out.</li>
 *   <li>WARNING: {@code already_redeemed} (replay, stuck retry or duplicate POST: never retried),
 *       from Playtcha or refused here (a token in flight for another request, or let through once),
 *       every unavailable result with Playtcha's envelope, except
 *       {@code circuit_open} (DEBUG: the breaker logs its opening and closing once each) and
 *       {@code overloaded} (one WARNING at most every {@value #NOTE_SECONDS} s with the
 *       count since the last, so a flood cannot flood the log too); {@code client_rate_limited},
 *       the same way, with the address of the latest client turned away: one abuser, or, when it is a
 *       proxy's, every client sharing its budget; and {@code rate_limited_ip} (Playtcha throttles this
 *       server), once every {@value #FAULT_NOTE_SECONDS} s at most like the configuration errors.</li>
 *   <li>INFO: {@code token_invalid}, with the live-vs-test hint; entering and leaving the degraded
 *       band, once per change (quota state, not a failed check).</li>
 *   <li>DEBUG: every other result.</li>
 * </ul>
 *
 * <p>Which line a result gets depends on its {@link VerificationResult#source() source} first: only
 * Playtcha's answers are read for its codes ({@code bad_secret}, a 404, ...).
 *
 * <p>The periods run on the verifier's {@code nanoTime}, the clock its breaker and budgets read.
 */
final class ResultLog {

    static final String LOGGER_NAME = "com.playtcha.jakarta.verify";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    static final long NOTE_SECONDS = 10;

    /** How often an operator's fault (a wrong secret, project or URL; Playtcha throttling us) is written at most. */
    static final long FAULT_NOTE_SECONDS = 60;

    private final AtomicBoolean degraded = new AtomicBoolean();
    private final LogThrottle overloaded;
    private final LogThrottle overBudget;
    private final LogThrottle badSecret;
    private final LogThrottle unknownProject;
    private final LogThrottle foreignBadSecret;
    private final LogThrottle foreignUnknownProject;
    private final LogThrottle apiUrlNotFound;
    private final LogThrottle throttled;
    private final LocalFaults faults;

    /**
     * @param nanoTime the clock of the periods, {@code System::nanoTime} outside tests
     * @param faults   whether {@code bad_secret} or {@code unknown_project} is raised, which makes it an ERROR
     */
    ResultLog(LongSupplier nanoTime, LocalFaults faults) {
        this.faults = faults;
        overloaded = new LogThrottle(NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
        overBudget = new LogThrottle(NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
        badSecret = new LogThrottle(FAULT_NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
        unknownProject = new LogThrottle(FAULT_NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
        foreignBadSecret = new LogThrottle(FAULT_NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
        foreignUnknownProject = new LogThrottle(FAULT_NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
        apiUrlNotFound = new LogThrottle(FAULT_NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
        throttled = new LogThrottle(FAULT_NOTE_SECONDS, TimeUnit.SECONDS, nanoTime);
    }

    void record(VerificationResult result) {
        if (result instanceof VerificationResult.Verified verified) {
            // Read first: a write on every verify would bounce this one cache line between all request threads.
            boolean wasDegraded = degraded.get() != verified.degraded() ? degraded.getAndSet(verified.degraded()) : verified.degraded();
            if (verified.degraded() && !wasDegraded) {
                LOG.log(Level.INFO, "Playtcha answers in its degraded band: verifications still succeed, the "
                        + "project is past its usage quota [request_id={0}]", verified.requestId());
            } else if (!verified.degraded() && wasDegraded) {
                LOG.log(Level.INFO, "Playtcha left its degraded band [request_id={0}]", verified.requestId());
            } else if (LOG.isLoggable(Level.DEBUG)) { // the common case: not even the arguments' array
                LOG.log(Level.DEBUG, "Playtcha token verified [degraded={0}, request_id={1}]",
                        verified.degraded(), verified.requestId());
            }
        } else if (result instanceof VerificationResult.Rejected rejected) {
            rejected(rejected);
        } else if (result instanceof VerificationResult.Unavailable unavailable
                && unavailable.source() == VerificationResult.Source.POOL) {
            overloaded(unavailable);
        } else if (result instanceof VerificationResult.Unavailable unavailable
                && unavailable.source() == VerificationResult.Source.BREAKER) {
            // The breaker logged its opening once; a line per answered request would flood the log.
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "Playtcha not called: circuit breaker open [code={0}]", unavailable.code());
            }
        } else if (result instanceof VerificationResult.Unavailable unavailable) {
            LOG.log(Level.WARNING, "Playtcha unavailable [code={0}, status={1}, request_id={2}, message={3}]",
                    unavailable.code(), unavailable.httpStatus(), unavailable.requestId(), unavailable.message());
        }
    }

    /** Counts every overloaded verify; writes the count at most once per {@value #NOTE_SECONDS} s. */
    private void overloaded(VerificationResult.Unavailable unavailable) {
        long since = overloaded.count();
        if (since > 0) {
            LOG.log(Level.WARNING, "Playtcha verifies blocked with 503: every pooled connection was busy for "
                    + "playtcha.lease-timeout (our own load, not a Playtcha outage; raise playtcha.max-connections "
                    + "if this is real traffic) [code={0}, count={1}]", unavailable.code(), since);
        } else {
            LOG.log(Level.DEBUG, "Playtcha verify blocked: no pooled connection [code={0}]", unavailable.code());
        }
    }

    /**
     * A verify refused because its client spent its budget: counted, and written with the count and
     * this client's address at most once per {@value #NOTE_SECONDS} s.
     */
    void overBudget(VerificationResult.Rejected rejected, String clientAddress) {
        long since = overBudget.count();
        if (since > 0) {
            LOG.log(Level.WARNING, "Playtcha verifies refused here, without calling Playtcha: a client address spent its "
                    + "verify budget (playtcha.client-budget.per-minute and .burst). If the address is that of your proxy or "
                    + "load balancer, every client shares its budget: make getRemoteAddr() the real client (README, \"Behind a "
                    + "proxy or load balancer\") [code={0}, count={1}, address={2}, retry_after={3}]",
                    rejected.code(), since, shown(clientAddress), rejected.retryAfter());
        } else {
            LOG.log(Level.DEBUG, "Playtcha verify refused: client over its budget [code={0}, address={1}]",
                    rejected.code(), shown(clientAddress));
        }
    }

    private void rejected(VerificationResult.Rejected r) {
        if (r.source() != VerificationResult.Source.PLAYTCHA) {
            refusedHere(r);
            return;
        }
        if (r.httpStatus() == 404 && !"unknown_project".equals(r.code())) {
            apiUrlNotFound(r);
            return;
        }
        switch (r.code()) {
            case "bad_secret", "unknown_project" -> secretRefused(r);
            case VerificationResult.ALREADY_REDEEMED -> LOG.log(Level.WARNING,
                    "Playtcha token already redeemed: a replay, a stuck retry or a duplicate POST; not retried "
                            + "[code={0}, request_id={1}]", r.code(), r.requestId());
            case "token_invalid" -> LOG.log(Level.INFO,
                    "Playtcha rejected the token as invalid; if every token fails this way, the widget and the "
                            + "secret are probably from different environments (live vs test) [code={0}, request_id={1}]",
                    r.code(), r.requestId());
            case VerificationResult.RATE_LIMITED -> throttled(r);
            default -> LOG.log(Level.DEBUG, "Playtcha token rejected [code={0}, status={1}, request_id={2}]",
                    r.code(), r.httpStatus(), r.requestId());
        }
    }

    /**
     * A token refused without asking Playtcha: a replay of one in flight or let through once
     * (WARNING, a security signal like Playtcha's 409), or one that is no token (DEBUG).
     */
    private static void refusedHere(VerificationResult.Rejected r) {
        if (VerificationResult.ALREADY_REDEEMED.equals(r.code())) {
            LOG.log(Level.WARNING, "Playtcha token refused here as a replay, without posting it [code={0}, message={1}]",
                    r.code(), r.message());
        } else if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Playtcha token refused here [code={0}, message={1}]", r.code(), r.message());
        }
    }

    private void apiUrlNotFound(VerificationResult.Rejected r) {
        long since = apiUrlNotFound.count();
        if (since > 0) {
            LOG.log(Level.ERROR, "Playtcha configuration error: the verify URL answered 404 without Playtcha''s "
                    + "unknown_project envelope, so playtcha.api-url does not point at Playtcha''s API; it must be the "
                    + "base URL (like https://api.playtcha.com), to which the verifier adds /v1/verify "
                    + "[code={0}, request_id={1}, suppressed={2}]", r.code(), r.requestId(), since - 1);
        } else {
            suppressed(r);
        }
    }

    /** bad_secret or unknown_project: each has its own minute, raised or not. */
    private void secretRefused(VerificationResult.Rejected r) {
        boolean badSecretCode = "bad_secret".equals(r.code());
        if (!faults.raised(r.code())) {
            long since = (badSecretCode ? foreignBadSecret : foreignUnknownProject).count();
            if (since > 0) {
                LOG.log(Level.WARNING, "Playtcha rejected a token with {0}: a token of another Playtcha project, or a "
                        + "wrong playtcha.secret; it is raised as a configuration fault once " + LocalFaults.CLIENTS
                        + " client addresses get it with no verdict between [code={0}, request_id={1}, message={2}, "
                        + "suppressed={3}]", r.code(), r.requestId(), r.message(), since - 1);
            } else {
                suppressed(r);
            }
            return;
        }
        long since = (badSecretCode ? badSecret : unknownProject).count();
        if (since > 0) {
            LOG.log(Level.ERROR, "Playtcha configuration error: every token will be rejected until playtcha.secret "
                    + "(and the project it belongs to) is fixed. If this server''s verifies otherwise succeed, "
                    + "clients are sending tokens of another project [code={0}, request_id={1}, message={2}, "
                    + "suppressed={3}]", r.code(), r.requestId(), r.message(), since - 1);
        } else {
            suppressed(r);
        }
    }

    private void throttled(VerificationResult.Rejected r) {
        long since = throttled.count();
        if (since > 0) {
            LOG.log(Level.WARNING, "Playtcha throttles this server [code={0}, retry_after={1}, request_id={2}, "
                    + "suppressed={3}]", r.code(), r.retryAfter(), r.requestId(), since - 1);
        } else {
            suppressed(r);
        }
    }

    /** An answer whose line was written less than {@value #FAULT_NOTE_SECONDS} s ago: counted for the next one. */
    private static void suppressed(VerificationResult.Rejected r) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Playtcha token rejected, logged at most once a minute [code={0}, status={1}, request_id={2}]",
                    r.code(), r.httpStatus(), r.requestId());
        }
    }

    /** An address as logged: cut like a ledger entry's, since a container may hand over whatever a forwarding header said. */
    private static String shown(String clientAddress) {
        return LedgerEntry.bounded(clientAddress, LedgerEntry.MAX_REMOTE_ADDRESS_LENGTH);
    }
}
