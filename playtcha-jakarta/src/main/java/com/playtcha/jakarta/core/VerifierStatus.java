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
 * change. Applications without CDI or MicroProfile Health build their status page on this; the
 * library's readiness check and metrics read it too.
 *
 * <pre>{@code
 * VerifierStatus status = verifier.status();
 * if (status.breaker() == VerifierStatus.BreakerState.OPEN) {
 *     // Playtcha was unavailable playtcha.breaker.failures times in a row: verifies answer
 *     // circuit_open without calling it until breakerSince() + playtcha.breaker.cool-down; then a
 *     // probe goes through, and closes the breaker if Playtcha gives it a verdict
 * }
 * if (status.localFault() != null) {
 *     // bad_secret, unknown_project, api_url_not_found, ledger_unwritable or ledger_full: show it and
 *     // alert on it (fix the configuration, the disk or the capacity; see LocalFault), but do not take
 *     // the instance out of rotation for it: every replica shares it
 * }
 * }</pre>
 *
 * @param breaker             the circuit breaker's state
 * @param breakerSince        when the breaker entered that state ({@code null} when {@code OFF} or
 *                            {@code UNKNOWN}); the breaker keeps time with {@code System.nanoTime()}, so
 *                            this wall-clock instant is exact to a few milliseconds, not more
 * @param consecutiveFailures unavailable results in a row while {@code CLOSED}: it opens when they
 *                            reach {@code playtcha.breaker.failures}; 0 in the other states
 * @param breakerTransitions  how many times the breaker changed state since the verifier was created
 *                            (closed to open, open to half-open, half-open to closed or open again); 0 when
 *                            {@code OFF} or {@code UNKNOWN}; {@link #breakerTransitionsTo} splits them by state
 * @param breakerOpenings     how many of those transitions opened the breaker
 * @param ledgerOpen          requests let through during an outage whose tokens are not re-verified yet
 * @param ledgerCapacity      the most the ledger holds ({@code playtcha.ledger.capacity}); 0 when the
 *                            verifier keeps no ledger ({@code playtcha.ledger.enabled=false})
 * @param decisions           decisions reported since the verifier was created, by kind, every kind
 *                            present (0 when none); one per call of {@link PlaytchaVerifier#verify(String,
 *                            String, String, Policy)}, the filters' and code's, none for {@code ask}
 * @param lastVerdict         when Playtcha last answered about a token (verified, or a rejection of the
 *                            token, the ledger's re-verifications included); {@code null} before the
 *                            first. Not a verdict: {@code bad_secret}, {@code unknown_project}, 429, any
 *                            404, a local rejection, an unavailable result
 * @param localFault          what an operator should look at now, or {@code null} when nothing is known to
 *                            be wrong here; failing open during an outage of Playtcha is not a local fault
 */
public record VerifierStatus(BreakerState breaker, Instant breakerSince, int consecutiveFailures, long breakerTransitions,
        long breakerOpenings, int ledgerOpen, int ledgerCapacity, Map<DecisionEvent.Kind, Long> decisions, Instant lastVerdict,
        LocalFault localFault) {

    /** What a verifier that keeps no such state (an application's own stub) answers. */
    public static final VerifierStatus UNKNOWN = new VerifierStatus(BreakerState.UNKNOWN, null, 0, 0, 0);

    /** The circuit breaker's states; see {@link PlaytchaVerifier} for what it does. */
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

    public VerifierStatus {
        Objects.requireNonNull(breaker, "breaker");
        if (consecutiveFailures < 0 || breakerTransitions < 0 || ledgerOpen < 0 || ledgerCapacity < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
        if (breakerOpenings < 0 || breakerOpenings > breakerTransitions) {
            throw new IllegalArgumentException("breakerOpenings must be 0 to breakerTransitions; got " + breakerOpenings);
        }
        EnumMap<DecisionEvent.Kind, Long> all = new EnumMap<>(DecisionEvent.Kind.class);
        for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
            Long count = decisions == null ? null : decisions.get(kind);
            if (count != null && count < 0) {
                throw new IllegalArgumentException("counts are never negative");
            }
            all.put(kind, count == null ? 0L : count);
        }
        decisions = Collections.unmodifiableMap(all);
    }

    /** A status without transitions, counts, verdict or fault (what verifiers before these fields answered). */
    public VerifierStatus(BreakerState breaker, Instant breakerSince, int consecutiveFailures, int ledgerOpen,
            int ledgerCapacity) {
        this(breaker, breakerSince, consecutiveFailures, 0, 0, ledgerOpen, ledgerCapacity, Map.of(), null, null);
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
     * Something wrong on our side that no retry fixes, or that Playtcha's answers suggest: every token
     * is rejected, or requests that fail open are no longer recorded. Shown, never acted on: the
     * library's readiness check stays UP with the fault in its data (DOWN is only for settings the
     * verifier cannot be built from), since every replica shares such a fault and taking them all out
     * of rotation serves no one. Playtcha being down is not one: the verifier fails open (or closed)
     * by design and the breaker waits for it.
     *
     * <p>The first three are read from Playtcha's answers about single tokens, so they are suspicions,
     * not facts: a client can send a token minted for another project and get {@code bad_secret} for
     * it. They are never sticky: each is shown while the last answer that showed it is younger than
     * five minutes, and a verdict ends it at once. A misconfigured server answers every request so and
     * keeps showing it while it has traffic; without traffic it fades.
     *
     * <table>
     * <caption>Codes, and when each clears</caption>
     * <tr><th>code</th><th>set when</th><th>cleared when</th></tr>
     * <tr><td>{@value #BAD_SECRET}, {@value #UNKNOWN_PROJECT}</td><td>Playtcha answered so (a verify or a
     *     re-verification)</td><td>Playtcha gives a verdict on a token (which proves secret, project
     *     and URL right), or five minutes pass without another such answer</td></tr>
     * <tr><td>{@value #API_URL_NOT_FOUND}</td><td>the verify URL answered 404 without Playtcha's
     *     {@code unknown_project} envelope: {@code playtcha.api-url} is not Playtcha's API</td><td>the
     *     same: a verdict, or five minutes without such an answer</td></tr>
     * <tr><td>{@value #LEDGER_UNWRITABLE}</td><td>a write to the durable ledger failed: its journal in
     *     {@code playtcha.ledger.directory} (full disk, permissions), or its table in the database of
     *     {@code playtcha.ledger.datasource} (a privilege revoked, a read-only or unreachable database;
     *     the message names the JNDI name and the SQL state, never the URL or a password); requests still
     *     go on, their entries kept in memory only</td><td>a write to that journal or table works
     *     again</td></tr>
     * <tr><td>{@value #LEDGER_FULL}</td><td>a request that failed open found the ledger full
     *     ({@code playtcha.ledger.capacity}) and was only counted, not recorded</td><td>the ledger has
     *     room again (re-verification drained it), or five minutes pass without a request turned
     *     away</td></tr>
     * </table>
     *
     * <p>When several hold at once the status shows the first in that order: a configuration fault
     * rejects every token, so it matters most. A directory that cannot be used at all fails start-up
     * instead ({@link InvalidSettingException} naming {@code playtcha.ledger.directory}).
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

        public LocalFault {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(message, "message");
        }
    }
}
