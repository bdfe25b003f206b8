package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.spi.store.AddressKey;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code localFault} and {@code lastVerdict} of {@code VerifierStatus} ({@link LocalFault}), from
 * every answer of Playtcha, live or the ledger's; no allocation per verdict unless a fault appears.
 * The rules: docs/observability.md's "Local faults".
 */
final class LocalFaults {

    /** How long a fault seen in an answer (or a request the full ledger turned away) is shown after the last one. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** How many distinct clients ({@link AddressKey#blockOf}) must be answered {@code bad_secret} before it is raised. */
    static final int CLIENTS = 3;

    /** The one key of every answer with no client address. */
    private static final Object NO_ADDRESS = new Object();
    private static final long WINDOW_NANOS = WINDOW.toNanos();

    /** A fault shown, and the {@code nanoTime} of the last answer or refusal that showed it. */
    private record Sighting(LocalFault fault, long seen) { }

    private final VerifierClock clock;
    /** bad_secret, unknown_project or api_url_not_found; {@code null} after a verdict. */
    private final AtomicReference<Sighting> configuration = new AtomicReference<>();
    /** Requests that failed open and found the ledger full; {@code null} once it had room again. */
    private final AtomicReference<Sighting> ledgerFull = new AtomicReference<>();
    /** The distinct clients answered each code since the last verdict, at most {@link #CLIENTS} of each; immutable. */
    private final AtomicReference<Map<String, List<Object>>> suspects = new AtomicReference<>(Map.of());
    /** {@code clock.millis()} of the last verdict, 0 before the first. */
    private volatile long lastVerdict;

    /** @param clock the verifier's: the window, and when a fault or verdict was seen */
    LocalFaults(VerifierClock clock) {
        this.clock = clock;
    }

    /** A reply to a live call's token, of the client at {@code clientAddress} ({@code null}: none named). */
    void answered(VerificationResult result, String clientAddress) {
        noted(result, true, clientAddress);
    }

    /** A reply to one of the fail-open ledger's re-verifications: a client's token, but no client's witness. */
    void reverified(VerificationResult result) {
        noted(result, false, null);
    }

    /** @param live a client's request asked (a witness of a fault); its address's key is made for a fault only, not per verdict */
    private void noted(VerificationResult result, boolean live, String clientAddress) {
        if (result instanceof VerificationResult.Verified) {
            verdict();
        } else if (result instanceof VerificationResult.Rejected rejected && rejected.source() == VerificationResult.Source.PLAYTCHA) {
            String fault = configurationFault(rejected);
            if (fault != null) {
                if (LocalFault.API_URL_NOT_FOUND.equals(fault)
                        || live && suspectedBy(fault, clientAddress == null ? NO_ADDRESS : AddressKey.blockOf(clientAddress))) {
                    sighted(configuration, fault);
                }
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
        lastVerdict = clock.millis();
        if (configuration.get() != null) {
            configuration.set(null);
        }
        if (!suspects.get().isEmpty()) {
            suspects.set(Map.of());
        }
    }

    /** Notes the client answered {@code code}: whether {@value #CLIENTS} distinct ones have been, since the last verdict. */
    private boolean suspectedBy(String code, Object client) {
        while (true) {
            Map<String, List<Object>> now = suspects.get();
            List<Object> clients = now.getOrDefault(code, List.of());
            if (clients.size() >= CLIENTS) {
                return true;
            }
            if (clients.contains(client)) {
                return false;
            }
            List<Object> more = new ArrayList<>(clients);
            more.add(client);
            Map<String, List<Object>> next = new HashMap<>(now);
            next.put(code, List.copyOf(more));
            if (suspects.compareAndSet(now, Map.copyOf(next))) {
                return more.size() >= CLIENTS;
            }
        }
    }

    /** Whether {@code code} ({@code bad_secret}, {@code unknown_project}) is raised now, for the log's level. */
    boolean raised(String code) {
        Sighting now = configuration.get();
        return now != null && now.fault().code().equals(code);
    }

    /** A request failed open and the ledger had no room for it. */
    void ledgerRefused() {
        sighted(ledgerFull, LocalFault.LEDGER_FULL);
    }

    /** {@code code} seen now: the fault shown goes on, unless it was another one or had faded; then one starts now. */
    private void sighted(AtomicReference<Sighting> shown, String code) {
        long now = clock.nanoTime();
        Sighting last = shown.get();
        boolean goesOn = last != null && last.fault().code().equals(code) && !faded(last, now);
        shown.set(new Sighting(goesOn ? last.fault() : new LocalFault(code, clock.instant(), message(code)), now));
    }

    private static boolean faded(Sighting sighting, long now) {
        return now - sighting.seen() >= WINDOW_NANOS; // nanoTime may wrap: compare differences
    }

    Instant lastVerdict() {
        long at = lastVerdict;
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }

    /** The fault to show now, in the order {@link LocalFault} gives; {@code ledger} is {@code null} when off. */
    LocalFault current(FailOpenLedger ledger, int capacity) {
        long now = clock.nanoTime();
        Sighting config = configuration.get();
        if (config != null && !faded(config, now)) {
            return config.fault();
        }
        if (ledger == null) {
            return null;
        }
        LedgerStore.Unwritable failing = ledger.storeUnwritable(); // the store says which, and what failed
        if (failing != null) {
            return new LocalFault(LocalFault.LEDGER_UNWRITABLE, failing.since(), failing.message());
        }
        Sighting full = ledgerFull.get();
        if (full != null && ledger.size() < capacity) {
            ledgerFull.set(null); // room again: the next refusal starts a new run
            return null;
        }
        return full == null || faded(full, now) ? null : full.fault();
    }

    private static String message(String code) {
        return switch (code) {
            case LocalFault.BAD_SECRET -> "Playtcha answered bad_secret to " + CLIENTS + " or more client addresses, "
                    + "in the last 5 minutes too, and gave no verdict since: playtcha.secret is probably wrong, and every "
                    + "token is rejected until it is fixed (or clients from several addresses send tokens of another project)";
            case LocalFault.UNKNOWN_PROJECT -> "Playtcha answered unknown_project to " + CLIENTS + " or more client "
                    + "addresses, in the last 5 minutes too, and gave no verdict since: if it knows no project for "
                    + "playtcha.secret every token is rejected until the secret of an existing project is set";
            case LocalFault.API_URL_NOT_FOUND -> "the verify URL answered 404 without Playtcha's envelope in the last 5 "
                    + "minutes: playtcha.api-url must be Playtcha's base URL (like https://api.playtcha.com), without /v1/verify";
            default -> "the fail-open ledger is full (playtcha.ledger.capacity): requests that fail open are "
                    + "counted, not recorded, and not re-verified";
        };
    }
}
