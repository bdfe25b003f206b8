package com.playtcha.jakarta.internal.breaker;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Stops calling Playtcha while it is down, so that an outage costs each guarded request nothing
 * instead of the whole {@code timeout}. The verifier sends each live post through {@link #call}, which
 * asks {@link #acquire()} first and reports what came back with {@link #record}.
 *
 * <ul>
 *   <li><b>Closed</b> (normal): every verify goes to Playtcha. After {@code playtcha.breaker.failures}
 *       (default 5) <em>consecutive</em> unavailable results (timeout, network error, 5xx, unreadable
 *       reply) it opens.</li>
 *   <li><b>Open</b>: for {@code playtcha.breaker.cool-down} (default 10s) no verify reaches Playtcha;
 *       each is answered at once {@link VerificationResult.Unavailable unavailable} with code
 *       {@link VerificationResult#CIRCUIT_OPEN circuit_open}, which fails open or closed like any other
 *       unavailable result ({@link Decision} does not tell them apart).</li>
 *   <li><b>Half-open</b>: after the cool-down, up to {@code playtcha.breaker.probes} (default 1) verifies
 *       go through as probes while the others still get {@code circuit_open}. A probe that gets a verdict
 *       closes the breaker; one that is unavailable opens it for another cool-down.</li>
 * </ul>
 *
 * <p>What counts: only what live verifies met at Playtcha. A verified token and every rejection
 * Playtcha sends (4xx, {@code success: false}) are Playtcha working correctly, so they count as
 * successes and reset the count; a flood of bad tokens never opens the breaker. Local rejections
 * ({@code missing_token}, {@code malformed_token}) never reach it: Playtcha was not asked. Neither
 * does our own load: a verify that found every pooled connection busy ({@code overloaded}) gives
 * its permit back uncounted. Nor does background work: the fail-open ledger's re-verifications
 * bypass the breaker, so a few tokens that Playtcha answers with 5xx during a quiet spell cannot
 * open it for live traffic, nor hold its probe slot.
 *
 * <p>Why consecutive failures and not a failure rate over a window: a verify endpoint that is down
 * fails every call, and N in a row finds that within N calls at any traffic level, with one number to
 * configure and one counter to keep. A rate rule would also open on a partial outage, where most
 * requests still get a real verdict that would then be thrown away; with fail-closed that would turn a
 * 20 % failure into a 100 % one. A partial outage still costs the failing calls their {@code timeout}
 * and is logged each time.
 *
 * <p>Why our own and not Resilience4j: the library keeps to the JDK, HttpClient 5 and JSON-P
 * (a WAR on a plain Tomcat brings nothing else), and the state machine above fits in one immutable
 * state swapped with compare-and-set: no lock, and on the open path only a volatile read and a clock read.
 *
 * <p>With {@code playtcha.breaker.enabled=false} it is {@link Phase#OFF} for good: every post goes
 * and nothing is counted, so the verifier has one breaker either way.
 *
 * <p>State changes are logged once each, to {@value #LOGGER_NAME}: opening at WARNING with the code
 * that tripped it, half-open and closed again at INFO. Thread-safe.
 */
public final class CircuitBreaker {

    public static final String LOGGER_NAME = "com.playtcha.jakarta.breaker";
    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    /** {@code OFF}: turned off by the settings; it lets every post through and never leaves that phase. */
    public enum Phase { CLOSED, OPEN, HALF_OPEN, OFF }

    /**
     * One immutable state. {@code since}: when the phase began (for half-open, when the cool-down
     * ended). {@code generation} changes with every phase change, so a result from a call let through
     * in an earlier phase cannot close or re-open the breaker in a later one; {@code opened} counts the changes to open.
     */
    private record State(Phase phase, int failures, long since, int probes, long generation, long opened) { }

    /** The phase as callers would meet it now, its age, the failures in a row while closed, the phase changes so far, the openings. */
    public record Snapshot(Phase phase, Duration age, int failures, long transitions, long opened) { }

    /** Leave to call Playtcha, handed back to {@link #record}; {@code probe} when sent while half-open. */
    record Permit(long generation, boolean probe) { }

    private final int failureThreshold;
    private final long coolDownNanos;
    private final int maxProbes;
    private final LongSupplier nanoTime;
    private final AtomicReference<State> state;

    /**
     * @param failureThreshold consecutive unavailable results that open it, at least 1
     * @param coolDown         how long it stays open
     * @param maxProbes        calls let through at once while half-open, at least 1
     * @param nanoTime         the clock, {@code System::nanoTime} outside tests
     */
    CircuitBreaker(int failureThreshold, Duration coolDown, int maxProbes, LongSupplier nanoTime) {
        this(Phase.CLOSED, failureThreshold, coolDown, maxProbes, nanoTime);
    }

    private CircuitBreaker(Phase first, int failureThreshold, Duration coolDown, int maxProbes, LongSupplier nanoTime) {
        if (failureThreshold < 1 || maxProbes < 1 || coolDown.isNegative()) {
            throw new IllegalArgumentException("failures and probes must be at least 1, cool-down not negative");
        }
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
        this.maxProbes = maxProbes;
        this.nanoTime = nanoTime;
        state = new AtomicReference<>(new State(first, 0, nanoTime.getAsLong(), 0, 0, 0));
    }

    /** The breaker the settings describe: {@link Phase#OFF} for good when they turn it off. */
    public static CircuitBreaker of(PlaytchaSettings.Breaker settings, LongSupplier nanoTime) {
        return new CircuitBreaker(settings.enabled() ? Phase.CLOSED : Phase.OFF, settings.failures(), settings.coolDown(),
                settings.probes(), nanoTime);
    }

    /**
     * Runs one live post if the breaker allows it, and counts what it met; answers
     * {@code circuit_open} at once when it does not. A post that never left our pool
     * ({@code overloaded}), or one that ended without a result, gives its permit back uncounted.
     */
    public VerificationResult call(Supplier<VerificationResult> post) {
        Permit permit = acquire();
        if (permit == null) {
            return VerificationResult.Unavailable.unanswered(VerificationResult.Source.BREAKER, VerificationResult.CIRCUIT_OPEN,
                    "the circuit breaker is open after repeated failures; Playtcha was not called");
        }
        VerificationResult result = null;
        try {
            result = post.get();
            return result;
        } finally {
            if (result == null || result.source() == VerificationResult.Source.POOL) {
                release(permit);
            } else {
                record(permit, result);
            }
        }
    }

    /** Whether a verify may call Playtcha now: a permit to pass to {@link #record}, or {@code null} for no. */
    Permit acquire() {
        while (true) {
            State s = state.get();
            switch (s.phase()) {
                case CLOSED, OFF:
                    return new Permit(s.generation(), false);
                case OPEN:
                    if (nanoTime.getAsLong() - s.since() < coolDownNanos) {
                        return null;
                    }
                    State half = new State(Phase.HALF_OPEN, 0, s.since() + coolDownNanos, 0, s.generation() + 1, s.opened());
                    if (state.compareAndSet(s, half)) {
                        LOG.log(Level.INFO, "Playtcha circuit breaker half-open: letting up to {0} probe verifies through "
                                + "[cool_down={1}ms]", maxProbes, coolDownMillis());
                    }
                    break; // look again: half-open now, by us or another thread
                case HALF_OPEN:
                    if (s.probes() >= maxProbes) {
                        return null;
                    }
                    State oneMore = new State(Phase.HALF_OPEN, 0, s.since(), s.probes() + 1, s.generation(), s.opened());
                    if (state.compareAndSet(s, oneMore)) {
                        return new Permit(s.generation(), true);
                    }
                    break;
            }
        }
    }

    /** Reports what the call {@code permit} allowed found. */
    void record(Permit permit, VerificationResult result) {
        boolean failed = result instanceof VerificationResult.Unavailable;
        while (true) {
            State s = state.get();
            if (s.generation() != permit.generation()) {
                return; // the breaker moved on since this call started
            }
            State next;
            if (s.phase() == Phase.CLOSED) {
                if (!failed && s.failures() == 0) {
                    return; // the common case: no write, no contention
                }
                int failures = failed ? s.failures() + 1 : 0;
                next = failures >= failureThreshold ? open(s) : new State(Phase.CLOSED, failures, s.since(), 0, s.generation(), s.opened());
            } else if (s.phase() == Phase.HALF_OPEN && permit.probe()) {
                next = failed ? open(s) : new State(Phase.CLOSED, 0, nanoTime.getAsLong(), 0, s.generation() + 1, s.opened());
            } else {
                return; // open, or off: nothing to count
            }
            if (state.compareAndSet(s, next)) {
                logChange(s, next, result);
                return;
            }
        }
    }

    /**
     * Gives back a permit whose call met nothing at Playtcha: the verifier was closed meanwhile, or
     * the call never got a pooled connection. A probe's slot is freed for the next caller; a lost
     * slot would leave the breaker half-open with nobody allowed to probe.
     */
    void release(Permit permit) {
        while (permit.probe()) {
            State s = state.get();
            if (s.phase() != Phase.HALF_OPEN || s.generation() != permit.generation()) {
                return;
            }
            if (state.compareAndSet(s, new State(Phase.HALF_OPEN, 0, s.since(), Math.max(0, s.probes() - 1), s.generation(), s.opened()))) {
                return;
            }
        }
    }

    private State open(State from) {
        return new State(Phase.OPEN, 0, nanoTime.getAsLong(), 0, from.generation() + 1, from.opened() + 1);
    }

    private void logChange(State from, State to, VerificationResult cause) {
        if (to.phase() == Phase.OPEN) {
            LOG.log(Level.WARNING, "Playtcha circuit breaker open: verifies answer circuit_open without calling "
                    + "Playtcha for {0}ms [cause={1}, after={2}]", coolDownMillis(), cause.errorCode(),
                    from.phase() == Phase.HALF_OPEN ? "failed probe" : failureThreshold + " consecutive failures");
        } else if (to.phase() == Phase.CLOSED && from.phase() == Phase.HALF_OPEN) {
            LOG.log(Level.INFO, "Playtcha circuit breaker closed: Playtcha answers again [outcome={0}]", cause.outcome());
        }
    }

    /** As text: MessageFormat would print 10000 as "10,000". */
    private String coolDownMillis() {
        return Long.toString(coolDownNanos / 1_000_000);
    }

    /**
     * Whether the breaker is open and its cool-down has not ended: Playtcha was failing moments ago.
     * Background work (the ledger's re-verification) reads this to hold off; it never moves the
     * breaker, so it cannot take a probe slot from live traffic.
     */
    public boolean coolingDown() {
        State s = state.get();
        return s.phase() == Phase.OPEN && nanoTime.getAsLong() - s.since() < coolDownNanos;
    }

    /**
     * For a status page. An open breaker whose cool-down is over counts as half-open: the next
     * verify is a probe (the state moves only when it comes; a reader need not know that).
     */
    public Snapshot snapshot() {
        State s = state.get();
        long now = nanoTime.getAsLong();
        if (s.phase() == Phase.OPEN && now - s.since() >= coolDownNanos) {
            return new Snapshot(Phase.HALF_OPEN, Duration.ofNanos(now - s.since() - coolDownNanos), 0, s.generation() + 1, s.opened());
        }
        return new Snapshot(s.phase(), Duration.ofNanos(Math.max(0, now - s.since())), s.failures(), s.generation(), s.opened());
    }

    /** The current phase, for tests and {@code toString}. */
    public Phase phase() {
        return state.get().phase();
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + phase() + ", failures=" + failureThreshold + ", coolDown=" + coolDownNanos / 1_000_000
                + "ms, probes=" + maxProbes + "]";
    }
}
