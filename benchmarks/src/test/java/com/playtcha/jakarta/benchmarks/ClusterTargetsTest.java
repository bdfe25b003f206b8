package com.playtcha.jakarta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the cluster part's CPU and p99 targets are judged ({@link ClusterBenchmark#judged}), on per-pair figures. */
class ClusterTargetsTest {

    private static final List<String> CELLS = List.of("0 ms x 1", "0 ms x 16", "20 ms x 1", "20 ms x 16");
    private static final double[] QUIET = {0.99, 1.01, 1.00, 1.02, 0.98, 1.00};

    private static Targets.Target cpu(double[]... cells) {
        return ClusterBenchmark.judged("cpu", List.of(cells), CELLS, ClusterBenchmark.CPU_RATIO, PairedRatio::toString, "", "more");
    }

    @Test
    void oneCellsMedianOverTheBound_withItsIntervalReachingBelowIt_isMet() {
        double[] noisy = {0.97, 1.06, 1.12, 1.08, 1.29, 1.00}; // median 1.07: one cell's noise at its largest

        Targets.Target target = cpu(QUIET, QUIET, noisy, QUIET);

        assertEquals(Targets.Verdict.MET, target.verdict(), target.figures());
        assertTrue(target.figures().startsWith("all 24 pairs: 1.00 ["), target.figures());
        assertTrue(target.figures().contains("highest cell 20 ms x 1: 1.07 [0.97-1.29]"), target.figures());
    }

    @Test
    void aCostInOneCellAlone_everyPairOfItOverTheBound_isNotMet() {
        double[] costly = {1.10, 1.12, 1.09, 1.15, 1.11, 1.08};

        Targets.Target target = cpu(QUIET, QUIET, costly, QUIET);

        assertEquals(Targets.Verdict.NOT_MET, target.verdict());
        assertTrue(target.figures().endsWith("the whole interval of 20 ms x 1 is over it"), target.figures());
    }

    @Test
    void aCostInEveryCell_underEachCellsNoise_isNotMet_byThePooledMedian() {
        double[] a = {1.03, 1.07, 1.06, 1.10, 1.04, 1.08};
        double[] b = {1.02, 1.09, 1.06, 1.07, 1.05, 1.11};

        Targets.Target target = cpu(a, b, a, b);

        assertEquals(Targets.Verdict.NOT_MET, target.verdict());
        assertTrue(target.figures().endsWith("the pooled median is over it"), target.figures());
    }

    @Test
    void p99Differences_inMilliseconds_aBoundInsideThePooledInterval_isSaid() {
        double[] differences = {-0.40, 0.20, 1.10, 0.30, 1.50, 0.90};

        Targets.Target target = ClusterBenchmark.judged("p99", List.of(differences, differences, differences, differences), CELLS,
                ClusterBenchmark.P99_MILLIS, ClusterBenchmark::ms, " ms", "more");

        assertEquals(Targets.Verdict.MET, target.verdict(), target.figures());
        assertTrue(target.figures().startsWith("all 24 pairs: +0.60 [+0.20, +1.10] ms;"), target.figures());
        assertTrue(target.figures().endsWith("bound 1 ms (inside the pooled interval)"), target.figures());
    }
}
