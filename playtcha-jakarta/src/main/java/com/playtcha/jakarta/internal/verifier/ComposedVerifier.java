package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * The verifier {@link Verifiers} builds: walks a token through the steps {@link PlaytchaVerifier}'s
 * "What the call does" lists, in that order, then decides, records and reports; the reservation ends
 * after the ledger recorded the token. It is handed every part made and started, the ledger included,
 * and hands nothing of itself out. See design/engine.md.
 */
final class ComposedVerifier implements PlaytchaVerifier {

    private final PlaytchaSettings settings;
    private final Policy policy;
    private final VerifierClock clock;
    private final PlaytchaLink link;
    /** {@code null} when {@code playtcha.client-budget.enabled=false}. */
    private final Budgets budgets;
    /** The login counts held beside this verifier, whose faults its status shows; {@code null} for none; never closed here. */
    private final LoginFailures loginFailures;
    private final TokenReservations reservations;
    private final Listeners listeners;
    /** {@code null} when {@code playtcha.ledger.enabled=false}. */
    private final FailOpenLedger ledger;
    /** Where the non-blocking verify runs the steps that may block ({@link BlockingWork}). */
    private final BlockingWork blocking;
    /** Whether {@link #budgets} may wait for a shared store: spent on {@link #blocking}'s threads by a non-blocking verify. */
    private final boolean budgetsWait;
    /** Whether recording a request that failed open may wait (a journal, a shared ledger): done on {@link #blocking}'s threads. */
    private final boolean recordWaits;
    /** The decisions reported so far, by kind: an adder each, so that request threads do not contend on one count. */
    private final Map<DecisionEvent.Kind, LongAdder> counts = new EnumMap<>(DecisionEvent.Kind.class);

    /** A request that failed open, refused because its token's claim got no answer ({@code claim-unavailable=refuse}). */
    /** A non-blocking verify whose step that may wait found no thread free for it ({@link BlockingWork}): our own load. */
    static final VerificationResult.Unavailable AT_CAP = VerificationResult.Unavailable.unanswered(VerificationResult.Source.POOL,
            VerificationResult.OVERLOADED, "every thread for the steps that wait for a store (max-connections) was busy and as "
                    + "many steps waited; Playtcha was not called");

    static final VerificationResult.Unavailable CLAIM_UNAVAILABLE = VerificationResult.Unavailable.unanswered(
            VerificationResult.Source.LOCAL, "claim_unavailable", "the shared ledger's database did not answer the claim on "
                    + "this token in time, and playtcha.ledger.claim-unavailable=refuse: blocked rather than let through "
                    + "without a cluster-wide hold");

