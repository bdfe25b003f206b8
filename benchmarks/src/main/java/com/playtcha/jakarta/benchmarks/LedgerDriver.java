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

    /** What one window recorded: each recorded entry's time, the refusals, and how long recording lasted. */
    record Window(long[] sortedNanos, long refused, double seconds) {
    }

    private final PlaytchaVerifier verifier;
    private final AtomicLong sequence = new AtomicLong();

    /** @param verifier a verifier whose breaker is open (its settings fail open, with no client budget) */
    LedgerDriver(PlaytchaVerifier verifier) {
        this.verifier = verifier;
    }

    Window run(int threads, long intervalNanos, double seconds) throws InterruptedException {
        long[][] nanos = new long[threads][];
        AtomicLong refused = new AtomicLong();
        AtomicLong fullAt = new AtomicLong(Long.MAX_VALUE);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int slot = t;
            long first = start + intervalNanos * t / threads;
            all[t] = new Thread(() -> nanos[slot] = record(first, intervalNanos, end, refused, fullAt), "bench-ledger-" + t);
            all[t].start();
        }
        for (Thread thread : all) {
            thread.join();
        }
        long stopped = Math.min(end, fullAt.get());
        long[] sorted = Arrays.stream(nanos).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Window(sorted, refused.get(), (stopped - start) / 1e9);
    }

    private long[] record(long next, long interval, long end, AtomicLong refused, AtomicLong fullAt) {
        long[] times = new long[1 << 12];
        int n = 0;
        while (System.nanoTime() - end < 0 && fullAt.get() == Long.MAX_VALUE) {
            next = pace(next, interval);
            String token = "bench-token-" + sequence.incrementAndGet();
            Verification v = verifier.verify(token, "127.0.0.1", "/signup");
            if (v.ledgerEntry() == null) {
                fullAt.accumulateAndGet(System.nanoTime(), Math::min);
                refused.incrementAndGet();
                break;
            }
            long took = v.duration().toNanos();
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
            }
            times[n++] = took;
        }
        return Arrays.copyOf(times, n);
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
