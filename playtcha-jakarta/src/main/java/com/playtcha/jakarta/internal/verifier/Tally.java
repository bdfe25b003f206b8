package com.playtcha.jakarta.internal.verifier;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts something that may happen thousands of times a second (a verify turned away) and says when
 * to log the count: at most once per period, so a flood cannot flood the log too. Lock-free; of
 * threads that count at the moment a note falls due, exactly one is told to write it. The clock is
 * the verifier's {@code nanoTime} (a fake one in tests).
 */
final class Tally {

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong count = new AtomicLong();
    /** When the last note was due, in {@code nanoTime}; 0 before the first. */
    private final AtomicLong noted = new AtomicLong();

    Tally(long period, TimeUnit unit, LongSupplier nanoTime) {
        this.periodNanos = unit.toNanos(period);
        this.nanoTime = nanoTime;
    }

    /** Counts one; returns the count since the last note when a note is due now (the first one is), else 0. */
    long add() {
        count.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = noted.get();
        boolean due = last == 0 || now - last >= periodNanos;
        if (due && noted.compareAndSet(last, now == 0 ? 1 : now)) {
            return count.getAndSet(0);
        }
        return 0;
    }
}
