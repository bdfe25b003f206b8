package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.budget.AddressKey;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.LedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Playtcha's answers say about our own configuration, and when it last gave a verdict: the
 * {@code localFault} and {@code lastVerdict} of {@code VerifierStatus} (whose {@link LocalFault}
 * says which faults there are and when each clears). Every answer of Playtcha, live ({@link #answered})
 * or the ledger's ({@link #reverified}), passes here; that costs a volatile write and two volatile
 * reads per verdict, so no allocation on the request path unless a fault appears.
 *
 * <p>A fault read from an answer about one token ({@code bad_secret}, {@code unknown_project}, a 404
 * without Playtcha's envelope) is a suspicion, not a fact about the server: a client can send a token
 * minted for a Playtcha project of its own and get {@code bad_secret} for it. So {@code bad_secret} and
 * {@code unknown_project} are raised only when that answer went to {@value #CLIENTS} distinct clients
 * with no verdict between. A client is an IPv4 address or an IPv6 /48 ({@link AddressKey#blockOf}:
 * the widest block the client budget counts, since a dual-stack host has an address of each kind and
 * any home network many /64s); calls that name no client address (the application's own) count as
 * one client together; the ledger's re-verifications count for none, being our own retries of a
 * token some client sent. One host on one network, or one NAT, cannot raise them alone. A party with
 * three IPv4 addresses or /48s between its connections (three cloud machines, or a phone on a
 * dual-stack Wi-Fi and on dual-stack mobile data) still can: what it gets is a
 * status, a metric and an ERROR line about a wrong secret, shown until the next verdict; it changes
 * no decision, no readiness and no other client's budget. A 404 without
 * Playtcha's envelope is raised at once: no token makes Playtcha answer so. A raised fault is shown
 * only while the last such answer is younger than {@link #WINDOW}, and a verdict ends it, and the
 * count, at once. A full ledger is shown only while the ledger is full and a request found it so
 * within the same window. Nothing inferred here is sticky: without traffic it fades, and only the
 * store's own {@code unwritable} (a fact, cleared by the next write that works) is shown for as long
 * as it holds.
 */
final class LocalFaults {

    /** How long a fault seen in an answer (or a request the full ledger turned away) is shown after the last one. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    /**
     * How many distinct clients (IPv4 addresses, IPv6 /48s) must be answered {@code bad_secret} (or
     * {@code unknown_project}), with no verdict between, before it is raised: one client can forge it,
     * and one host on one network, or one NAT, is at most two keys (an IPv4 address and a /48); a
     * wrong secret reaches every client, so on any site with traffic the third comes soon. One party
     * on three networks can forge it still; that costs the site no decision, only a false alarm that
     * the next verdict clears.
     */
    static final int CLIENTS = 3;

    /** The one key of every answer with no client address. */
    private static final Object NO_ADDRESS = new Object();
    private static final long WINDOW_NANOS = WINDOW.toNanos();

    private final VerifierClock clock;
    /** bad_secret, unknown_project or api_url_not_found; {@code null} when the last answer said none. */
    private final AtomicReference<LocalFault> configuration = new AtomicReference<>();
    /** The clients answered bad_secret or unknown_project since the last verdict; {@link Suspects#NONE} after one. */
    private final AtomicReference<Suspects> suspects = new AtomicReference<>(Suspects.NONE);
    /** {@code nanoTime} of the last answer that showed {@link #configuration}. */
    private volatile long configurationSeen;
    /** {@code clock.millis()} of the last verdict, 0 before the first. */
    private volatile long lastVerdict;
    /** When a fail-open request first found the ledger full, in this run of refusals; {@code null} otherwise. */
    private volatile Instant ledgerFullSince;
    /** {@code nanoTime} of the last request the full ledger turned away. */
    private volatile long ledgerFullSeen;

    /** @param clock the verifier's: the window, and when a fault or verdict was seen */
    LocalFaults(VerifierClock clock) {
        this.clock = clock;
    }

    /**
     * A reply from Playtcha (or from whatever {@code playtcha.api-url} points at) to a live call's
     * token, of the client at {@code clientAddress}, {@code null} when the call named none.
     */
    void answered(VerificationResult result, String clientAddress) {
        noted(result, clientAddress == null ? NO_ADDRESS : AddressKey.blockOf(clientAddress));
    }

    /**
     * A reply to one of the fail-open ledger's re-verifications. Its verdict is a verdict like any
     * other, and its 404 without Playtcha's envelope as telling; its {@code bad_secret} or
     * {@code unknown_project} counts for no client: the token is one a client sent during an outage,
     * and our own retries of it are no second witness.
     */
    void reverified(VerificationResult result) {
        noted(result, null);
    }

    /** @param client the {@link #suspectedBy} key of the token's client; {@code null} for the ledger's own posts */
    private void noted(VerificationResult result, Object client) {
        if (result instanceof VerificationResult.Verified) {
            verdict();
        } else if (result instanceof VerificationResult.Rejected rejected && rejected.source() == VerificationResult.Source.PLAYTCHA) {
            String fault = configurationFault(rejected);
            if (fault != null) {
                if (LocalFault.API_URL_NOT_FOUND.equals(fault) || client != null && suspectedBy(fault, client)) {
                    seen(fault);
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
        if (suspects.get() != Suspects.NONE) {
            suspects.set(Suspects.NONE);
        }
    }

    /**
     * Notes the client answered {@code code}: whether {@value #CLIENTS} distinct ones have been, since
     * the last verdict. A client is its {@link AddressKey#blockOf}, or {@link #NO_ADDRESS}.
     */
    private boolean suspectedBy(String code, Object client) {
        while (true) {
            Suspects now = suspects.get();
            List<Object> clients = now.of(code);
            if (clients.size() >= CLIENTS) {
                return true;
            }
            if (clients.contains(client)) {
                return false;
            }
            Suspects next = now.with(code, client);
            if (suspects.compareAndSet(now, next)) {
                return next.of(code).size() >= CLIENTS;
            }
        }
    }

    /** Whether {@code code} ({@code bad_secret}, {@code unknown_project}) is raised now, for the log's level. */
    boolean raised(String code) {
        LocalFault fault = configuration.get();
        return fault != null && fault.code().equals(code);
    }

    private void seen(String code) {
        long now = clock.nanoTime();
        LocalFault current = configuration.get();
        boolean newRun = current == null || !current.code().equals(code) || expired(configurationSeen, now);
        configurationSeen = now; // first: a status read in between shows the old fault a moment longer, never hides a new one
        if (newRun) {
            configuration.set(new LocalFault(code, clock.instant(), message(code)));
        }
    }

    /** A request failed open and the ledger had no room for it. */
    void ledgerRefused() {
        long now = clock.nanoTime();
        if (ledgerFullSince == null || expired(ledgerFullSeen, now)) {
            ledgerFullSince = clock.instant();
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
        long now = clock.nanoTime();
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

    /** The distinct clients answered each code since the last verdict, at most {@link #CLIENTS} of each; immutable. */
    private record Suspects(List<Object> badSecret, List<Object> unknownProject) {
        static final Suspects NONE = new Suspects(List.of(), List.of());

        List<Object> of(String code) {
            return LocalFault.BAD_SECRET.equals(code) ? badSecret : unknownProject;
        }

        Suspects with(String code, Object client) {
            List<Object> more = new ArrayList<>(of(code));
            more.add(client);
            return LocalFault.BAD_SECRET.equals(code) ? new Suspects(List.copyOf(more), unknownProject)
                    : new Suspects(badSecret, List.copyOf(more));
        }
    }
}
