package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import java.time.Instant;

/**
 * The last stage of a verifier: listeners hear every decision, and a decision that failed open is
 * recorded in the fail-open ledger, which re-verifies it later and reports the outcome to the same
 * listeners. Without a ledger ({@code playtcha.ledger.enabled=false}) decisions are only heard.
 */
final class Reporting implements AutoCloseable {

    /** Playtcha's code for a token used before; also ours for one the ledger already let through. */
    static final String ALREADY_LET_THROUGH = "already_redeemed";

    private final Listeners listeners;
    private final FailOpenLedger ledger;

    /** @param ledger the ledger, or {@code null} when it is off */
    Reporting(Listeners listeners, FailOpenLedger ledger) {
        this.listeners = listeners;
        this.ledger = ledger;
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
        }
        if (!listeners.isEmpty()) {
            listeners.decided(new DecisionEvent(Instant.now(), path, remoteAddress, result, decision, entry));
        }
        return entry;
    }

    void add(PlaytchaListener listener) {
        listeners.add(listener);
    }

    boolean remove(PlaytchaListener listener) {
        return listeners.remove(listener);
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
