package com.playtcha.jakarta.core;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a verifier is doing now, for a status page or a health check: where its circuit breaker
 * stands, how many requests its fail-open ledger still holds, how many decisions of each kind it
 * reported, when Playtcha last gave a verdict, and whether something only an operator can fix is
 * wrong ({@link #localFault()}). A snapshot; ask {@link PlaytchaVerifier#status()} again to see a
 * change. The library's readiness check and metrics read it; without them, build a status page on it.
 *
 * <pre>{@code
 * VerifierStatus status = verifier.status();
 * if (status.breaker() == VerifierStatus.BreakerState.OPEN) {
 *     // verifies answer circuit_open without calling Playtcha until a probe gets a verdict
 * }
 * if (status.localFault() != null) {
 *     // show it and alert on it, but keep the instance in rotation: every replica shares it
 * }
 * }</pre>
 *
 * <p>The library's verifier makes these; an application reads them. A verifier of the application's own
 * (a test double) answers {@link #UNKNOWN}, or builds one with {@link #builder()}. Equal when every value is.
 *
 * @param breaker             the circuit breaker's state
 * @param breakerSince        when the breaker entered that state ({@code null} when {@code OFF} or {@code UNKNOWN});
 *                            exact to a few milliseconds (the breaker keeps time with {@code System.nanoTime()})
 * @param consecutiveFailures unavailable results in a row while {@code CLOSED}: it opens when they reach
 *                            {@code playtcha.breaker.failures}; 0 in the other states
 * @param breakerTransitions  how many times the breaker changed state since the verifier was created
 *                            (closed to open, open to half-open, half-open to closed or open again); 0
 *                            when {@code OFF} or {@code UNKNOWN}; {@link #breakerTransitionsTo} splits them
 * @param breakerOpenings     how many of those transitions opened the breaker
 * @param ledgerOpen          requests let through during an outage whose tokens are not re-verified yet
 * @param ledgerCapacity      the most the ledger holds ({@code playtcha.ledger.capacity}); 0 when the
 *                            verifier keeps no ledger ({@code playtcha.ledger.enabled=false})
 * @param decisions           decisions since the verifier was created, by kind, every kind present (0 when
 *                            none): one per call of {@code verify}, none for {@link PlaytchaVerifier#ask}
 * @param lastVerdict         when Playtcha last answered about a token (verified, or a rejection of the token,
 *                            the ledger's re-verifications included); {@code null} before the first. Not a verdict:
 *                            {@code bad_secret}, {@code unknown_project}, 429, any 404, a local rejection, an unavailable result
 * @param localFault          what an operator should look at now, or {@code null} when nothing is known to
 *                            be wrong here; failing open during an outage of Playtcha is not a local fault
 */
public record VerifierStatus(BreakerState breaker, Instant breakerSince, int consecutiveFailures, long breakerTransitions,
        long breakerOpenings, int ledgerOpen, int ledgerCapacity, Map<DecisionEvent.Kind, Long> decisions,
        Instant lastVerdict, LocalFault localFault) {

    /** What a verifier that keeps no such state (an application's own stub) answers. */
    public static final VerifierStatus UNKNOWN = builder().build();

    /** The circuit breaker's states (docs/outages-and-ledger.md, "The circuit breaker"). */
    public enum BreakerState {
        /** Normal: every verify goes to Playtcha. */
        CLOSED,
        /** Playtcha failed repeatedly: verifies answer {@code circuit_open} at once, until the cool-down ends. */
        OPEN,
        /**
         * The cool-down is over: the next verifies (up to {@code playtcha.breaker.probes} at once) go to
         * Playtcha as probes. A verdict closes the breaker; an unavailable result opens it again.
         */
        HALF_OPEN,
        /** No breaker: {@code playtcha.breaker.enabled=false}. */
        OFF,
        /** The verifier does not say ({@link #UNKNOWN}). */
        UNKNOWN
    }

    /**
     * Checks the values; {@link #builder()} is the way to make one.
     *
     * @throws IllegalArgumentException for a negative count, or more openings than transitions
     */
    public VerifierStatus {
        Objects.requireNonNull(breaker, "breaker");
        if (consecutiveFailures < 0 || breakerTransitions < 0 || ledgerOpen < 0 || ledgerCapacity < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
        if (breakerOpenings < 0 || breakerOpenings > breakerTransitions) {
            throw new IllegalArgumentException("breakerOpenings must be 0 to breakerTransitions; got " + breakerOpenings);
        }
        decisions = everyKind(decisions);
    }

    private static Map<DecisionEvent.Kind, Long> everyKind(Map<DecisionEvent.Kind, Long> decisions) {
        EnumMap<DecisionEvent.Kind, Long> all = new EnumMap<>(DecisionEvent.Kind.class);
        for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
            Long count = decisions == null ? null : decisions.get(kind);
            if (count != null && count < 0) {
                throw new IllegalArgumentException("counts are never negative");
            }
            all.put(kind, count == null ? 0L : count);
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * A builder with nothing known: the breaker {@code UNKNOWN}, every count 0, no verdict, no fault.
     * For {@link PlaytchaVerifier} implementations: the library's verifier, and an application's test double.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How many of the {@link #breakerTransitions() transitions} entered {@code state}. {@code OPEN}: the
     * {@link #breakerOpenings() openings}. {@code HALF_OPEN}: as many, less the current one while the
     * breaker is still open (every cool-down ends in half-open). {@code CLOSED}: the rest, probes that
     * got a verdict. 0 for {@code OFF} and {@code UNKNOWN}.
     */
    public long breakerTransitionsTo(BreakerState state) {
        long halfOpen = Math.max(0, breakerOpenings - (breaker == BreakerState.OPEN ? 1 : 0));
        return switch (state) {
            case OPEN -> breakerOpenings;
            case HALF_OPEN -> halfOpen;
            case CLOSED -> Math.max(0, breakerTransitions - breakerOpenings - halfOpen);
            case OFF, UNKNOWN -> 0;
        };
    }

    /** The decisions of this kind reported since the verifier was created. */
    public long decisions(DecisionEvent.Kind kind) {
        return decisions.get(kind);
    }

    /**
     * Builds a {@link VerifierStatus}; each method sets the values of the accessors of the same
     * names. {@link #build()} refuses negative counts and more openings than transitions.
     */
    public static final class Builder {
        private BreakerState breaker = BreakerState.UNKNOWN;
        private Instant breakerSince;
        private int consecutiveFailures;
        private long breakerTransitions;
        private long breakerOpenings;
        private int ledgerOpen;
        private int ledgerCapacity;
        private Map<DecisionEvent.Kind, Long> decisions = Map.of();
        private Instant lastVerdict;
        private LocalFault localFault;

        private Builder() {
        }

        /** The breaker's state and when it entered it ({@code null} for {@code OFF} and {@code UNKNOWN}). */
        public Builder breaker(BreakerState state, Instant since) {
            this.breaker = state;
            this.breakerSince = since;
            return this;
        }

        public Builder consecutiveFailures(int failures) {
            this.consecutiveFailures = failures;
            return this;
        }

        /** Every state change of the breaker, and how many of them opened it. */
        public Builder breakerTransitions(long transitions, long openings) {
            this.breakerTransitions = transitions;
            this.breakerOpenings = openings;
            return this;
        }

        /** The entries the ledger holds, and the most it may. */
        public Builder ledger(int open, int capacity) {
            this.ledgerOpen = open;
            this.ledgerCapacity = capacity;
            return this;
        }

        /** Counts by kind; a kind left out counts 0. Copied. */
        public Builder decisions(Map<DecisionEvent.Kind, Long> decisions) {
            this.decisions = decisions;
            return this;
        }

        public Builder lastVerdict(Instant lastVerdict) {
            this.lastVerdict = lastVerdict;
            return this;
        }

        public Builder localFault(LocalFault fault) {
            this.localFault = fault;
            return this;
        }

        /** @throws IllegalArgumentException for a negative count, or more openings than transitions */
        public VerifierStatus build() {
            return new VerifierStatus(breaker, breakerSince, consecutiveFailures, breakerTransitions, breakerOpenings,
                    ledgerOpen, ledgerCapacity, decisions, lastVerdict, localFault);
        }
    }

    /**
     * Something wrong on our side that no retry fixes, or that Playtcha's answers suggest: every token
     * is rejected, or requests that fail open are no longer recorded. Shown, never acted on (every
     * replica shares such a fault); Playtcha being down is not one. When several hold at once the
     * status shows the first in the order of the constants. docs/observability.md ("Local faults")
     * has when each is set and cleared.
     *
     * @param code    one of the codes above
     * @param since   when this fault was first seen (it stays while it recurs within five minutes; after
     *                it cleared, the next one starts a new {@code since})
     * @param message what is wrong and what to change, for a status page; never holds the secret
     */
    public record LocalFault(String code, Instant since, String message) {
        public static final String BAD_SECRET = "bad_secret";
        public static final String UNKNOWN_PROJECT = "unknown_project";
        public static final String API_URL_NOT_FOUND = "api_url_not_found";
        public static final String LEDGER_UNWRITABLE = "ledger_unwritable";
        public static final String LEDGER_FULL = "ledger_full";
        /** The cluster's client budgets cannot be reached: this node spends from its own until they answer again. */
        public static final String BUDGETS_LOCAL = "budgets_local";

        public LocalFault {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(message, "message");
        }
    }
}
