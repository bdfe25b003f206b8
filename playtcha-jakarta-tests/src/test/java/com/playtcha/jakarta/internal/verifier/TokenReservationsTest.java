package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reservations alone, on a fake clock: in flight, released, buried, forgotten. */
class TokenReservationsTest {

    private static final Duration LIFE = TokenReservations.TOKEN_LIFETIME;

    private final StoppedClock clock = new StoppedClock();
    private final TokenReservations reservations = new TokenReservations(2, clock);

    private void advance(Duration by) {
        clock.advance(by);
    }

    @Test
    void aTokenInFlight_isRefusedToASecondRequest_untilReleased() {
        assertNull(reservations.reserve("ptk_a"));

        VerificationResult.Rejected refused = reservations.reserve("ptk_a");
        assertNotNull(refused);
        assertEquals("already_redeemed", refused.code());
        assertEquals(0, refused.httpStatus(), "decided locally");
        assertNull(reservations.reserve("ptk_b"), "another token is not held up");

        reservations.release("ptk_a");
        assertNull(reservations.reserve("ptk_a"), "a verdict or a block released it");
        assertFalse(reservations.buried("ptk_a"), "a verdict leaves no tombstone");
    }

    @Test
    void aTokenLetThroughUnrecorded_isBuriedForItsLifeAndOneMore_thenForgottenAndItsMemoryReleased() {
        assertNull(reservations.reserve("ptk_a"));
        reservations.keepLetThrough("ptk_a");
        assertNull(reservations.reserve("ptk_a"), "no longer in flight");
        reservations.release("ptk_a");

        assertTrue(reservations.buried("ptk_a"));
        advance(LIFE.multipliedBy(2).minusNanos(1));
        assertTrue(reservations.buried("ptk_a"), "a nanosecond before 5 minutes past the token's latest end");

        advance(Duration.ofNanos(1));
        assertFalse(reservations.buried("ptk_a"), "its life is over: no longer remembered");
        // nothing kept for it: the bound, 2, holds two new tombstones, none dropped to make room
        reservations.holdEnded("ptk_b", Duration.ZERO);
        reservations.holdEnded("ptk_c", Duration.ZERO);
        assertTrue(reservations.buried("ptk_b") && reservations.buried("ptk_c"), "a slot was still kept for the forgotten token");
    }

    @Test
    void aTokenTheLedgerLetsGoAfterItExpired_staysBuriedOneMoreLifetime() {
        // The ledger let it through 5 minutes and 3 s ago: its entry expired, Playtcha still away.
        reservations.holdEnded("ptk_expired", LIFE.plusSeconds(3));

        advance(LIFE.minusNanos(1));
        assertTrue(reservations.buried("ptk_expired"), "a replay during an outage that outlasted the token");
        advance(Duration.ofNanos(1));
        assertFalse(reservations.buried("ptk_expired"));
    }

    @Test
    void aTokenTheLedgerLetsGoEarly_staysBuriedForItsRemainingLifeAndOneMore() {
        // Confirmed 1 minute after it was let through: its life ends by 4 minutes from now at the latest.
        reservations.holdEnded("ptk_early", Duration.ofMinutes(1));

        advance(Duration.ofMinutes(9).minusNanos(1));
        assertTrue(reservations.buried("ptk_early"));
        advance(Duration.ofNanos(1));
        assertFalse(reservations.buried("ptk_early"));
    }

    @Test
    void theTombstonesAreBounded_theOldestDroppedFirst() {
        for (String token : new String[] {"ptk_a", "ptk_b", "ptk_c"}) { // the bound, 2, and one more
            reservations.holdEnded(token, Duration.ZERO);
            advance(Duration.ofSeconds(1));
        }

        assertFalse(reservations.buried("ptk_a"), "N + 1 tombstones keep N: the oldest, dropped");
        assertTrue(reservations.buried("ptk_b"));
        assertTrue(reservations.buried("ptk_c"));
    }

    @Test
    void aTokenBuriedAgain_neverStandsShorterThanBefore() {
        reservations.holdEnded("ptk_a", Duration.ZERO); // until 10 minutes from now
        advance(Duration.ofMinutes(1));
        reservations.holdEnded("ptk_a", LIFE.multipliedBy(3)); // an old entry of it: until 5 minutes from now

        advance(Duration.ofMinutes(8).minusNanos(1));
        assertTrue(reservations.buried("ptk_a"));
    }
}
