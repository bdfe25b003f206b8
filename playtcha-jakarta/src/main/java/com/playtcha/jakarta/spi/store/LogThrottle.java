package com.playtcha.jakarta.spi.store;

import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SPI: lets a log line that may be due thousands of times a second (a verify turned away, a listener
 * failing on every request, a login refused outside {@code @PlaytchaLogin}'s paths) be written at most once
 * per period, with the count of those left out since the last one, so a flood cannot flood the log too.
 * Lock-free; of threads that count at the moment a line falls due, exactly one is told to write it. The
 * caller reads the time: the verifier's clock ({@link VerifierClock#nanoTime}), or {@code System.nanoTime}
 * where it has none. Serializable, counts and all, for the CDI interceptor that keeps one.
 */
public final class LogThrottle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long periodNanos;
    private final AtomicLong count = new AtomicLong();
    /** When the last line was due, in the caller's {@code nanoTime}; 0 before the first. */
    private final AtomicLong noted = new AtomicLong();

    /** A throttle letting one line through per {@code period}. */
    public LogThrottle(long period, TimeUnit unit) {
        this.periodNanos = unit.toNanos(period);
    }

    /**
     * Counts one at {@code nanoTime}; returns the count since the last line when a line is due now (the first
     * one is), else 0.
     */
    public long count(long nanoTime) {
        count.incrementAndGet();
        long last = noted.get();
        boolean due = last == 0 || nanoTime - last >= periodNanos;
        if (due && noted.compareAndSet(last, nanoTime == 0 ? 1 : nanoTime)) {
            return count.getAndSet(0);
        }
        return 0;
    }
}
