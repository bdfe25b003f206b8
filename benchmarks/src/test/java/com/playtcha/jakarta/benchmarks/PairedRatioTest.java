package com.playtcha.jakarta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatioTest {

    @Test
    void nineRounds_theIntervalIsTheSecondSmallestToTheSecondLargest_with96PercentCoverage() {
        PairedRatio ratio = PairedRatio.of(1.04, 0.71, 0.99, 1.01, 0.98, 1.30, 1.02, 0.97, 1.00);

        assertEquals(1.00, ratio.median(), 1e-9);
        assertEquals(0.97, ratio.low(), 1e-9);
        assertEquals(1.04, ratio.high(), 1e-9);
        assertEquals(1 - 2 * 10 / 512.0, ratio.coverage(), 1e-9); // 1 - 2 P(X <= 1), X ~ Bin(9, 1/2)
        assertEquals(9, ratio.rounds());
        assertEquals("1.00 [0.97-1.04]", ratio.toString());
    }

    @Test
    void oneDisturbedRound_movesTheMedianByOneRankAtMost() {
        PairedRatio quiet = PairedRatio.of(1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.01, 0.99, 1.00);
        PairedRatio disturbed = PairedRatio.of(1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.01, 0.99, 0.60);

        assertEquals(1.00, quiet.median(), 1e-9);
        assertEquals(1.00, disturbed.median(), 1e-9);
    }

    @Test
    void fewRounds_theIntervalIsTheRange_withTheLowerCoverageItHas() {
        PairedRatio three = PairedRatio.of(0.9, 1.1, 1.0);

        assertEquals(0.9, three.low(), 1e-9);
        assertEquals(1.1, three.high(), 1e-9);
        assertEquals(0.75, three.coverage(), 1e-9);
        assertEquals(0.5, PairedRatio.of(2.0, 1.0).coverage(), 1e-9);
        assertEquals(1.5, PairedRatio.of(2.0, 1.0).median(), 1e-9);
    }

    @Test
    void coverage_neverFallsBelowTheAimOnceTheRoundsAllowIt() {
        for (int n = 6; n <= 40; n++) {
            assertTrue(PairedRatio.coverage(n) >= PairedRatio.COVERAGE, "n=" + n);
        }
        assertTrue(PairedRatio.coverage(5) < PairedRatio.COVERAGE);
    }

    @Test
    void straddles_saysWhetherTheRunCanTellTheMedianFromTheBound() {
        PairedRatio ratio = PairedRatio.of(0.93, 0.95, 0.96, 0.99, 1.01, 0.94, 0.97, 0.98, 0.92);

        assertEquals(0.96, ratio.median(), 1e-9);
        assertTrue(ratio.straddles(0.97));
        assertFalse(ratio.straddles(0.90));
    }

    @Test
    void roundByRound_figuresOfTwoVariants() {
        Stats fast = new Stats(100, 0, 200, 0, 0, 0, 0, 0, 50);
        Stats slow = new Stats(100, 0, 100, 0, 0, 0, 0, 0, 100);

        PairedRatio throughput = PairedRatio.of(List.of(fast, slow, fast), List.of(slow, slow, slow), Stats::throughput);

        assertEquals(2.0, throughput.median(), 1e-9);
        assertEquals(1.0, throughput.low(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(List.of(fast), List.of(), Stats::throughput));
    }
}
