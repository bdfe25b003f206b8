package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.spi.store.VerifierClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a log line that may be due thousands of times a second (a verify turned away, a listener
 * failing on every request) be written at most once per period, with the count of those left out
 * since the last one, so a flood cannot flood the log too. Lock-free; of threads that count at the
 * moment a line falls due, exactly one is told to write it, on the verifier's clock.
 */
final class LogThrottle {

    private final long periodNanos;
    private final VerifierClock clock;
    private final AtomicLong count = new AtomicLong();
    /** When the last line was due, in {@code clock.nanoTime()}; 0 before the first. */
    private final AtomicLong noted = new AtomicLong();

    LogThrottle(long period, TimeUnit unit, VerifierClock clock) {
        this.periodNanos = unit.toNanos(period);
        this.clock = clock;
    }

    /** Counts one; returns the count since the last line when a line is due now (the first one is), else 0. */
    long count() {
        count.incrementAndGet();
        long now = clock.nanoTime();
        long last = noted.get();
        boolean due = last == 0 || now - last >= periodNanos;
        if (due && noted.compareAndSet(last, now == 0 ? 1 : now)) {
            return count.getAndSet(0);
        }
        return 0;
    }
}
