package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The verify budget of every client address: a token bucket per address ({@link AddressKey}: IPv4 as
 * is, IPv6 by its /64), holding up to {@code burst} verifies and earning back {@code per-minute} of
 * them a minute. A verify that finds its bucket empty is refused, and nothing is spent.
 *
 * <p>A bucket is one number, the time at which it is full again (the generic cell rate algorithm):
 * a verify may go when that time is at most {@code burst - 1} intervals ahead, and pushes it one
 * interval on. An address seen for the first time, or forgotten, starts full.
 *
 * <p>Memory is bounded: at most {@code addresses} buckets are kept, in up to 64 segments chosen by
 * the key's hash, each an access-ordered map with its own lock and its share of the bound; a segment
 * that is full forgets its least recently used address first. A check is one hash lookup under one
 * segment's lock, so threads contend only when their addresses fall in the same segment (all of them
 * at once only for one address: one client, or every client behind one proxy).
 */
public final class ClientBudgets {

    private static final int MAX_SEGMENTS = 64;
    /** Addresses per segment below which there are fewer segments: a tiny bound keeps its order exact. */
    private static final int MIN_PER_SEGMENT = 16;
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanoTime;
    /** Nanoseconds to earn back one verify. */
    private final long interval;
    /** How far ahead of now a bucket's "full again" may be for one more verify: {@code burst - 1} intervals. */
    private final long slack;
    private final Segment[] segments;

    private ClientBudgets(PlaytchaSettings.ClientBudget settings, int segmentCount, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.interval = MINUTE_NANOS / settings.perMinute();
        this.slack = interval * (settings.burst() - 1L);
        segments = new Segment[segmentCount];
        for (int i = 0; i < segmentCount; i++) {
            // Shares of the bound that add up to it exactly.
            segments[i] = new Segment(settings.addresses() / segmentCount + (i < settings.addresses() % segmentCount ? 1 : 0));
        }
    }

    /**
     * The budgets these settings describe.
     *
     * @param nanoTime the clock, {@code System::nanoTime} (a fake one in tests)
     */
    public static ClientBudgets of(PlaytchaSettings.ClientBudget settings, LongSupplier nanoTime) {
        int segments = Integer.highestOneBit(Math.max(1, settings.addresses() / MIN_PER_SEGMENT));
        return new ClientBudgets(settings, Math.min(MAX_SEGMENTS, segments), nanoTime);
    }

    /** With exactly this many segments: one makes the forgetting order exact, for tests. */
    static ClientBudgets of(PlaytchaSettings.ClientBudget settings, int segments, LongSupplier nanoTime) {
        return new ClientBudgets(settings, segments, nanoTime);
    }

    /**
     * Spends one verify from this client's budget.
     *
     * @return {@code null} when the budget had one; otherwise the rejection {@code client_rate_limited},
     *         whose {@code retryAfter} is the time until it has one again (nothing was spent)
     */
    public VerificationResult.Rejected spend(String clientAddress) {
        long wait = waitNanos(clientAddress);
        return wait == 0 ? null : new VerificationResult.Rejected(VerificationResult.CLIENT_RATE_LIMITED,
                "this client address is over its verify budget (playtcha.client-budget.*); Playtcha was not asked",
                null, 0, Duration.ofNanos(wait));
    }

    /** Spends one verify and returns 0, or returns the nanoseconds until there is one (at least 1) and spends nothing. */
    long waitNanos(String clientAddress) {
        Object key = AddressKey.of(clientAddress);
        Segment segment = segments[segmentOf(key.hashCode())];
        long now = nanoTime.getAsLong();
        synchronized (segment) {
            Bucket bucket = segment.get(key);
            if (bucket == null) {
                bucket = new Bucket(now);
                segment.put(key, bucket);
            }
            long full = bucket.fullAgain - now < 0 ? now : bucket.fullAgain; // nanoTime may wrap: compare differences
            if (full - now > slack) {
                return Math.max(1, full - slack - now);
            }
            bucket.fullAgain = full + interval;
            return 0;
        }
    }

    /**
     * The segment of a key's hash: its top bits after mixing, so that the keys of one segment still
     * spread over that segment's map, which indexes by the low bits of the same hash.
     */
    private int segmentOf(int hash) {
        return ((hash * 0x9E3779B9) >>> 26) & (segments.length - 1);
    }

    /** Addresses tracked now, at most the {@code addresses} setting. */
    public int tracked() {
        int tracked = 0;
        for (Segment segment : segments) {
            synchronized (segment) {
                tracked += segment.size();
            }
        }
        return tracked;
    }

    /** The number of segments (tests). */
    int segments() {
        return segments.length;
    }

    @Override
    public String toString() {
        return "ClientBudgets[interval=" + interval + "ns, slack=" + slack + "ns, segments=" + segments.length + "]";
    }

    /** One address's bucket: when it is full again, in {@code nanoTime}; at or before now it is full. */
    private static final class Bucket {
        long fullAgain;

        Bucket(long now) {
            this.fullAgain = now;
        }
    }

    /** Some of the addresses, least recently used first; guarded by its own monitor. */
    private static final class Segment extends LinkedHashMap<Object, Bucket> {
        private static final long serialVersionUID = 1L;
        private final int capacity;

        Segment(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Bucket> eldest) {
            return size() > capacity;
        }
    }
}
