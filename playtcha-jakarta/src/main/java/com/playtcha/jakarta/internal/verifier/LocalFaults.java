package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.LedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * What Playtcha's answers say about our own configuration, and when it last gave a verdict: the
 * {@code localFault} and {@code lastVerdict} of {@code VerifierStatus} (whose {@link LocalFault}
 * says which faults there are and when each clears). Every answer of Playtcha, live or the ledger's,
 * passes {@link #answered}; that costs a volatile write per verdict and nothing else, so no
 * allocation on the request path unless a fault appears.
 *
 * <p>A fault read from an answer about one token ({@code bad_secret}, {@code unknown_project}, a 404
 * without Playtcha's envelope) is a suspicion, not a fact about the server: a client can send a token
 * minted for another project and get {@code bad_secret} for it. So it is shown only while the last such
 * answer is younger than {@link #WINDOW}, and a verdict ends it at once. A full ledger is shown only
 * while the ledger is full and a request found it so within the same window. Nothing inferred here is
 * sticky: without traffic it fades, and only the store's own {@code unwritable}
 * (a fact, cleared by the next write that works) is shown for as long as it holds.
 */
final class LocalFaults {

    /** How long a fault seen in an answer (or a request the full ledger turned away) is shown after the last one. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    private static final long WINDOW_NANOS = WINDOW.toNanos();

    private final LongSupplier nanoTime;
    /** bad_secret, unknown_project or api_url_not_found; {@code null} when the last answer said none. */
    private final AtomicReference<LocalFault> configuration = new AtomicReference<>();
    /** {@code nanoTime} of the last answer that showed {@link #configuration}. */
    private volatile long configurationSeen;
    /** {@code System.currentTimeMillis()} of the last verdict, 0 before the first. */
    private volatile long lastVerdict;
    /** When a fail-open request first found the ledger full, in this run of refusals; {@code null} otherwise. */
    private volatile Instant ledgerFullSince;
    /** {@code nanoTime} of the last request the full ledger turned away. */
    private volatile long ledgerFullSeen;

    /** @param nanoTime the clock of the window, {@code System::nanoTime} outside tests */
    LocalFaults(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A reply from Playtcha (or from whatever {@code playtcha.api-url} points at). */
    void answered(VerificationResult result) {
        if (result instanceof VerificationResult.Verified) {
            verdict();
        } else if (result instanceof VerificationResult.Rejected rejected && rejected.source() == VerificationResult.Source.PLAYTCHA) {
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
        long now = nanoTime.getAsLong();
        LocalFault current = configuration.get();
        boolean newRun = current == null || !current.code().equals(code) || expired(configurationSeen, now);
        configurationSeen = now; // first: a status read in between shows the old fault a moment longer, never hides a new one
        if (newRun) {
            configuration.set(new LocalFault(code, Instant.now(), message(code)));
        }
    }

    /** A request failed open and the ledger had no room for it. */
    void ledgerRefused() {
        long now = nanoTime.getAsLong();
        if (ledgerFullSince == null || expired(ledgerFullSeen, now)) {
            ledgerFullSince = Instant.now();
        }
        ledgerFullSeen = now;
    }

    private static boolean expired(long seen, long now) {
        return now - seen >= WINDOW_NANOS; // nanoTime may wrap: compare differences
    }

    Instant lastVerdict() {
        long at = lastVerdict;
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }

    /** The fault to show now, in the order {@link LocalFault} gives; {@code ledger} is {@code null} when off. */
    LocalFault current(FailOpenLedger ledger, int capacity) {
        long now = nanoTime.getAsLong();
        LocalFault fault = configuration.get();
        if (fault != null && !expired(configurationSeen, now)) {
            return fault;
        }
        if (ledger == null) {
            return null;
        }
        LedgerStore.Unwritable failing = ledger.storeUnwritable(); // the store says which, and what failed
        if (failing != null) {
            return new LocalFault(LocalFault.LEDGER_UNWRITABLE, failing.since(), failing.message());
        }
        Instant full = ledgerFullSince;
        if (full != null && ledger.size() < capacity) {
            ledgerFullSince = null; // room again: the next refusal starts a new run
            return null;
        }
        if (full == null || expired(ledgerFullSeen, now)) {
            return null;
        }
        return new LocalFault(LocalFault.LEDGER_FULL, full, message(LocalFault.LEDGER_FULL));
    }

    private static String message(String code) {
        return switch (code) {
            case LocalFault.BAD_SECRET -> "Playtcha answered bad_secret in the last 5 minutes and gave no verdict since: "
                    + "if playtcha.secret is wrong every token is rejected until it is fixed (or clients send tokens of "
                    + "another project)";
            case LocalFault.UNKNOWN_PROJECT -> "Playtcha answered unknown_project in the last 5 minutes and gave no verdict "
                    + "since: if it knows no project for playtcha.secret every token is rejected until the secret of an "
                    + "existing project is set";
            case LocalFault.API_URL_NOT_FOUND -> "the verify URL answered 404 without Playtcha's envelope in the last 5 "
                    + "minutes: playtcha.api-url must be Playtcha's base URL (like https://api.playtcha.com), without /v1/verify";
            default -> "the fail-open ledger is full (playtcha.ledger.capacity): requests that fail open are "
                    + "counted, not recorded, and not re-verified";
        };
    }
}
