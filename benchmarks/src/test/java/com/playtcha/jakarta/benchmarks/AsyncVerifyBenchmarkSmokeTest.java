package com.playtcha.jakarta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncVerifyBenchmark} still works: one cell of each kind, small and short (a quarter of a second per window,
 * one round), every variant verifying against its own fixed-reply server and none failing. Measures nothing.
 */
class AsyncVerifyBenchmarkSmokeTest {

    @Test
    void everyVariantVerifies_andTheReportIsWritten() throws Exception {
        List<AsyncVerifyBenchmark.Cell> cells = List.of(
                new AsyncVerifyBenchmark.Cell("4 in flight", 4, false, List.of(AsyncVerifyBenchmark.Variant.ASYNC,
                        AsyncVerifyBenchmark.Variant.HTTPCLIENT5, AsyncVerifyBenchmark.Variant.WEBCLIENT,
                        AsyncVerifyBenchmark.Variant.RAW)),
                new AsyncVerifyBenchmark.Cell("2 threads", 2, true, List.of(AsyncVerifyBenchmark.Variant.BLOCKING,
                        AsyncVerifyBenchmark.Variant.BLOCKING_VIA_ASYNC, AsyncVerifyBenchmark.Variant.RAW)));

        AsyncVerifyBenchmark.Results results = AsyncVerifyBenchmark.run(0.25, 1, cells);

        for (Map<AsyncVerifyBenchmark.Variant, List<AsyncVerifyBenchmark.Window>> cell : results.figures().values()) {
            cell.forEach((variant, windows) -> {
                assertEquals(1, windows.size(), variant.label);
                assertTrue(windows.get(0).verifies() > 0, variant.label + " verified nothing");
                assertEquals(0, windows.get(0).failures(), variant.label + " failed");
            });
        }
        String report = AsyncVerifyBenchmark.report(results);
        assertTrue(report.contains("| verifyAsync |") && report.contains("| HttpClient 5 async by hand |")
                && report.contains("| WebClient by hand |") && report.contains("| CPU vs the bare HttpClient 5 |"), report);
    }
}
