package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a verifier implementation can and cannot build: every kind counted, no negative count, no more openings than transitions. */
class VerifierStatusBuilderTest {

    @Test
    void unknown_isTheEmptyBuild_withEveryKindAtZero() {
        VerifierStatus unknown = VerifierStatus.builder().build();

        assertEquals(VerifierStatus.UNKNOWN, unknown);
        assertEquals(BreakerState.UNKNOWN, unknown.breaker());
        assertNull(unknown.breakerSince());
        assertEquals(DecisionEvent.Kind.values().length, unknown.decisions().size());
        assertEquals(0, unknown.decisions(DecisionEvent.Kind.FAILED_OPEN));
    }

    @Test
    void givenValues_areKept_andKindsLeftOut_countZero() {
        Instant since = Instant.parse("2026-11-23T05:00:00Z");
        VerifierStatus status = VerifierStatus.builder().breaker(BreakerState.OPEN, since).consecutiveFailures(0)
                .breakerTransitions(3, 2).ledger(4, 50).decisions(Map.of(DecisionEvent.Kind.FAILED_OPEN, 4L)).build();

        assertEquals(since, status.breakerSince());
        assertEquals(2, status.breakerTransitionsTo(BreakerState.OPEN));
        assertEquals(4, status.decisions(DecisionEvent.Kind.FAILED_OPEN));
        assertEquals(0, status.decisions(DecisionEvent.Kind.VERIFIED));
        assertEquals(4, status.ledgerOpen());
    }

    @Test
    void negativeCounts_andMoreOpeningsThanTransitions_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> VerifierStatus.builder().ledger(-1, 10).build());
        assertThrows(IllegalArgumentException.class, () -> VerifierStatus.builder().breakerTransitions(1, 2).build());
        assertThrows(IllegalArgumentException.class,
                () -> VerifierStatus.builder().decisions(Map.of(DecisionEvent.Kind.VERIFIED, -1L)).build());
        assertThrows(NullPointerException.class, () -> VerifierStatus.builder().breaker(null, null).build());
    }
}
