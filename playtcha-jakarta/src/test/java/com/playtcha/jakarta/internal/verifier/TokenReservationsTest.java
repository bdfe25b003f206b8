package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The reservations alone, on a fake clock: in flight, released, kept as let through, forgotten. */
class TokenReservationsTest {

    private final AtomicLong now = new AtomicLong(42);
    private final TokenReservations reservations = new TokenReservations(2, now::get);

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
    }

    @Test
    void aTokenLetThrough_isRefusedForItsLifetime_thenForgotten() {
        assertNull(reservations.reserve("ptk_a"));
        reservations.keepLetThrough("ptk_a");

        assertEquals("already_redeemed", reservations.reserve("ptk_a").code());
        now.addAndGet(TokenReservations.TOKEN_LIFETIME.minusNanos(1).toNanos());
        assertEquals("already_redeemed", reservations.reserve("ptk_a").code(), "a nanosecond before the 5 minutes end");
        assertEquals(1, reservations.kept());

        now.incrementAndGet();
        assertNull(reservations.reserve("ptk_a"), "Playtcha answers token_expired for it now");
        assertEquals(0, reservations.kept());
    }

    @Test
    void whenFull_theOldestLetThroughIsForgottenFirst() {
        for (String token : new String[] {"ptk_a", "ptk_b", "ptk_c"}) {
            assertNull(reservations.reserve(token));
            reservations.keepLetThrough(token);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }

        assertEquals(2, reservations.kept(), "the capacity");
        assertNull(reservations.reserve("ptk_a"), "the oldest, forgotten");
        assertEquals("already_redeemed", reservations.reserve("ptk_b").code());
        assertEquals("already_redeemed", reservations.reserve("ptk_c").code());
    }
}
