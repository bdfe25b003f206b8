package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs what a verification found at the level docs/logging.md gives it, values in brackets, never the
 * secret or the token; only Playtcha's answers ({@link VerificationResult#source() source}) are read
 * for its codes. A line a flood would repeat is a {@link Line}. Why: design/engine.md.
 */
final class ResultLog {

    static final String LOGGER_NAME = "com.playtcha.jakarta.verify";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    /** The lines written at most once per period: our own load and any client's at will every 10 s, an operator's fault a minute. */
    private enum Line {
        OVERLOADED(10), STALLED(10), OVER_BUDGET(10), REDEEMED(10), REPLAY_REFUSED_HERE(10), TOKEN_INVALID(10),
        BAD_SECRET(60), UNKNOWN_PROJECT(60), FOREIGN_BAD_SECRET(60), FOREIGN_UNKNOWN_PROJECT(60), API_URL_NOT_FOUND(60),
        THROTTLED(60);

        final long seconds;

        Line(long seconds) {
            this.seconds = seconds;
        }
    }

    private final AtomicBoolean degraded = new AtomicBoolean();
    private final Map<Line, LogThrottle> throttles = new EnumMap<>(Line.class);
    private final LocalFaults faults;
    private final VerifierClock clock;

    /** On the verifier's clock; {@code faults} says whether a raised {@code bad_secret} is an ERROR. */
    ResultLog(VerifierClock clock, LocalFaults faults) {
        this.faults = faults;
        this.clock = clock;
        for (Line line : Line.values()) {
            throttles.put(line, new LogThrottle(line.seconds, TimeUnit.SECONDS));
        }
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

    private void overloaded(VerificationResult.Unavailable unavailable) {
        boolean stalled = VerificationResult.STALLED.equals(unavailable.code());
        long since = throttles.get(stalled ? Line.STALLED : Line.OVERLOADED).count(clock.nanoTime());
        if (since > 0 && stalled) {
            LOG.log(Level.WARNING, "Playtcha verifies blocked with 503: this node could not finish them on its own threads "
                    + "(CPU-bound work holding every thread, or the HTTP client''s own state; our own load, not a Playtcha "
                    + "outage, not counted by the breaker) [code={0}, count={1}, message={2}]", unavailable.code(), since,
                    unavailable.message());
        } else if (since > 0) {
            LOG.log(Level.WARNING, "Playtcha verifies blocked with 503: every pooled connection was busy for "
                    + "playtcha.lease-timeout (our own load, not a Playtcha outage; raise playtcha.max-connections "
                    + "if this is real traffic) [code={0}, count={1}]", unavailable.code(), since);
        } else {
            LOG.log(Level.DEBUG, "Playtcha verify blocked: our own load [code={0}]", unavailable.code());
        }
    }

    /** A verify refused because its client spent its budget: written with the count and this client's address. */
    void overBudget(VerificationResult.Rejected rejected, String clientAddress) {
        long since = throttles.get(Line.OVER_BUDGET).count(clock.nanoTime());
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
            throttled(Line.API_URL_NOT_FOUND, Level.ERROR, "Playtcha configuration error: the verify URL answered "
                    + "404 without Playtcha''s unknown_project envelope, so playtcha.api-url does not point at Playtcha''s "
                    + "API; it must be the base URL (like https://api.playtcha.com), to which the verifier adds /v1/verify "
                    + "[code={0}, request_id={1}, suppressed={4}]", r);
            return;
        }
        switch (r.code()) {
            case "bad_secret", "unknown_project" -> secretRefused(r);
            case VerificationResult.ALREADY_REDEEMED -> throttled(Line.REDEEMED, Level.WARNING,
                    "Playtcha token already redeemed: a replay, a stuck retry or a duplicate POST; not retried "
                            + "[code={0}, request_id={1}, count={5}]", r);
            case "token_invalid" -> throttled(Line.TOKEN_INVALID, Level.INFO,
                    "Playtcha rejected the token as invalid; if every token fails this way, the widget and the "
                            + "secret are probably from different environments (live vs test) [code={0}, request_id={1}, "
                            + "count={5}]", r);
            case VerificationResult.RATE_LIMITED -> throttled(Line.THROTTLED, Level.WARNING,
                    "Playtcha throttles this server [code={0}, retry_after={3}, request_id={1}, suppressed={4}]", r);
            default -> LOG.log(Level.DEBUG, "Playtcha token rejected [code={0}, status={1}, request_id={2}]",
                    r.code(), r.httpStatus(), r.requestId());
        }
    }

    /** A token refused without asking Playtcha: a replay (WARNING, like Playtcha's 409), or no token (DEBUG). */
    private void refusedHere(VerificationResult.Rejected r) {
        if (VerificationResult.ALREADY_REDEEMED.equals(r.code())) {
            throttled(Line.REPLAY_REFUSED_HERE, Level.WARNING, "Playtcha token refused here as a replay, without posting it "
                    + "[code={0}, message={2}, count={5}]", r);
        } else if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Playtcha token refused here [code={0}, message={1}]", r.code(), r.message());
        }
    }

    /** bad_secret or unknown_project: each has its own minute, raised or not. */
    private void secretRefused(VerificationResult.Rejected r) {
        boolean badSecret = "bad_secret".equals(r.code());
        if (faults.raised(r.code())) {
            throttled(badSecret ? Line.BAD_SECRET : Line.UNKNOWN_PROJECT, Level.ERROR, "Playtcha configuration "
                    + "error: every token will be rejected until playtcha.secret (and the project it belongs to) is fixed. "
                    + "If this server''s verifies otherwise succeed, clients are sending tokens of another project "
                    + "[code={0}, request_id={1}, message={2}, suppressed={4}]", r);
        } else {
            throttled(badSecret ? Line.FOREIGN_BAD_SECRET : Line.FOREIGN_UNKNOWN_PROJECT, Level.WARNING,
                    "Playtcha rejected a token with {0}: a token of another Playtcha project, or a wrong playtcha.secret; "
                    + "it is raised as a configuration fault once " + LocalFaults.CLIENTS + " client addresses get it "
                    + "with no verdict between [code={0}, request_id={1}, message={2}, suppressed={4}]", r);
        }
    }

    /**
     * Writes {@code message} ({0} code, {1} request id, {2} message, {3} retry-after, {4} left out since the last
     * line, {5} the count since: the left out and this one; counts as text, not MessageFormat's "1,234") when due, else DEBUG.
     */
    private void throttled(Line line, Level level, String message, VerificationResult.Rejected r) {
        long since = throttles.get(line).count(clock.nanoTime());
        if (since > 0) {
            LOG.log(level, message, r.code(), r.requestId(), r.message(), r.retryAfter(), String.valueOf(since - 1),
                    String.valueOf(since));
        } else if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Playtcha token rejected, its line logged at most once per {3} s [code={0}, status={1}, "
                    + "request_id={2}]", r.code(), r.httpStatus(), r.requestId(), String.valueOf(line.seconds));
        }
    }

    /** An address as logged: cut like a ledger entry's, since a container may hand over whatever a forwarding header said. */
    private static String shown(String clientAddress) {
        return LedgerEntry.bounded(clientAddress, LedgerEntry.MAX_REMOTE_ADDRESS_LENGTH);
    }
}
