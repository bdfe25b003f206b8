package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.internal.breaker.CircuitBreaker;
import com.playtcha.jakarta.internal.budget.ClientBudgets;
import com.playtcha.jakarta.internal.http.HttpTransport;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The verifier {@link Verifiers} builds: a token goes through the local checks, then its client's
 * verify budget ({@link ClientBudgets}, when a client address is given), then the ledger's "let
 * through once already" check, then the {@link Gate} (the circuit breaker), then the
 * {@link HttpTransport}; what comes back is logged ({@link ResultLog}). A missing or malformed token
 * spends no budget; a client over budget reaches neither the ledger, nor the breaker, nor Playtcha. A decision on it goes to
 * {@link Reporting}: the listeners, and the fail-open ledger when it failed open. The ledger's own
 * posts ({@link #reverify}) take the transport past the gate.
 */
final class ComposedVerifier implements com.playtcha.jakarta.core.PlaytchaVerifier {

    private final PlaytchaSettings settings;
    private final HttpTransport transport;
    private final Gate gate;
    /** {@code null} when {@code playtcha.client-budget.enabled=false}. */
    private final ClientBudgets budgets;
    private final ResultLog log;
    private final LocalFaults faults;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Reporting reporting;

    /** @param nanoTime the clock of the log's periods and the faults' window, as of the breaker and the budgets */
    ComposedVerifier(PlaytchaSettings settings, HttpTransport transport, Gate gate, ClientBudgets budgets, LongSupplier nanoTime) {
        this.settings = settings;
        this.log = new ResultLog(nanoTime);
        this.faults = new LocalFaults(nanoTime);
        this.transport = transport;
        this.gate = gate;
        this.budgets = budgets;
    }

    /** Set once, right after construction: the ledger inside needs {@link #reverify} and the gate. */
    void reportTo(Reporting reporting) {
        this.reporting = reporting;
    }

    @Override
    public VerificationResult verify(String token) {
        return verify(token, null);
    }

    /** Timed from the call to the return, local checks included: the {@code duration} of the {@code DecisionEvent}. */
    @Override
    public VerificationResult verify(String token, String clientAddress) {
        long start = System.nanoTime();
        checkOpen();
        VerificationResult result = check(token, clientAddress);
        reporting.timed(result, System.nanoTime() - start);
        return result;
    }

    private VerificationResult check(String token, String clientAddress) {
        VerificationResult result = TokenCheck.check(token);
        if (result == null && budgets != null && clientAddress != null) {
            VerificationResult.Rejected overBudget = budgets.spend(clientAddress);
            if (overBudget != null) {
                log.overBudget(overBudget, clientAddress);
                return overBudget;
            }
        }
        if (result == null) {
            result = reporting.letThroughBefore(token);
        }
        if (result == null) {
            result = gate.call(() -> transport.post(token, HttpTransport.Wait.LIVE));
            faults.answered(result);
        }
        log.record(result);
        return result;
    }

    /**
     * The fail-open ledger's post: the same transport and pool as {@link #verify}, but past the
     * gate, which counts live traffic only. Re-verifying a handful of tokens that Playtcha answers
     * 5xx (a poison token, say) must not open the breaker for everyone, nor take the probe that
     * tells live traffic Playtcha is back; the ledger keeps its own pace instead.
     */
    VerificationResult reverify(String token) {
        checkOpen();
        VerificationResult result = TokenCheck.check(token);
        if (result == null) {
            result = transport.post(token, HttpTransport.Wait.BACKGROUND);
            faults.answered(result);
        }
        if (!VerificationResult.OVERLOADED.equals(result.errorCode())) {
            log.record(result); // the overload WARNING counts live requests turned away, not our own retries
        }
        return result;
    }

    @Override
    public LedgerEntry report(String token, VerificationResult result, Decision decision, String path, String remoteAddress) {
        return reporting.report(token, result, decision, path, remoteAddress);
    }

    @Override
    public void addListener(PlaytchaListener listener) {
        reporting.add(listener);
    }

    @Override
    public boolean removeListener(PlaytchaListener listener) {
        return reporting.remove(listener);
    }

    /**
     * The breaker's snapshot, the ledger's count, the decision counts and the local fault; not
     * refused after {@link #close()}, so that a status page polling during a shutdown sees the last
     * state rather than an exception.
     */
    @Override
    public VerifierStatus status() {
        FailOpenLedger ledger = reporting == null ? null : reporting.ledger();
        int open = ledger == null ? 0 : ledger.size();
        int capacity = ledger == null ? 0 : settings.ledger().capacity();
        Map<DecisionEvent.Kind, Long> decisions = reporting == null ? Map.of() : reporting.counts().snapshot();
        VerifierStatus.LocalFault fault = faults.current(ledger, capacity);
        CircuitBreaker.Snapshot breaker = gate.snapshot();
        VerifierStatus.Builder status = VerifierStatus.builder().ledger(open, capacity).decisions(decisions)
                .lastVerdict(faults.lastVerdict()).localFault(fault);
        if (breaker == null) {
            return status.breaker(VerifierStatus.BreakerState.OFF, null).build();
        }
        return status.breaker(VerifierStatus.BreakerState.valueOf(breaker.phase().name()), Instant.now().minus(breaker.age()))
                .consecutiveFailures(breaker.failures()).breakerTransitions(breaker.transitions(), breaker.opened()).build();
    }

    /** Where {@link Reporting} notes a full ledger. */
    LocalFaults faults() {
        return faults;
    }

    /** The breaker's phase, or {@code null} when it is off (tests). */
    CircuitBreaker.Phase breakerPhase() {
        return gate.phase();
    }

    /** The pool's counters (tests): leased connections return to 0 when no verify is in flight. */
    PoolStats poolStats() {
        return transport.poolStats();
    }

    /** The fail-open ledger, or {@code null} when off (tests look at its size and run a pass). */
    FailOpenLedger ledger() {
        return reporting.ledger();
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
        // The pool first: verifies in flight end now, and the requests that fail open on them are
        // still recorded (and, when durable, journaled for the next start). Then the ledger.
        try {
            transport.close();
        } finally {
            if (reporting != null) {
                reporting.close();
            }
        }
    }

    @Override
    public String toString() {
        return "PlaytchaVerifier[" + settings.verifyUrl() + ", maxConnections=" + settings.maxConnections()
                + ", timeout=" + settings.timeout().toMillis() + "ms" + (closed.get() ? ", closed" : "") + "]";
    }
}
