package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.internal.http.HttpTransport;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The verifier {@link Verifiers} builds: walks a token through the steps {@link PlaytchaVerifier}'s
 * "What the call does" lists, in that order, then decides, records and reports; the reservation ends
 * after the ledger recorded the token. See design/engine.md.
 */
final class ComposedVerifier implements PlaytchaVerifier {

    private final PlaytchaSettings settings;
    private final Policy policy;
    private final VerifierClock clock;
    private final CircuitBreaker breaker;
    private final HttpTransport transport;
    private final LocalFaults faults;
    private final ResultLog log;
    /** {@code null} when {@code playtcha.client-budget.enabled=false}. */
    private final Budgets budgets;
    /** The login counts held beside this verifier, whose faults its status shows; {@code null} for none; never closed here. */
    private final LoginFailures loginFailures;
    private final TokenReservations reservations;
    private final Listeners listeners;
    /** {@code null} when {@code playtcha.ledger.enabled=false}. */
    private final FailOpenLedger ledger;
    /** The decisions reported so far, by kind: an adder each, so that request threads do not contend on one count. */
    private final Map<DecisionEvent.Kind, LongAdder> counts = new EnumMap<>(DecisionEvent.Kind.class);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A request that failed open, refused because its token's claim got no answer ({@code claim-unavailable=refuse}). */
    static final VerificationResult.Unavailable CLAIM_UNAVAILABLE = VerificationResult.Unavailable.unanswered(
            VerificationResult.Source.LOCAL, "claim_unavailable", "the shared ledger's database did not answer the claim on "
                    + "this token in time, and playtcha.ledger.claim-unavailable=refuse: blocked rather than let through "
                    + "without a cluster-wide hold");

    /**
     * The ledger (unless turned off) starts last, its passes run as {@code passes} says, its shared store
     * found in {@code resources} first; on failure the caller closes the transport and the budgets.
     */
    ComposedVerifier(PlaytchaSettings settings, VerifierClock clock, CircuitBreaker breaker, HttpTransport transport,
            Budgets budgets, LoginFailures loginFailures, TokenReservations reservations, Listeners listeners,
            FailOpenLedger.Passes passes, Resources resources) {
        this.settings = settings;
        this.policy = Policy.of(settings);
        this.clock = clock;
        this.breaker = breaker;
        this.transport = transport;
        this.faults = new LocalFaults(clock);
        this.log = new ResultLog(clock, faults);
        this.budgets = budgets;
        this.loginFailures = loginFailures;
        this.reservations = reservations;
        this.listeners = listeners;
        for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
            counts.put(kind, new LongAdder());
        }
        // The ledger posts through the background post, past the breaker, so the verifier starts it.
        this.ledger = settings.ledger().enabled()
                ? FailOpenLedger.open(settings, new LedgerHost(this::background, breaker, listeners, reservations), clock, passes,
                        resources) : null;
    }

    /** What the ledger asks of its verifier: the background post, the breaker's cool-down, the listeners, the tombstones. */
    private record LedgerHost(Function<String, VerificationResult> background, CircuitBreaker breaker, Listeners listeners,
            TokenReservations reservations) implements FailOpenLedger.Host {
        @Override public VerificationResult reverify(String token) { return background.apply(token); }
        @Override public boolean holdingOff() { return breaker.coolingDown(); }
        @Override public List<PlaytchaListener> deliver(Reconciliation r, List<PlaytchaListener> o) { return listeners.reconciled(r, o); }
        @Override public void released(String token, Duration age) { reservations.holdEnded(token, age); }
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

    /** Ask, decide, record; the reservation ends only after the ledger recorded what failed open. */
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

    /** The refusal a shared ledger's claim makes of a request failing open, or {@code null}: it goes on. */
    private static VerificationResult claimed(FailOpenLedger.Recorded recorded) {
        if (recorded.claim() == SharedStore.Claim.TAKEN) {
            return FailOpenLedger.TAKEN;
        }
        return recorded.claim() == SharedStore.Claim.UNKNOWN && recorded.entry() == null ? CLAIM_UNAVAILABLE : null;
    }

    /** The ledger's hold, the tombstones, the client's budget, then Playtcha. */
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

    /** A live request's post, through the breaker; {@code clientAddress} may be {@code null}. */
    private VerificationResult live(String token, String clientAddress) {
        VerificationResult result = breaker.call(() -> transport.post(token, HttpTransport.Wait.LIVE));
        faults.answered(result, clientAddress);
        log.record(result);
        return result;
    }

    /** The fail-open ledger's post: the same pool as {@link #live}, past the breaker; throws after {@link #close()}. */
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

    /** The local rows of the decision table (no token, a malformed one), or {@code null}: it may be posted. */
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

    /** The one answer: counted, then handed to the listeners in the event as the caller gets it. */
    private Verification decided(VerificationResult result, Decision decision, FailOpenLedger.Recorded recorded, String path,
            String clientAddress, long start) {
        Verification verification = new Verification(result, decision, recorded.entry(),
                Duration.ofNanos(clock.nanoTime() - start), recorded.heldLocally());
        counts.get(DecisionEvent.Kind.of(result, decision)).increment();
        if (!listeners.isEmpty()) { // no listener, no event
            listeners.decided(new DecisionEvent(clock.instant(), path, clientAddress, verification));
        }
        return verification;
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

    /** Also after {@link #close()}: a status page polling during a shutdown sees the last state. */
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
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The pool first, so that the requests failing open on it are still recorded; then the ledger.
        try {
            transport.close();
        } finally {
            if (ledger != null) {
                ledger.close();
            }
            if (budgets != null) {
                budgets.close();
            }
        }
    }

    @Override
    public String toString() {
        return "PlaytchaVerifier[" + settings.verifyUrl() + ", maxConnections=" + settings.maxConnections()
                + ", timeout=" + settings.timeout().toMillis() + "ms" + (closed.get() ? ", closed" : "") + "]";
    }
}
