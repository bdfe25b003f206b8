package com.playtcha.jakarta.internal.verifier;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one time source of a verifier: a UTC {@link Clock} for the instants it records and reports, and
 * {@link #nanoTime()} for the intervals it measures. {@link Verifiers} hands every part {@link #SYSTEM};
 * a test hands one fake clock and moves both readings together.
 */
abstract class VerifierClock extends Clock {

    /** The JVM's clocks: {@link Instant#now()} and {@link System#nanoTime()}. */
    static final VerifierClock SYSTEM = new VerifierClock() {
        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        long nanoTime() {
            return System.nanoTime();
        }
    };

    /** Nanoseconds from an arbitrary origin that never jumps; compare differences only, as with {@link System#nanoTime()}. */
    abstract long nanoTime();

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
