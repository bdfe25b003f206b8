package com.playtcha.jakarta.spi.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * SPI: the one time source of a verifier and of everything built beside it: a UTC {@link Clock} for the
 * instants it records and the wall-clock times every node compares (the cluster's leases, buckets and
 * counts), and {@link #nanoTime()} for the intervals it measures. The engine hands every part, and the
 * cluster module's stores and their Bucket4j client clock, the same one: {@link #SYSTEM}, or in a test
 * one fake clock that moves both readings together.
 */
public abstract class VerifierClock extends Clock {

    /** The JVM's clocks: {@link Instant#now()} and {@link System#nanoTime()}. */
    public static final VerifierClock SYSTEM = new VerifierClock() {
        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    /** Nanoseconds from an arbitrary origin that never jumps; compare differences only, as with {@link System#nanoTime()}. */
    public abstract long nanoTime();

    @Override
    public final ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Only UTC: what the verifier records are instants, and no part asks for a zone. */
    @Override
    public final Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("a verifier's clock is UTC");
        }
        return this;
    }
}
