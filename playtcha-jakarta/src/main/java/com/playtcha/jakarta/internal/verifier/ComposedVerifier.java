package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.internal.breaker.CircuitBreaker;
import com.playtcha.jakarta.internal.budget.Budgets;
import com.playtcha.jakarta.internal.budget.LoginFailures;
import com.playtcha.jakarta.internal.http.HttpTransport;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.SharedStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The verifier {@link Verifiers} builds: {@link #verify(String, String, String, Policy)} walks a
 * request's token through the steps {@link PlaytchaVerifier}'s "What the call does" lists, in that
 * order ({@link #refusal}, {@link TokenReservations}, the ledger's hold and the tombstones,
 * {@link Budgets}, {@link #live}), then decides, records (with a shared ledger, the token's claim:
 * {@link #claimed}) and reports. The token's reservation ends after the ledger recorded it, never
 * before. {@link #ask} is the token check and {@link #live} alone; the ledger's own posts take
 * {@link #background}, past the breaker. Every answer of Playtcha is logged ({@link ResultLog}) and
 * noted in the {@link LocalFaults}.
 *
 * <p>Tests in this package read {@code transport} (the pool's leases) and {@code ledger} (to run a
 * pass now), which nothing public shows; everything else they see through {@link #status()}.
 */
final class ComposedVerifier implements PlaytchaVerifier, LoginFailures.Keeper {

    private final PlaytchaSettings settings;
    private final Policy policy;
    private final VerifierClock clock;
    private final CircuitBreaker breaker;
    final HttpTransport transport;
    private final LocalFaults faults;
    private final ResultLog log;
    /** {@code null} when {@code playtcha.client-budget.enabled=false}. */
    private final Budgets budgets;
    /** {@code null} with {@code playtcha.login.require=always}. */
    private final LoginFailures loginFailures;
    private final TokenReservations reservations;
    private final Listeners listeners;
    /** {@code null} when {@code playtcha.ledger.enabled=false}. */
    final FailOpenLedger ledger;
    /** The decisions reported so far, by kind: an adder each, so that request threads do not contend on one count. */
    private final Map<DecisionEvent.Kind, LongAdder> counts = new EnumMap<>(DecisionEvent.Kind.class);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A request that failed open, refused because its token's claim got no answer ({@code claim-unavailable=refuse}). */
    static final VerificationResult.Unavailable CLAIM_UNAVAILABLE = VerificationResult.Unavailable.unanswered(
            VerificationResult.Source.LOCAL, "claim_unavailable", "the shared ledger's database did not answer the claim on "
                    + "this token in time, and playtcha.ledger.claim-unavailable=refuse: blocked rather than let through "
                    + "without a cluster-wide hold");

    /**
     * The ledger is started last, by {@code startLedger} on this verifier's {@link #background}
     * post, which its threads may call from then on: every part that post reads is in place by then.
     * A failure here leaves the transport to the caller to close.
     *
     * @param budgets     the client budgets, or {@code null} when off
     * @param loginFailures the failed logins counted, or {@code null} with {@code login.require=always}
     * @param startLedger starts the fail-open ledger on the background post given, or returns {@code null} when it is off
     */
    ComposedVerifier(PlaytchaSettings settings, VerifierClock clock, CircuitBreaker breaker, HttpTransport transport,
            Budgets budgets, LoginFailures loginFailures, TokenReservations reservations, Listeners listeners,
            Function<Function<String, VerificationResult>, FailOpenLedger> startLedger) {
        this.settings = settings;
        this.policy = Policy.of(settings);
        this.clock = clock;
        this.breaker = breaker;
        this.transport = transport;
        this.faults = new LocalFaults(clock);
        this.log = new ResultLog(clock::nanoTime, faults);
        this.budgets = budgets;
        this.loginFailures = loginFailures;
        this.reservations = reservations;
        this.listeners = listeners;
        for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
            counts.put(kind, new LongAdder());
        }
        this.ledger = startLedger.apply(this::background);
    }

    @Override
    public Policy policy() {
        return policy;
    }

    /** Timed from the call until the decision is recorded: the {@code duration} of the answer and of the event. */
    @Override
    public Verification verify(String token, String clientAddress, String path, Policy policy) {
        long start = clock.nanoTime();
        checkOpen();
        Objects.requireNonNull(policy, "policy");
        VerificationResult.Rejected refused = refusal(token);
        if (refused == null) {
            refused = reservations.reserve(token);
            if (refused == null) {
                return reserved(token, clientAddress, path, policy, start);
            }
        }
        log.record(refused);
        return decided(refused, Decision.of(refused, policy), FailOpenLedger.Recorded.NONE, path, clientAddress, start);
    }

    /**
     * The token is reserved for this request: ask, decide, record; then the reservation ends, only
     * after the ledger recorded what failed open (or, when it could not, buried as let through).
     */
    private Verification reserved(String token, String clientAddress, String path, Policy policy, long start) {
        boolean unrecorded = false;
        VerificationResult result;
        Decision decision;
        FailOpenLedger.Recorded recorded = FailOpenLedger.Recorded.NONE;
        try {
            result = answer(token, clientAddress);
            decision = Decision.of(result, policy);
            if (decision.failedOpen()) {
                recorded = record(token, path, clientAddress, result);
                VerificationResult claimed = claimed(recorded);
                if (claimed != null) {
                    log.record(claimed);
                    result = claimed;
                    // Refused for want of a claim: blocked as failing closed blocks an unavailable result.
                    decision = Decision.of(result, claimed instanceof VerificationResult.Unavailable ? FailMode.CLOSED
                            : policy.failMode(), policy.mode(), policy.rejectStatus());
                }
                unrecorded = recorded.entry() == null && decision.failedOpen();
            }
        } finally {
            if (unrecorded) {
                reservations.keepLetThrough(token);
            } else {
                reservations.release(token);
            }
        }
        return decided(result, decision, recorded, path, clientAddress, start);
    }

    /**
     * What a shared ledger's claim on the token makes of a request that fails open, or {@code null}
     * when it goes on: another node holds the token ({@code already_redeemed}), or the claim got no
     * answer and {@code playtcha.ledger.claim-unavailable=refuse} ({@code claim_unavailable}).
     */
    private static VerificationResult claimed(FailOpenLedger.Recorded recorded) {
        if (recorded.claim() == SharedStore.Claim.TAKEN) {
            return FailOpenLedger.TAKEN;
        }
        return recorded.claim() == SharedStore.Claim.UNKNOWN && recorded.entry() == null ? CLAIM_UNAVAILABLE : null;
    }

    /**
     * After the reservation: the ledger's let-through check, then the tombstones (in that order: the
     * ledger buries a token before it lets go of it), the client's budget, then Playtcha.
     */
    private VerificationResult answer(String token, String clientAddress) {
        if (ledger != null && ledger.holds(token) || reservations.buried(token)) {
            log.record(TokenReservations.LET_THROUGH_BEFORE);
            return TokenReservations.LET_THROUGH_BEFORE;
        }
        if (budgets != null && clientAddress != null) {
            VerificationResult.Rejected overBudget = budgets.spend(clientAddress);
            if (overBudget != null) {
                log.overBudget(overBudget, clientAddress);
                return overBudget;
            }
        }
        return live(token, clientAddress);
    }

    /**
     * A live request's post: the breaker may answer for it ({@code circuit_open}); the pool waits
     * {@code lease-timeout}. {@code clientAddress} ({@code null} when the caller gave none) is whose
     * token it is, for the {@link LocalFaults}.
     */
    private VerificationResult live(String token, String clientAddress) {
        VerificationResult result = breaker.call(() -> transport.post(token, HttpTransport.Wait.LIVE));
        faults.answered(result, clientAddress);
        log.record(result);
        return result;
    }

    /**
     * The fail-open ledger's post: the same transport and pool as {@link #live}, but past the breaker,
     * which counts live traffic only: a few poison tokens re-verified must not open it for everyone.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    private VerificationResult background(String token) {
        checkOpen();
        VerificationResult result = refusal(token);
        if (result == null) {
            result = transport.post(token, HttpTransport.Wait.BACKGROUND);
            faults.reverified(result); // our own retry: no client of its own to count
        }
        if (result.source() != VerificationResult.Source.POOL) {
            log.record(result); // the overload WARNING counts live requests turned away, not our own retries
        }
        return result;
    }

    /**
     * The local rows of the decision table: no token, or one that cannot be a token, refused without
     * asking Playtcha (the breaker does not count them, the ledger never holds them); {@code null}
     * for a token that may be posted.
     */
    private static VerificationResult.Rejected refusal(String token) {
        if (token == null || token.isBlank()) {
            return VerificationResult.Rejected.local(VerificationResult.MISSING_TOKEN, "the request carries no Playtcha token");
        }
        if (token.length() > VerificationResult.MAX_TOKEN_LENGTH) {
            return VerificationResult.Rejected.local(VerificationResult.MALFORMED_TOKEN, "the token is over 8 KiB");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return VerificationResult.Rejected.local(VerificationResult.MALFORMED_TOKEN,
                        "the token has characters outside visible ASCII");
            }
        }
        return null;
    }

    /** A failed-open request into the ledger; no entry when the ledger is off, full or closed, or the claim refused it. */
    private FailOpenLedger.Recorded record(String token, String path, String clientAddress, VerificationResult result) {
        if (ledger == null || !(result instanceof VerificationResult.Unavailable unavailable)) {
            return FailOpenLedger.Recorded.NONE;
        }
        FailOpenLedger.Recorded recorded = ledger.record(token, path, clientAddress, unavailable.code());
        if (recorded.entry() == null && recorded.claim() == null) {
            faults.ledgerRefused();
        }
        return recorded;
    }

    /** Counts the decision and tells the listeners; both see the one measurement the answer carries. */
    private Verification decided(VerificationResult result, Decision decision, FailOpenLedger.Recorded recorded, String path,
            String clientAddress, long start) {
        Duration took = Duration.ofNanos(clock.nanoTime() - start);
        counts.get(DecisionEvent.Kind.of(result, decision)).increment();
        LedgerEntry entry = recorded.entry();
        if (!listeners.isEmpty()) { // no listener, no event
            listeners.decided(new DecisionEvent(clock.instant(), path, clientAddress, result, decision, entry, took,
                    recorded.heldLocally()));
        }
        return new Verification(result, decision, entry, took, recorded.heldLocally());
    }

    @Override
    public VerificationResult ask(String token) {
        checkOpen();
        VerificationResult.Rejected refused = refusal(token);
        if (refused != null) {
            log.record(refused);
            return refused;
        }
        return live(token, null);
    }

    @Override
    public void addListener(PlaytchaListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(PlaytchaListener listener) {
        return listeners.remove(listener);
    }

    /**
     * The breaker's snapshot, the ledger's count, the decision counts and the local fault; not
     * refused after {@link #close()}, so that a status page polling during a shutdown sees the last
     * state rather than an exception.
     */
    @Override
    public VerifierStatus status() {
        int open = ledger == null ? 0 : ledger.size();
        int capacity = ledger == null ? 0 : settings.ledger().capacity();
        Map<DecisionEvent.Kind, Long> decisions = new EnumMap<>(DecisionEvent.Kind.class);
        counts.forEach((kind, count) -> decisions.put(kind, count.sum()));
        VerifierStatus.LocalFault fault = faults.current(ledger, capacity);
        VerifierStatus.Builder status = VerifierStatus.builder().ledger(open, capacity).decisions(decisions)
                .lastVerdict(faults.lastVerdict()).localFault(fault != null ? fault
                        : budgets != null && budgets.away() != null ? budgets.away() : loginFailures == null ? null : loginFailures.away());
        return breaker.status(status, clock.instant()).build();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this PlaytchaVerifier is closed");
        }
    }

    @Override
    public LoginFailures loginFailures() {
        return loginFailures;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The pool first: verifies in flight end now, and the requests that fail open on them are
        // still recorded (and, when durable, journaled for the next start). Then the ledger.
        try {
            transport.close();
        } finally {
            if (ledger != null) {
                ledger.close();
            }
            if (budgets != null) {
                budgets.close();
            }
            if (loginFailures != null) {
                loginFailures.close();
            }
        }
    }

    @Override
    public String toString() {
        return "PlaytchaVerifier[" + settings.verifyUrl() + ", maxConnections=" + settings.maxConnections()
                + ", timeout=" + settings.timeout().toMillis() + "ms" + (closed.get() ? ", closed" : "") + "]";
    }
}