    /**
     * @param link    how it reaches Playtcha, also the ledger's way there
     * @param budgets the clients' verify budgets ({@code null}: off), closed with the verifier
     * @param ledger  the fail-open ledger, already started on {@code link} ({@code null}: off), closed with the verifier
     * @param blocking where a non-blocking verify runs what may block, closed with the verifier
     */
    ComposedVerifier(PlaytchaSettings settings, VerifierClock clock, PlaytchaLink link, Budgets budgets, LoginFailures loginFailures,
            TokenReservations reservations, Listeners listeners, FailOpenLedger ledger, BlockingWork blocking) {
        this.settings = settings;
        this.blocking = blocking;
        this.budgetsWait = budgets != null && (settings.clientBudget().cache() != null || settings.ledger().shared());
        this.recordWaits = ledger != null && (settings.ledger().directory() != null || settings.ledger().shared());
        this.policy = Policy.of(settings);
        this.clock = clock;
        this.link = link;
        this.budgets = budgets;
        this.loginFailures = loginFailures;
        this.reservations = reservations;
        this.listeners = listeners;
        this.ledger = ledger;
        for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    @Override
    public Policy policy() {
        return policy;
    }

    /** Timed from the call until the decision is recorded: the {@code duration} of the answer and of the event. */
    @Override
    public Verification verify(String token, String clientAddress, String path, Policy policy) {
        long start = clock.nanoTime();
        VerificationResult.Rejected refused = admit(token, policy);
        if (refused != null) {
            return refused(refused, policy, path, clientAddress, start);
        }
        VerificationResult result;
        try {
            result = before(token, clientAddress);
            if (result == null) {
                result = link.live(token, clientAddress);
            }
        } catch (RuntimeException | Error e) {
            reservations.release(token);
            throw e;
        }
        return settle(token, clientAddress, path, policy, start, result, true);
    }

    /**
     * The same steps as {@link #verify}, in the same order and with the same decision, none of them on the
     * caller's thread but the checks in memory: the post on the transport's non-blocking client, the steps
     * that may wait for a store on {@link #blocking}. Completes on the thread that ended the last step.
     */
    @Override
    public CompletionStage<Verification> verifyAsync(String token, String clientAddress, String path, Policy policy) {
        long start = clock.nanoTime();
        VerificationResult.Rejected refused = admit(token, policy);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused(refused, policy, path, clientAddress, start));
        }
        CompletableFuture<Verification> answer = new CompletableFuture<>();
        CompletableFuture<VerificationResult> asked;
        try {
            asked = (budgetsWait && clientAddress != null ? blocking.supply(() -> before(token, clientAddress), this::atCap)
                    : CompletableFuture.completedFuture(before(token, clientAddress)))
                    .thenCompose(found -> found != null ? CompletableFuture.completedFuture(found) : link.liveAsync(token, clientAddress));
        } catch (RuntimeException | Error e) {
            reservations.release(token);
            throw e;
        }
        asked.whenComplete((result, failure) -> {
            if (failure != null) {
                reservations.release(token);
                answer.completeExceptionally(failure);
                return;
            }
            settleAsync(token, clientAddress, path, policy, start, result).whenComplete((v, f) -> {
                if (f != null) {
                    answer.completeExceptionally(f);
                } else {
                    answer.complete(v);
                }
            });
        });
        return answer;
    }

    /** A request past the steps that could wait, on {@link #blocking} when it failed open and its record may wait. */
    private CompletableFuture<Verification> settleAsync(String token, String clientAddress, String path, Policy policy, long start,
            VerificationResult result) {
        if (recordWaits && Decision.of(result, policy).failedOpen()) {
            return blocking.supply(() -> settle(token, clientAddress, path, policy, start, result, true),
                    () -> settle(token, clientAddress, path, policy, start, atCap(), false));
        }
        try {
            return CompletableFuture.completedFuture(settle(token, clientAddress, path, policy, start, result, true));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #AT_CAP}, logged as our own load is (at most once per 10 s). */
    private VerificationResult atCap() {
        link.log.record(AT_CAP);
        return AT_CAP;
    }

    /** The local checks and the token's reservation: {@code null} when the request goes on, else its refusal. */
    private VerificationResult.Rejected admit(String token, Policy policy) {
        link.checkOpen();
        Objects.requireNonNull(policy, "policy");
        VerificationResult.Rejected refused = refusal(token);
        return refused != null ? refused : reservations.reserve(token);
    }

    private Verification refused(VerificationResult.Rejected refused, Policy policy, String path, String clientAddress, long start) {
        link.log.record(refused);
        return decided(refused, Decision.of(refused, policy), FailOpenLedger.Recorded.NONE, path, clientAddress, start);
    }

    /**
     * Decide, record, report; the reservation ends only after the ledger recorded what failed open. With
     * {@code mayRecord} false (no thread was free to record it), what fails open is not recorded: it goes
     * on with its token buried, as when the ledger is full.
     */
    private Verification settle(String token, String clientAddress, String path, Policy policy, long start, VerificationResult asked,
            boolean mayRecord) {
        boolean unrecorded = false;
        VerificationResult result = asked;
        Decision decision = Decision.of(result, policy);
        FailOpenLedger.Recorded recorded = FailOpenLedger.Recorded.NONE;
        try {
            if (decision.failedOpen()) {
                recorded = mayRecord ? record(token, path, clientAddress, result) : FailOpenLedger.Recorded.NONE;
                VerificationResult claimed = claimed(recorded);
                if (claimed != null) {
                    link.log.record(claimed);
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

    /** The ledger's hold, the tombstones, the client's budget: an answer, or {@code null} when Playtcha is to be asked. */
    private VerificationResult before(String token, String clientAddress) {
        if (ledger != null && ledger.holds(token) || reservations.buried(token)) {
            link.log.record(TokenReservations.LET_THROUGH_BEFORE);
            return TokenReservations.LET_THROUGH_BEFORE;
        }
        if (budgets != null && clientAddress != null) {
            VerificationResult.Rejected overBudget = budgets.spend(clientAddress);
            if (overBudget != null) {
                link.log.overBudget(overBudget, clientAddress);
                return overBudget;
            }
        }
        return null;
    }

    /** The local rows of the decision table (no token, a malformed one), or {@code null}: it may be posted. */
    static VerificationResult.Rejected refusal(String token) {
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
            link.faults.ledgerRefused();
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
        link.checkOpen();
        VerificationResult.Rejected refused = refusal(token);
        if (refused != null) {
            link.log.record(refused);
            return refused;
        }
        return link.live(token, null);
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
        VerifierStatus.LocalFault fault = link.faults.current(ledger, capacity);
        VerifierStatus.Builder status = VerifierStatus.builder().ledger(open, capacity).decisions(decisions)
                .lastVerdict(link.faults.lastVerdict()).localFault(fault != null ? fault
                        : budgets != null && budgets.away() != null ? budgets.away() : loginFailures == null ? null : loginFailures.away());
        return link.breaker.status(status, clock.instant()).build();
    }

    @Override
    public void close() {
        // The pool first, so that the requests failing open on it are still recorded; then the ledger.
        boolean first = true; // also when closing the pool threw
        try {
            first = link.close();
        } finally {
            if (first && ledger != null) {
                ledger.close();
            }
            if (first && budgets != null) {
                budgets.close();
            }
            if (first) {
                blocking.close();
            }
        }
    }

    @Override
    public String toString() {
        return "PlaytchaVerifier[" + settings.verifyUrl() + ", maxConnections=" + settings.maxConnections()
                + ", timeout=" + settings.timeout().toMillis() + "ms" + (link.closed.get() ? ", closed" : "") + "]";
    }
}
