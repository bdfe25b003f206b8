package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The tokens that may not be posted now, so that one token lets at most one request go on without a
 * verdict: those in flight (a request reserved the token and is not decided yet), and those whose
 * request went on without a verdict while no ledger took them (the ledger off, or full).
 *
 * <p>A request reserves its token before anything is asked ({@link #reserve}); a second request
 * with the same token is refused at once, as a replay, and never waits on the first. When the request
 * is decided its reservation ends: {@link #release} after a verdict or a block, and after a failed-open
 * request only once the ledger recorded it, so that {@code FailOpenLedger.holds} answers for the token
 * from the same moment on, with no gap between. A failed-open request the ledger did not take
 * ({@link #keepLetThrough}) leaves its token here instead, for the token's 5-minute lifetime.
 *
 * <p>Bounded: the tokens in flight are at most the requests being verified (request threads); those
 * kept as let through are at most {@code capacity} ({@code playtcha.ledger.capacity}, the ledger's own
 * bound), and when that many are kept the oldest is forgotten first. So only when more than
 * {@code capacity} tokens fail open unrecorded within 5 minutes can the oldest of them, replayed while
 * Playtcha still gives no verdict, go on once more (replayed once Playtcha answers, it is posted and
 * gets its verdict). The choice against refusing new passes when full: that would turn every later
 * request of the outage away, which is failing closed by another name.
 *
 * <p>The common path costs one concurrent-set insertion and removal per verify: the let-through set
 * is looked at only while it holds something.
 */
final class TokenReservations {

    /** Playtcha's result tokens live 5 minutes: after that a replay gets {@code token_expired} from Playtcha. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private static final long LIFETIME_NANOS = TOKEN_LIFETIME.toNanos();

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Token to the {@code nanoTime} it was let through, oldest first; guarded by itself. */
    private final LinkedHashMap<String, Long> letThrough = new LinkedHashMap<>();
    /** {@code letThrough.size()}, readable without the lock: the common case (empty) takes none. */
    private volatile int kept;
    private final int capacity;
    private final LongSupplier nanoTime;

    /**
     * @param capacity how many let-through tokens are kept at most (at least 1)
     * @param nanoTime the clock of the 5 minutes, {@code System::nanoTime} outside tests
     */
    TokenReservations(int capacity, LongSupplier nanoTime) {
        this.capacity = Math.max(1, capacity);
        this.nanoTime = nanoTime;
    }

    /**
     * Reserves the token for one request, or answers why it may not go on: {@code already_redeemed},
     * a local rejection (status 0, so {@code reject-status}). A token returned reserved must be
     * handed back, by {@link #release} or {@link #keepLetThrough}.
     *
     * @return {@code null} when the token is now reserved for the caller
     */
    VerificationResult.Rejected reserve(String token) {
        if (!inFlight.add(token)) {
            return VerificationResult.Rejected.local(VerificationResult.ALREADY_REDEEMED, "this token is in flight for another request, "
                    + "which posts it to Playtcha; a single-use token is posted once, so this one is refused as a replay");
        }
        // Read after the insertion: whoever released the token put it among the let through first.
        if (kept > 0 && wentOnBefore(token)) {
            inFlight.remove(token);
            return letThroughBefore();
        }
        return null;
    }

    /**
     * The local answer for a token that already went on once without a verdict (kept here, or held by
     * the ledger): a single-use token passes at most once, however often Playtcha fails on it.
     */
    static VerificationResult.Rejected letThroughBefore() {
        return VerificationResult.Rejected.local(VerificationResult.ALREADY_REDEEMED,
                "this token already went on once without a verdict (failed open) and waits for re-verification; "
                        + "a single-use token passes at most once");
    }

    /** The request with this token was decided with a verdict or blocked, or the ledger now holds it. */
    void release(String token) {
        inFlight.remove(token);
    }

    /**
     * The request with this token went on without a verdict and no ledger took it: the token is kept
     * as let through for its lifetime, then released.
     */
    void keepLetThrough(String token) {
        long now = nanoTime.getAsLong();
        synchronized (letThrough) {
            forgetExpired(now);
            letThrough.remove(token); // re-inserted last: its lifetime starts again
            letThrough.put(token, now);
            if (letThrough.size() > capacity) {
                Iterator<String> oldest = letThrough.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            kept = letThrough.size();
        }
        inFlight.remove(token);
    }

    /** How many tokens are kept as let through now (tests). */
    int kept() {
        return kept;
    }

    private boolean wentOnBefore(String token) {
        long now = nanoTime.getAsLong();
        synchronized (letThrough) {
            forgetExpired(now);
            kept = letThrough.size();
            return letThrough.containsKey(token);
        }
    }

    /** Oldest first, so the expired ones are a prefix. */
    private void forgetExpired(long now) {
        Iterator<Map.Entry<String, Long>> oldest = letThrough.entrySet().iterator();
        while (oldest.hasNext() && now - oldest.next().getValue() >= LIFETIME_NANOS) { // nanoTime may wrap: differences
            oldest.remove();
        }
    }
}
