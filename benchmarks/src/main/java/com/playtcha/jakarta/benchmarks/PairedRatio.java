package com.playtcha.jakarta.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One variant against another in one cell, round by round: the ratio of their figures in each round
 * (the two windows of a round run a few seconds apart), the median of those ratios, and an interval
 * that holds the true median with the stated probability whatever the ratios' distribution.
 *
 * <p>Why the median of per-round ratios and not the ratio of the merged windows: on two CPUs shared
 * with the simulator and the load generator, one window in a cell now and then loses a quarter of its
 * throughput to something outside the variant (the JIT, a collection, another process). Merged, such a
 * window moves the whole cell's ratio; as one of nine per-round ratios it moves the median by at most
 * one rank. The interval tells whether a cell's verdict is the variants' difference or the run's noise.
 *
 * <p>The interval is the distribution-free one for a median: with {@code n} ratios sorted, the
 * {@code k}-th smallest and the {@code k}-th largest bound the median with probability
 * {@code 1 - 2 P(X < k)}, {@code X} binomial with {@code n} trials of one half; {@code k} is the
 * largest that keeps the coverage at or above {@value #COVERAGE}. Written here because it is a sum of
 * binomial terms: a statistics library for it would be a dependency for ten lines. With fewer than six
 * rounds no {@code k} reaches that coverage, and the interval is the smallest and largest ratio, with
 * the lower coverage it has.
 *
 * @param median   the median of the per-round ratios
 * @param low      the interval's lower end
 * @param high     the interval's upper end
 * @param coverage the probability the interval holds the median
 * @param rounds   how many rounds (ratios) it rests on
 */
record PairedRatio(double median, double low, double high, double coverage, int rounds) {

    /** The interval's coverage aimed at. */
    static final double COVERAGE = 0.95;

    /**
     * {@code figure(a) / figure(b)} in each round; both lists hold one entry per round, in the order
     * the rounds ran.
     */
    static PairedRatio of(List<Stats> a, List<Stats> b, ToDoubleFunction<Stats> figure) {
        if (a.size() != b.size() || a.isEmpty()) {
            throw new IllegalArgumentException("rounds differ or are missing: " + a.size() + " and " + b.size());
        }
        double[] ratios = new double[a.size()];
        for (int round = 0; round < ratios.length; round++) {
            ratios[round] = figure.applyAsDouble(a.get(round)) / figure.applyAsDouble(b.get(round));
        }
        return of(ratios);
    }

    /** The median of {@code ratios} and its interval. */
    static PairedRatio of(double... ratios) {
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int k = rank(n);
        return new PairedRatio(median, sorted[k - 1], sorted[n - k], coverage(n, k), n);
    }

    /** The coverage of the interval over {@code rounds} ratios. */
    static double coverage(int rounds) {
        return coverage(rounds, rank(rounds));
    }

    /** The largest {@code k} whose interval [x(k), x(n+1-k)] keeps {@link #COVERAGE}; 1 when none does. */
    private static int rank(int n) {
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= COVERAGE) {
            k++;
        }
        return k;
    }

    /** {@code 1 - 2 P(X <= k - 1)} for {@code X} binomial(n, 1/2): how often [x(k), x(n+1-k)] holds the median. */
    static double coverage(int n, int k) {
        double below = 0;
        double term = Math.pow(0.5, n); // P(X = 0)
        for (int i = 0; i < k; i++) {
            below += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * below);
    }

    /** Whether the interval reaches {@code bound}: the run cannot tell the median from the bound. */
    boolean straddles(double bound) {
        return low <= bound && bound <= high;
    }

    /** {@code 0.95 [0.90-1.01]}: the median and its interval. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median, low, high);
    }
}
