package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.TokenDigest;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens that may not be posted now, in flight or buried (a tombstone, at most {@code bound}, the
 * oldest dropped first), each refused {@code already_redeemed} locally: so one token lets at most one
 * request go on without a verdict. Why: design/engine.md.
 */
final class TokenReservations {

    /** Playtcha's result tokens live 5 minutes: after that a replay gets {@code token_expired} from Playtcha. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** The most tombstones a verifier keeps. */
    static final int TOMBSTONES = 65_536;

    private static final long LIFETIME_NANOS = TOKEN_LIFETIME.toNanos();

    /** The local answer for a token that already went on once without a verdict. */
    static final VerificationResult.Rejected LET_THROUGH_BEFORE = VerificationResult.Rejected.local(
            VerificationResult.ALREADY_REDEEMED, "this token was used before (it went on once without a verdict, or its "
                    + "hold in the ledger ended); a single-use token passes at most once");

    private static final VerificationResult.Rejected IN_FLIGHT = VerificationResult.Rejected.local(
            VerificationResult.ALREADY_REDEEMED, "this token is in flight for another request, which posts it to "
                    + "Playtcha; a single-use token is posted once, so this one is refused as a replay");

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Token digest to the {@code clock.nanoTime()} its tombstone ends, oldest first; guarded by itself. */
    private final LinkedHashMap<Long, Long> tombstones = new LinkedHashMap<>();
    /** How many tombstones are kept: {@code tombstones.size()}, readable without the lock, so the common case (none) takes none. */
    private volatile int kept;
    private final int bound;
    private final VerifierClock clock;

    /** At most {@code bound} (at least 1) tombstones, on the verifier's clock. */
    TokenReservations(int bound, VerifierClock clock) {
        this.bound = Math.max(1, bound);
        this.clock = clock;
    }

    /**
     * Reserves the token ({@code null}), to be handed back by {@link #release} or {@link #keepLetThrough};
     * or {@code already_redeemed} when another request has it.
     */
    VerificationResult.Rejected reserve(String token) {
        return inFlight.add(token) ? null : IN_FLIGHT;
    }

    /** The request with this token was decided with a verdict or blocked, or the ledger now holds it. */
    void release(String token) {
        inFlight.remove(token);
    }

    /** The request went on without a verdict and no ledger took the token: buried now, its life counted from now. */
    void keepLetThrough(String token) {
        holdEnded(token, Duration.ZERO);
        inFlight.remove(token);
    }

    /**
     * The ledger lets go of a token it held, {@code age} after it let the token through: buried until
     * {@code max(F + 5 min, now) + 5 min}, {@code F} being that first time.
     */
    void holdEnded(String token, Duration age) {
        long digest = TokenDigest.of(token);
        long now = clock.nanoTime();
        long until = now + Math.max(0, LIFETIME_NANOS - age.toNanos()) + LIFETIME_NANOS;
        synchronized (tombstones) {
            forgetExpired(now);
            Long before = tombstones.remove(digest); // re-inserted last, and never standing shorter than it did
            tombstones.put(digest, before != null && before - until > 0 ? before : until);
            if (tombstones.size() > bound) {
                Iterator<Long> oldest = tombstones.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            kept = tombstones.size();
        }
    }

    /** Whether the token's tombstone stands: its hold ended within its life, so it is refused as a replay. */
    boolean buried(String token) {
        if (kept == 0) {
            return false;
        }
        long digest = TokenDigest.of(token);
        long now = clock.nanoTime();
        synchronized (tombstones) {
            forgetExpired(now);
            Long until = tombstones.get(digest);
            if (until != null && now - until >= 0) {
                tombstones.remove(digest); // behind a longer-standing one: not yet at the head
                until = null;
            }
            kept = tombstones.size();
            return until != null;
        }
    }

    /** Drops the expired tombstones at the head of the line (they end in nearly the order they were buried). */
    private void forgetExpired(long now) {
        Iterator<Map.Entry<Long, Long>> oldest = tombstones.entrySet().iterator();
        while (oldest.hasNext() && now - oldest.next().getValue() >= 0) { // nanoTime may wrap: differences
            oldest.remove();
        }
    }
}
