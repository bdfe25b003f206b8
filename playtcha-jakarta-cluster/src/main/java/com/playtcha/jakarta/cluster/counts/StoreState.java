package com.playtcha.jakarta.cluster.counts;

import com.playtcha.jakarta.core.VerifierStatus.LocalFault;

/**
 * What a node knows of its store, as {@link StoreCalls} holds it: one value in one reference, replaced
 * whole by each transition (compare-and-set), as Resilience4j's circuit breaker holds its state. Three
 * states: {@link Shared} (the store answers); {@link Slow} (a login count's call went unanswered in time:
 * calls get "slow" answers at once, but for one trial every {@code RETRY}); {@link Away} (the store
 * failed: this node on its own state until a background probe gets an answer). A store can be slow and
 * then fail, and fail while slow: {@link Away#after} says which state a probe's answer leads back to, so
 * slowness outlives an outage until a trial is answered in time, as it did when these were six fields.
 * Times are the verifier's clock, in milliseconds; the transitions are pure, the caller logs by comparing
 * the state before with the state after.
 */
sealed interface StoreState {

    /** The store answers in time. */
    StoreState SHARED = new Shared();

    /** Nothing is wrong. */
    record Shared() implements StoreState {
    }

    /**
     * Login counts' calls get their "slow" answer at once; one call at or after {@code next} is let through as
     * the trial ({@code trying} while it runs).
     */
    record Slow(long next, boolean trying) implements StoreState {
    }

    /**
     * This node keeps its own state ({@code fault}, {@code budgets_local}); a probe at or after {@code next}
     * asks the store ({@code probing} while it runs); its answer leads to {@code after}, {@link Shared} or {@link Slow}.
     */
    record Away(LocalFault fault, long next, boolean probing, StoreState after) implements StoreState {
    }

    /** The fault to show while away, else {@code null}. */
    default LocalFault fault() {
        return this instanceof Away away ? away.fault() : null;
    }

    /** Whether login counts' calls get "slow" answers: slow now, or slow once the store is back. */
    default boolean slow() {
        return this instanceof Slow || this instanceof Away away && away.after() instanceof Slow;
    }

    /** A call failed (at {@code now}): away, with {@code fault} unless already away, the next probe a {@code retry} later. */
    default StoreState lost(LocalFault fault, long now, long retry) {
        return this instanceof Away away ? new Away(away.fault(), now + retry, away.probing(), away.after())
                : new Away(fault, now + retry, false, this);
    }

    /** A login count's call went unanswered in time (at {@code now}): slow, the next trial a {@code retry} later. */
    default StoreState slowed(long now, long retry) {
        if (this instanceof Away away) {
            return new Away(away.fault(), away.next(), away.probing(), away.after().slowed(now, retry));
        }
        return new Slow(now + retry, this instanceof Slow slow && slow.trying());
    }

    /** A login count's call was answered in time: no longer slow (still away, if away). */
    default StoreState inTime() {
        return this instanceof Away away ? new Away(away.fault(), away.next(), away.probing(), SHARED)
                : this instanceof Slow ? SHARED : this;
    }

    /** The trial that ran ended (at {@code now}): the next one a {@code retry} later. */
    default StoreState tried(long now, long retry) {
        if (this instanceof Away away) {
            return new Away(away.fault(), away.next(), away.probing(), away.after().tried(now, retry));
        }
        return this instanceof Slow ? new Slow(now + retry, false) : this;
    }

    /** A probe got the store's answer: what {@link Away#after} says; else as it is. */
    default StoreState answered() {
        return this instanceof Away away ? away.after() : this;
    }

    /** The probe that ran ended (at {@code now}), answered or not: the next one a {@code retry} later. */
    default StoreState probed(long now, long retry) {
        return this instanceof Away away ? new Away(away.fault(), now + retry, false, away.after()) : this;
    }
}
