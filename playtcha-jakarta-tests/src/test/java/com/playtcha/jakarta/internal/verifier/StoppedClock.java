package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A verifier's clock that stands still until the test moves it: its instant and its nanoTime move together. */
final class StoppedClock extends VerifierClock {

    private static final Instant START = Instant.parse("2026-11-21T08:00:00Z");
    /** Not 0: a nanoTime of 0 means "never" to some parts, as it never does on a running JVM. */
    private static final long ORIGIN = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(ORIGIN);

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public Instant instant() {
        return START.plusNanos(nanos.get() - ORIGIN);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }
}
