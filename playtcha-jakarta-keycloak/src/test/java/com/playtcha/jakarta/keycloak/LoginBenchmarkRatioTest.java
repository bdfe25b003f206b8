package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Keycloak login benchmark's ratio is the benchmarks module's paired ratio: the median of per-round ratios, its interval distribution-free. */
class LoginBenchmarkRatioTest {

    @Test
    void nineRounds_theIntervalIsTheSecondSmallestToTheSecondLargest() {
        double[] extension = {104, 71, 99, 101, 98, 130, 102, 97, 100};
        double[] stock = {100, 100, 100, 100, 100, 100, 100, 100, 100};

        KeycloakLoginBenchmarkIT.Ratio ratio = KeycloakLoginBenchmarkIT.Ratio.of(extension, stock);

        assertEquals(1.00, ratio.median(), 1e-9);
        assertEquals(0.97, ratio.low(), 1e-9);
        assertEquals(1.04, ratio.high(), 1e-9);
        assertEquals(1 - 2 * 10 / 512.0, ratio.coverage(), 1e-9);
        assertEquals("1.000 [0.970-1.040]", ratio.toString());
    }

    @Test
    void percentile_isTheNearestRank() {
        double[] values = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};

        assertEquals(5, KeycloakLoginBenchmarkIT.percentile(values, 0.5));
        assertEquals(9, KeycloakLoginBenchmarkIT.percentile(values, 0.9));
    }
}
