package com.playtcha.jakarta.internal.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves, for ledgers that run one pass at a time, and for the parts that count
 * intervals in nanoseconds ({@link #nanoTime}, which moves with it).
 */
public final class ManualClock extends Clock {

    private volatile Instant now = Instant.parse("2026-11-21T08:00:00Z");

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** A {@code System.nanoTime()} that moves only with {@link #advance}: the nanoseconds since the epoch. */
    public long nanoTime() {
        Instant at = now;
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
