package com.playtcha.jakarta.benchmarks;

import java.util.Arrays;

/**
 * The figures of one variant in one cell.
 *
 * @param requests          requests completed in the measured windows
 * @param unexpected        requests that did not come back as they should (errors, statuses, no verdict)
 * @param throughput        requests per second
 * @param meanMillis        mean latency (what Little's law relates to throughput)
 * @param p50Millis         median latency
 * @param p99Millis         99th percentile latency
 * @param maxMillis         the slowest request
 * @param allocatedPerRequest bytes allocated on the server side per request ({@link ServerCost})
 * @param cpuMicrosPerRequest CPU time used on the server side per request, in microseconds ({@link ServerCost})
 */
record Stats(long requests, long unexpected, double throughput, double meanMillis, double p50Millis, double p99Millis, double maxMillis,
        double allocatedPerRequest, double cpuMicrosPerRequest) {

    static Stats of(Sample sample, String expected) {
        long[] nanos = sample.all();
        double mean = nanos.length == 0 ? 0 : Arrays.stream(nanos).average().orElse(0);
        return new Stats(nanos.length, sample.unexpected(expected), nanos.length / sample.seconds(), mean / 1e6,
                millis(percentile(nanos, 0.50)), millis(percentile(nanos, 0.99)), millis(percentile(nanos, 1.0)),
                nanos.length == 0 ? 0 : (double) sample.serverAllocatedBytes() / nanos.length,
                nanos.length == 0 ? 0 : sample.serverCpuNanos() / 1e3 / nanos.length);
    }

    /** The nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
