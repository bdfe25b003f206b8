package com.playtcha.jakarta.internal.verifier;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts something that may happen thousands of times a second (a verify turned away) and says when
 * to log the count: at most once per period, so a flood cannot flood the log too. Lock-free; of
 * threads that count at the moment a note falls due, exactly one is told to write it.
 */
final class Tally {

    private final long periodNanos;
    private final AtomicLong count = new AtomicLong();
    /** When the last note was due, in {@code System.nanoTime()}; 0 before the first. */
    private final AtomicLong noted = new AtomicLong();

    Tally(long period, TimeUnit unit) {
        this.periodNanos = unit.toNanos(period);
    }

    /** Counts one; returns the count since the last note when a note is due now (the first one is), else 0. */
    long add() {
        count.incrementAndGet();
        long now = System.nanoTime();
        long last = noted.get();
        boolean due = last == 0 || now - last >= periodNanos;
        if (due && noted.compareAndSet(last, now == 0 ? 1 : now)) {
            return count.getAndSet(0);
        }
        return 0;
    }
}
