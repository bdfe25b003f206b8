package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The store's state as {@code StoreCalls} changes it: each transition a new value (the reference is
 * swapped whole), slowness and an outage kept apart, so a store that was slow before it failed is slow
 * again when it comes back until a trial is answered in time.
 */
class StoreStateTest {

    private static final long RETRY = 1_000;
    private final LocalFault first = new LocalFault(LocalFault.BUDGETS_LOCAL, Instant.EPOCH, "refused");
    private final LocalFault second = new LocalFault(LocalFault.BUDGETS_LOCAL, Instant.EPOCH, "reset");

    @Test
    void shared_isNeitherAwayNorSlow() {
        assertNull(StoreState.SHARED.fault());
        assertFalse(StoreState.SHARED.slow());
        assertSame(StoreState.SHARED, StoreState.SHARED.inTime());
        assertSame(StoreState.SHARED, StoreState.SHARED.answered());
    }

    @Test
    void lost_keepsTheFirstFault_andPutsTheNextProbeARetryAfterTheLastFailure() {
        StoreState away = StoreState.SHARED.lost(first, 10, RETRY);
        assertSame(first, away.fault());
        StoreState again = away.lost(second, 500, RETRY);
        assertSame(first, again.fault(), "one WARNING: the fault it began with");
        assertEquals(1_500, ((StoreState.Away) again).next());
        assertSame(StoreState.SHARED, again.answered(), "a probe's answer shares again");
    }

    @Test
    void slowed_thenAnsweredInTime_isSharedAgain_andATrialWaitsARetry() {
        StoreState slow = StoreState.SHARED.slowed(100, RETRY);
        assertTrue(slow.slow());
        assertNull(slow.fault(), "slow is not away: the node stays on the store");
        StoreState trying = new StoreState.Slow(((StoreState.Slow) slow).next(), true);
        assertEquals(new StoreState.Slow(2_000, false), trying.tried(1_000, RETRY));
        assertSame(StoreState.SHARED, trying.inTime());
    }

    @Test
    void slowBeforeAnOutage_isSlowAfterIt_untilATrialIsAnsweredInTime() {
        StoreState away = StoreState.SHARED.slowed(100, RETRY).lost(first, 200, RETRY);
        assertSame(first, away.fault());
        assertTrue(away.slow());
        StoreState back = away.probed(300, RETRY).answered();
        assertNull(back.fault());
        assertTrue(back.slow(), "the outage did not answer a login's call in time");
        assertSame(StoreState.SHARED, back.inTime());
    }

    @Test
    void slowedWhileAway_staysAway_andIsSlowOnceBack() {
        StoreState away = StoreState.SHARED.lost(first, 0, RETRY).slowed(50, RETRY);
        assertSame(first, away.fault());
        assertTrue(away.answered().slow());
        assertFalse(away.inTime().answered().slow(), "a call answered in time meanwhile ends the slowness");
    }

    @Test
    void probed_endsTheProbe_andPutsTheNextARetryLater() {
        StoreState probing = new StoreState.Away(first, 0, true, StoreState.SHARED);
        assertEquals(new StoreState.Away(first, 1_700, false, StoreState.SHARED), probing.probed(700, RETRY));
        assertSame(StoreState.SHARED, StoreState.SHARED.probed(700, RETRY), "nothing to end once shared");
    }
}
