package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Request threads deciding requests that fail open on one verifier whose breaker is open, for
 * {@link LedgerBenchmark}: each call is answered {@code circuit_open} locally and records its entry
 * before it returns, so its measured {@link Verification#duration()} is what a fail-open request costs
 * during an outage, recording included, and nothing else (no network). Either as fast as they can
 * ({@code interval} zero) or each at most once per {@code interval}, their starts spread over it, as
 * the outage's paced clients. A request the ledger refuses (it is full, and with Playtcha unreachable
 * nothing drains it) is counted apart, not timed, and ends the window: a refusal records nothing, so
 * counting it would flatter the store.
 */
final class LedgerDriver {

    /**
     * What one window recorded: each recorded entry's time and when it started (nanoseconds after the
     * window's start, in the same order), the refusals, and how long recording lasted.
     */
    record Window(long[] nanos, long[] startedAt, long refused, double seconds) {

        /** Every entry's time, sorted. */
        long[] sortedNanos() {
            return sortedNanos(0);
        }

        /** The times of the entries that started at least {@code after} nanoseconds into the window, sorted. */
        long[] sortedNanos(long after) {
            long[] from = new long[nanos.length];
            int n = 0;
            for (int i = 0; i < nanos.length; i++) {
                if (startedAt[i] >= after) {
                    from[n++] = nanos[i];
                }
            }
            long[] sorted = Arrays.copyOf(from, n);
            Arrays.sort(sorted);
            return sorted;
        }
    }

    private final PlaytchaVerifier verifier;
    private final AtomicLong sequence = new AtomicLong();

    /** @param verifier a verifier whose breaker is open (its settings fail open, with no client budget) */
    LedgerDriver(PlaytchaVerifier verifier) {
        this.verifier = verifier;
    }

    Window run(int threads, long intervalNanos, double seconds) throws InterruptedException {
        long[][] nanos = new long[threads][];
        long[][] starts = new long[threads][];
        AtomicLong refused = new AtomicLong();
        AtomicLong fullAt = new AtomicLong(Long.MAX_VALUE);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int slot = t;
            long first = start + intervalNanos * t / threads;
            all[t] = new Thread(() -> {
                long[][] mine = record(start, first, intervalNanos, end, refused, fullAt);
                nanos[slot] = mine[0];
                starts[slot] = mine[1];
            }, "bench-ledger-" + t);
            all[t].start();
        }
        for (Thread thread : all) {
            thread.join();
        }
        long stopped = Math.min(end, fullAt.get());
        return new Window(Arrays.stream(nanos).flatMapToLong(Arrays::stream).toArray(),
                Arrays.stream(starts).flatMapToLong(Arrays::stream).toArray(), refused.get(), (stopped - start) / 1e9);
    }

    /** One thread's entries: their times and their starts after {@code start}. */
    private long[][] record(long start, long next, long interval, long end, AtomicLong refused, AtomicLong fullAt) {
        long[] times = new long[1 << 12];
        long[] starts = new long[times.length];
        int n = 0;
        while (System.nanoTime() - end < 0 && fullAt.get() == Long.MAX_VALUE) {
            next = pace(next, interval);
            String token = "bench-token-" + sequence.incrementAndGet();
            long begun = System.nanoTime();
            Verification v = verifier.verify(token, "127.0.0.1", "/signup");
            if (v.ledgerEntry() == null) {
                fullAt.accumulateAndGet(System.nanoTime(), Math::min);
                refused.incrementAndGet();
                break;
            }
            long took = v.duration().toNanos();
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
            }
            starts[n] = begun - start;
            times[n++] = took;
        }
        return new long[][] {Arrays.copyOf(times, n), Arrays.copyOf(starts, n)};
    }

    /** Waits until {@code next} (not at all when unpaced); returns when the record after this one is due. */
    private static long pace(long next, long interval) {
        if (interval == 0) {
            return next;
        }
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return Math.max(next + interval, System.nanoTime());
    }
}
