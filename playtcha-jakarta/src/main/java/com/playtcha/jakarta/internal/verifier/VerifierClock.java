package com.playtcha.jakarta.internal.verifier;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one time source of a verifier, read two ways: as a UTC {@link Clock}, for the instants it
 * records and reports (the ledger's entries and journal, decision events, the status page), and
 * through {@link #nanoTime()}, a monotonic count for the intervals it measures (the breaker's
 * cool-down, the client budgets' refill, the log's periods, the fault window, the tombstones'
 * lifetime, a decision's duration). {@link Verifiers} hands every part {@link #SYSTEM}, or its
 * {@code nanoTime}; a test hands one fake clock instead and moves both readings together.
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
