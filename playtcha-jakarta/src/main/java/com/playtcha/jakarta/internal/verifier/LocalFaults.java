package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.LedgerStore;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Playtcha's answers say about our own configuration, and when it last gave a verdict: the
 * {@code localFault} and {@code lastVerdict} of {@code VerifierStatus} (whose {@link LocalFault}
 * says which faults there are and when each clears). Every answer of Playtcha, live or the ledger's,
 * passes {@link #answered}; that costs a volatile write per verdict and nothing else, so no
 * allocation on the request path unless a fault appears.
 */
final class LocalFaults {

    /** bad_secret, unknown_project or api_url_not_found; {@code null} when the last answer said none. */
    private final AtomicReference<LocalFault> configuration = new AtomicReference<>();
    /** {@code System.currentTimeMillis()} of the last verdict, 0 before the first. */
    private volatile long lastVerdict;
    /** When a fail-open request last found the ledger full, while it still is; {@code null} otherwise. */
    private volatile Instant ledgerFullSince;

    /** A reply from Playtcha (or from whatever {@code playtcha.api-url} points at). */
    void answered(VerificationResult result) {
        if (result instanceof VerificationResult.Verified) {
            verdict();
        } else if (result instanceof VerificationResult.Rejected rejected && rejected.httpStatus() != 0) {
            String fault = configurationFault(rejected);
            if (fault != null) {
                seen(fault);
            } else if (rejected.httpStatus() != 429 && !rejected.code().startsWith("http_")) {
                verdict(); // Playtcha's own envelope about the token: secret, project and URL are right
            }
        }
    }

    private static String configurationFault(VerificationResult.Rejected rejected) {
        if (LocalFault.BAD_SECRET.equals(rejected.code()) || LocalFault.UNKNOWN_PROJECT.equals(rejected.code())) {
            return rejected.code();
        }
        return rejected.httpStatus() == 404 ? LocalFault.API_URL_NOT_FOUND : null;
    }

    private void verdict() {
        lastVerdict = System.currentTimeMillis();
        if (configuration.get() != null) {
            configuration.set(null);
        }
    }

    private void seen(String code) {
        LocalFault current = configuration.get();
        if (current == null || !current.code().equals(code)) {
            configuration.set(new LocalFault(code, Instant.now(), message(code)));
        }
    }

    /** A request failed open and the ledger had no room for it. */
    void ledgerRefused() {
        if (ledgerFullSince == null) {
            ledgerFullSince = Instant.now();
        }
    }

    Instant lastVerdict() {
        long at = lastVerdict;
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }

    /** The fault to show now, in the order {@link LocalFault} gives; {@code ledger} is {@code null} when off. */
    LocalFault current(FailOpenLedger ledger, int capacity) {
        LocalFault fault = configuration.get();
        if (fault != null || ledger == null) {
            return fault;
        }
        LedgerStore.Unwritable failing = ledger.storeUnwritable(); // the store says which, and what failed
        if (failing != null) {
            return new LocalFault(LocalFault.LEDGER_UNWRITABLE, failing.since(), failing.message());
        }
        Instant full = ledgerFullSince;
        if (full != null && ledger.size() < capacity) {
            ledgerFullSince = null;
            return null;
        }
        return full == null ? null : new LocalFault(LocalFault.LEDGER_FULL, full, message(LocalFault.LEDGER_FULL));
    }

    private static String message(String code) {
        return switch (code) {
            case LocalFault.BAD_SECRET -> "Playtcha refuses playtcha.secret: every token is rejected until it is fixed";
            case LocalFault.UNKNOWN_PROJECT -> "Playtcha knows no project for playtcha.secret: every token is rejected "
                    + "until the secret of an existing project is set";
            case LocalFault.API_URL_NOT_FOUND -> "the verify URL answered 404 without Playtcha's envelope: "
                    + "playtcha.api-url must be Playtcha's base URL (like https://api.playtcha.com), without /v1/verify";
            default -> "the fail-open ledger is full (playtcha.ledger.capacity): requests that fail open are "
                    + "counted, not recorded, and not re-verified";
        };
    }
}
