package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import java.time.Duration;
import java.time.Instant;

/**
 * The last stage of a verifier: listeners hear every decision, and a decision that failed open is
 * recorded in the fail-open ledger, which re-verifies it later and reports the outcome to the same
 * listeners. Without a ledger ({@code playtcha.ledger.enabled=false}) decisions are only heard.
 * Every decision is counted by kind ({@link DecisionCounts}).
 *
 * <p>The duration a {@link DecisionEvent} carries is measured by {@code verify} and handed over here
 * through a thread-local slot: {@link #timed} notes the identity of the result and its nanoseconds;
 * {@link #report} takes them when it reports that same result on the same thread (the filter's way,
 * and the documented way in code), once. The slot holds a {@code long[]}, a JDK class, so a
 * container's pooled thread never pins the web application's class loader through it, and it costs
 * no allocation per request.
 */
final class Reporting implements AutoCloseable {

    /** Playtcha's code for a token used before; also ours for one the ledger already let through. */
    static final String ALREADY_LET_THROUGH = "already_redeemed";

    private final Listeners listeners;
    private final FailOpenLedger ledger;
    private final LocalFaults faults;
    private final DecisionCounts counts = new DecisionCounts();
    /** {identity hash of the result, nanoseconds or -1 once taken}, per thread. */
    private final ThreadLocal<long[]> lastVerify = new ThreadLocal<>();

    /** @param ledger the ledger, or {@code null} when it is off */
    Reporting(Listeners listeners, FailOpenLedger ledger, LocalFaults faults) {
        this.listeners = listeners;
        this.ledger = ledger;
        this.faults = faults;
    }

    /** {@code verify} returned this result after this many nanoseconds, on this thread. */
    void timed(VerificationResult result, long nanos) {
        long[] slot = lastVerify.get();
        if (slot == null) {
            slot = new long[2];
            lastVerify.set(slot);
        }
        slot[0] = System.identityHashCode(result);
        slot[1] = nanos;
    }

    /** How long the verify that returned this result took, or {@code null} when it was not timed on this thread. */
    private Duration took(VerificationResult result) {
        long[] slot = lastVerify.get();
        if (slot == null || slot[1] < 0 || slot[0] != System.identityHashCode(result)) {
            return null;
        }
        long nanos = slot[1];
        slot[1] = -1;
        return Duration.ofNanos(nanos);
    }

    /**
     * The local answer for a token the ledger already let through once and still holds: a
     * single-use token passes at most once, however often Playtcha fails on it. {@code null} for
     * any other token.
     */
    VerificationResult.Rejected letThroughBefore(String token) {
        if (ledger == null || !ledger.holds(token)) {
            return null;
        }
        return VerificationResult.Rejected.local(ALREADY_LET_THROUGH,
                "this token already went on once without a verdict (failed open) and waits for re-verification; "
                        + "a single-use token passes at most once");
    }

    LedgerEntry report(String token, VerificationResult result, Decision decision, String path, String remoteAddress) {
        LedgerEntry entry = null;
        if (ledger != null && decision.failedOpen() && result instanceof VerificationResult.Unavailable unavailable
                && TokenCheck.check(token) == null) {
            entry = ledger.record(token, path, remoteAddress, unavailable.code());
            if (entry == null) {
                faults.ledgerRefused();
            }
        }
        counts.add(DecisionEvent.Kind.of(result, decision));
        if (!listeners.isEmpty()) { // no listener, no event and no Duration: nothing allocated per request here
            listeners.decided(new DecisionEvent(Instant.now(), path, remoteAddress, result, decision, entry, took(result)));
        }
        return entry;
    }

    void add(PlaytchaListener listener) {
        listeners.add(listener);
    }

    boolean remove(PlaytchaListener listener) {
        return listeners.remove(listener);
    }

    DecisionCounts counts() {
        return counts;
    }

    /** The ledger, or {@code null} when off: tests look at its size and run a pass. */
    FailOpenLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        if (ledger != null) {
            ledger.close();
        }
    }
}
