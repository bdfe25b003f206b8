package com.playtcha.jakarta.benchmarks;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests of one measured window (or several, merged): each request's latency in nanoseconds,
 * grouped by what came back ({@code verified}, {@code unavailable circuit_open}, {@code status 503},
 * {@code error SocketTimeoutException}, ...), the window's length, the bytes the server side
 * allocated in it and the CPU time it used ({@link ServerCost}).
 */
record Sample(Map<String, long[]> latencies, double seconds, long serverAllocatedBytes, long serverCpuNanos)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    Sample {
        Map<String, long[]> sorted = new TreeMap<>();
        latencies.forEach((label, nanos) -> {
            long[] copy = nanos.clone();
            Arrays.sort(copy);
            sorted.put(label, copy);
        });
        latencies = Collections.unmodifiableMap(sorted);
    }

    static final Sample EMPTY = new Sample(Map.of(), 0, 0, 0);

    /** This and {@code other} as one sample: windows add up. */
    Sample plus(Sample other) {
        Map<String, long[]> merged = new LinkedHashMap<>(latencies);
        other.latencies.forEach((label, nanos) -> merged.merge(label, nanos, Sample::concat));
        return new Sample(merged, seconds + other.seconds, serverAllocatedBytes + other.serverAllocatedBytes,
                serverCpuNanos + other.serverCpuNanos);
    }

    static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    long requests() {
        return latencies.values().stream().mapToLong(l -> l.length).sum();
    }

    long count(String label) {
        long[] nanos = latencies.get(label);
        return nanos == null ? 0 : nanos.length;
    }

    /** Requests that came back other than {@code expected}. */
    long unexpected(String expected) {
        return requests() - count(expected);
    }

    /** Every latency, sorted. */
    long[] all() {
        return latencies.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    /** Latencies of requests that came back {@code label}, sorted (empty when none did). */
    long[] only(String label) {
        return latencies.getOrDefault(label, new long[0]);
    }

    /** Each label with its count, for a report line: {@code verified 1200, status 503 3}. */
    String breakdown() {
        StringBuilder text = new StringBuilder();
        latencies.forEach((label, nanos) -> text.append(text.length() == 0 ? "" : ", ").append(label).append(' ')
                .append(nanos.length));
        return text.toString();
    }
}
