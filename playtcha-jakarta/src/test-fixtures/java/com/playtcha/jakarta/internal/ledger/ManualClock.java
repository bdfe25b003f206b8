package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A clock the test moves, for ledgers that run one pass at a time, and for the parts that count
 * intervals in nanoseconds ({@link #nanoTime}, which moves with it).
 */
public final class ManualClock extends VerifierClock {

    private static final Instant START = Instant.parse("2026-11-21T08:00:00Z");

    private volatile Instant now = START;

    /**
     * A clock whose {@code nanoTime} is what {@code nanoTime} reads (a number the test moves, near the
     * wrap of a {@code long} if it likes), and whose instant moves with it from the same start.
     */
    public static VerifierClock reading(LongSupplier nanoTime) {
        long origin = nanoTime.getAsLong();
        return new VerifierClock() {
            @Override
            public Instant instant() {
                return START.plusNanos(nanoTime.getAsLong() - origin);
            }

            @Override
            public long nanoTime() {
                return nanoTime.getAsLong();
            }
        };
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** A {@code System.nanoTime()} that moves only with {@link #advance}: the nanoseconds since the epoch. */
    @Override
    public long nanoTime() {
        Instant at = now;
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
