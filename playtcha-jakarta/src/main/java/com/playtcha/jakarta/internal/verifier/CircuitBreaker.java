package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Stops calling Playtcha while it is down, as docs/outages-and-ledger.md's "The circuit breaker" says:
 * live posts go through {@link #call} (or {@link #callAsync}); the ledger only reads {@link #coolingDown}. Off, it lets every
 * post through and counts nothing. Lock-free and thread-safe. Why not Resilience4j: design/engine.md.
 */
final class CircuitBreaker {

    static final String LOGGER_NAME = "com.playtcha.jakarta.breaker";
    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    /**
     * One immutable state, its phase never {@code UNKNOWN}. {@code since}: when the phase began;
     * {@code generation} changes with every phase, so a late result cannot move a later one;
     * {@code opened} counts the openings.
     */
    private record State(BreakerState phase, int failures, long since, int probes, long generation, long opened) { }

    /** Leave to call Playtcha, handed back to {@link #record}; {@code probe} when sent while half-open. */
    record Permit(long generation, boolean probe) { }

    private final int failureThreshold;
    private final long coolDownNanos;
    private final int maxProbes;
    private final VerifierClock clock;
    private final AtomicReference<State> state;

    /** The breaker the settings describe on the verifier's clock, {@code OFF} for good when they turn it off. */
    CircuitBreaker(PlaytchaSettings.Breaker settings, VerifierClock clock) {
        this.failureThreshold = settings.failures();
        this.coolDownNanos = settings.coolDown().toNanos();
        this.maxProbes = settings.probes();
        this.clock = clock;
        BreakerState first = settings.enabled() ? BreakerState.CLOSED : BreakerState.OFF;
        state = new AtomicReference<>(new State(first, 0, clock.nanoTime(), 0, 0, 0));
    }

    /**
     * Runs one live post if the breaker allows it, and counts what it met; answers
     * {@code circuit_open} at once when it does not. A post that never left our pool
     * ({@code overloaded}), or one that ended without a result, gives its permit back uncounted.
     */
    VerificationResult call(Supplier<VerificationResult> post) {
        Permit permit = acquire();
        if (permit == null) {
            return open();
        }
        VerificationResult result = null;
        try {
            result = post.get();
            return result;
        } finally {
            settle(permit, result);
        }
    }

    /** {@link #call} for a post that answers later: counted when it does, on the thread that completes it. */
    CompletableFuture<VerificationResult> callAsync(Supplier<CompletableFuture<VerificationResult>> post) {
        Permit permit = acquire();
        if (permit == null) {
            return CompletableFuture.completedFuture(open());
        }
        CompletableFuture<VerificationResult> posted;
        try {
            posted = post.get();
        } catch (RuntimeException | Error e) {
            release(permit);
            throw e;
        }
        return posted.whenComplete((result, failure) -> settle(permit, result));
    }

    private static VerificationResult open() {
        return VerificationResult.Unavailable.unanswered(VerificationResult.Source.BREAKER, VerificationResult.CIRCUIT_OPEN,
                "the circuit breaker is open after repeated failures; Playtcha was not called");
    }

    /** What a post with {@code permit} ended with: counted, or its permit given back ({@code null}, or our own load). */
    private void settle(Permit permit, VerificationResult result) {
        if (result == null || result.source() == VerificationResult.Source.POOL) {
            release(permit);
        } else {
            record(permit, result);
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
                    if (clock.nanoTime() - s.since() < coolDownNanos) {
                        return null;
                    }
                    State half = new State(BreakerState.HALF_OPEN, 0, s.since() + coolDownNanos, 0, s.generation() + 1, s.opened());
                    if (state.compareAndSet(s, half)) {
                        LOG.log(Level.INFO, "Playtcha circuit breaker half-open: letting up to {0} probe verifies through "
                                + "[cool_down={1}ms]", maxProbes, coolDownMillis());
                    }
                    break; // look again: half-open now, by us or another thread
                case HALF_OPEN:
                    if (s.probes() >= maxProbes) {
                        return null;
                    }
                    State oneMore = new State(BreakerState.HALF_OPEN, 0, s.since(), s.probes() + 1, s.generation(), s.opened());
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
            if (s.phase() == BreakerState.CLOSED) {
                if (!failed && s.failures() == 0) {
                    return; // the common case: no write, no contention
                }
                int failures = failed ? s.failures() + 1 : 0;
                next = failures >= failureThreshold ? open(s)
                        : new State(BreakerState.CLOSED, failures, s.since(), 0, s.generation(), s.opened());
            } else if (s.phase() == BreakerState.HALF_OPEN && permit.probe()) {
                next = failed ? open(s) : new State(BreakerState.CLOSED, 0, clock.nanoTime(), 0, s.generation() + 1, s.opened());
            } else {
                return; // open, or off: nothing to count
            }
            if (state.compareAndSet(s, next)) {
                logChange(s, next, result);
                return;
            }
        }
    }

    /** Gives back a permit whose call met nothing at Playtcha, freeing a probe's slot. */
    void release(Permit permit) {
        while (permit.probe()) {
            State s = state.get();
            if (s.phase() != BreakerState.HALF_OPEN || s.generation() != permit.generation()) {
                return;
            }
            State released = new State(BreakerState.HALF_OPEN, 0, s.since(), Math.max(0, s.probes() - 1), s.generation(), s.opened());
            if (state.compareAndSet(s, released)) {
                return;
            }
        }
    }

    private State open(State from) {
        return new State(BreakerState.OPEN, 0, clock.nanoTime(), 0, from.generation() + 1, from.opened() + 1);
    }

    private void logChange(State from, State to, VerificationResult cause) {
        if (to.phase() == BreakerState.OPEN) {
            LOG.log(Level.WARNING, "Playtcha circuit breaker open: verifies answer circuit_open without calling "
                    + "Playtcha for {0}ms [cause={1}, after={2}]", coolDownMillis(), cause.errorCode(),
                    from.phase() == BreakerState.HALF_OPEN ? "failed probe" : failureThreshold + " consecutive failures");
        } else if (to.phase() == BreakerState.CLOSED && from.phase() == BreakerState.HALF_OPEN) {
            LOG.log(Level.INFO, "Playtcha circuit breaker closed: Playtcha answers again [outcome={0}]", cause.outcome());
        }
    }

    /** As text: MessageFormat would print 10000 as "10,000". */
    private String coolDownMillis() {
        return Long.toString(coolDownNanos / 1_000_000);
    }

    /** Whether the breaker is open and cooling down; reading it does not move the breaker. */
    boolean coolingDown() {
        State s = state.get();
        return s.phase() == BreakerState.OPEN && clock.nanoTime() - s.since() < coolDownNanos;
    }

    /**
     * Writes the breaker's part of a status page as of {@code now}. An open breaker whose cool-down is
     * over shows as half-open: the next post is a probe (the state moves only when it comes).
     */
    VerifierStatus.Builder status(VerifierStatus.Builder status, Instant now) {
        State s = state.get();
        if (s.phase() == BreakerState.OFF) {
            return status.breaker(BreakerState.OFF, null);
        }
        long age = clock.nanoTime() - s.since();
        if (s.phase() == BreakerState.OPEN && age >= coolDownNanos) {
            return status.breaker(BreakerState.HALF_OPEN, now.minusNanos(age - coolDownNanos)).consecutiveFailures(0)
                    .breakerTransitions(s.generation() + 1, s.opened());
        }
        return status.breaker(s.phase(), now.minusNanos(Math.max(0, age))).consecutiveFailures(s.failures())
                .breakerTransitions(s.generation(), s.opened());
    }
}
