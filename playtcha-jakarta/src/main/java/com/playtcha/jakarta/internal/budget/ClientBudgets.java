package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.AddressKey;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The verify budget of every client address: a token bucket per address, holding up to {@code burst}
 * verifies and earning back {@code per-minute} of them a minute. A verify that finds its bucket empty
 * is refused, and nothing is spent.
 *
 * <p>An IPv6 /64 ({@link AddressKey}) also spends from its /56's and /48's buckets
 * ({@value AddressKey#SLASH56_SHARE} and {@value AddressKey#SLASH48_SHARE} times the budget), all or nothing. At most
 * {@code addresses} buckets are kept, the least recently used forgotten first; an address not
 * remembered starts full. Why, and why not Bucket4j here: design/engine.md.
 */
final class ClientBudgets implements Budgets {

    private static final int MAX_SEGMENTS = 64;
    /** Addresses per segment below which there are fewer segments: a tiny bound keeps its order exact. */
    private static final int MIN_PER_SEGMENT = 16;
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final VerifierClock clock;
    /** One address's (or one /64's) budget. */
    private final Limit single;
    private final Limit slash56;
    private final Limit slash48;
    private final Segment[] segments;

    private ClientBudgets(PlaytchaSettings.ClientBudget settings, int segmentCount, VerifierClock clock) {
        this.clock = clock;
        this.single = Limit.of(settings, 1);
        this.slash56 = Limit.of(settings, AddressKey.SLASH56_SHARE);
        this.slash48 = Limit.of(settings, AddressKey.SLASH48_SHARE);
        segments = new Segment[segmentCount];
        for (int i = 0; i < segmentCount; i++) {
            // Shares of the bound that add up to it exactly.
            segments[i] = new Segment(settings.addresses() / segmentCount + (i < settings.addresses() % segmentCount ? 1 : 0));
        }
    }

    /** The budgets these settings describe, on the verifier's clock. */
    static ClientBudgets of(PlaytchaSettings.ClientBudget settings, VerifierClock clock) {
        int segments = Integer.highestOneBit(Math.max(1, settings.addresses() / MIN_PER_SEGMENT));
        return new ClientBudgets(settings, Math.min(MAX_SEGMENTS, segments), clock);
    }

    /** Spends one verify from this client's budget: {@code null}, or {@code client_rate_limited} and nothing spent. */
    @Override
    public VerificationResult.Rejected spend(String clientAddress) {
        long wait = waitNanos(clientAddress);
        return wait == 0 ? null : Budgets.overBudget(Duration.ofNanos(wait));
    }

    /** Gives back the verify that {@link #spend} just took for this client (the cluster's budget refused it). */
    @Override
    public void refund(String clientAddress) {
        Object key = AddressKey.of(clientAddress);
        AddressKey.Prefix own = key instanceof AddressKey.Prefix prefix ? prefix : null;
        Segment segment = segments[segmentOf((own != null ? own.widen(48) : key).hashCode())]; // as waitNanos chose it
        synchronized (segment) {
            single.give(segment.get(key));
            if (own != null) {
                slash56.give(segment.get(own.widen(56)));
                slash48.give(segment.get(own.widen(48)));
            }
        }
    }

    /** Forgets every client's spend: each starts full again (the cluster's store forgot them). */
    @Override
    public void forget() {
        for (Segment segment : segments) {
            synchronized (segment) {
                segment.clear();
            }
        }
    }

    /** Spends one verify and returns 0, or returns the nanoseconds until there is one (at least 1) and spends nothing. */
    long waitNanos(String clientAddress) {
        Object key = AddressKey.of(clientAddress);
        long now = clock.nanoTime();
        if (!(key instanceof AddressKey.Prefix own)) {
            Segment segment = segments[segmentOf(key.hashCode())];
            synchronized (segment) {
                Bucket bucket = segment.get(key);
                long wait = single.wait(bucket, now);
                if (wait == 0) {
                    single.take(bucket != null ? bucket : segment.add(key, now), now);
                }
                return wait;
            }
        }
        AddressKey.Prefix site = own.widen(56);
        AddressKey.Prefix block = own.widen(48);
        Segment segment = segments[segmentOf(block.hashCode())];
        synchronized (segment) {
            Bucket ownBucket = segment.get(own);
            Bucket siteBucket = segment.get(site);
            Bucket blockBucket = segment.get(block);
            long wait = Math.max(single.wait(ownBucket, now), Math.max(slash56.wait(siteBucket, now), slash48.wait(blockBucket, now)));
            if (wait == 0) {
                // the widest last, so the most recently used: should a tiny segment (a bound under
                // three a segment) forget one of the three at once, the one that bounds the rest stays
                single.take(ownBucket != null ? ownBucket : segment.add(own, now), now);
                slash56.take(siteBucket != null ? siteBucket : segment.add(site, now), now);
                slash48.take(blockBucket != null ? blockBucket : segment.add(block, now), now);
            }
            return wait;
        }
    }

    /** The segment of a key's hash: its top bits after mixing (the map indexes by the low bits). */
    private int segmentOf(int hash) {
        return ((hash * 0x9E3779B9) >>> 26) & (segments.length - 1);
    }

    @Override
    public String toString() {
        return "ClientBudgets[interval=" + single.interval + "ns, slack=" + single.slack + "ns, segments=" + segments.length + "]";
    }

    /** A budget's arithmetic: {@code interval} earns back one verify; {@code slack} is {@code burst - 1} intervals. */
    private record Limit(long interval, long slack) {
        /** {@code share} times one address's budget: that many times the burst, earned back that many times as fast. */
        static Limit of(PlaytchaSettings.ClientBudget settings, int share) {
            long interval = Math.max(1, MINUTE_NANOS / ((long) settings.perMinute() * share));
            return new Limit(interval, interval * ((long) settings.burst() * share - 1));
        }

        /** 0 when {@code bucket} ({@code null}: one not seen, so full) has a verify now, else the nanoseconds until it has. */
        long wait(Bucket bucket, long now) {
            long ahead = bucket == null ? 0 : Math.max(0, bucket.fullAgain - now); // nanoTime may wrap: compare differences
            return ahead > slack ? Math.max(1, ahead - slack) : 0;
        }

        /** Takes one verify from a bucket that {@link #wait} found one in. */
        void take(Bucket bucket, long now) {
            long full = bucket.fullAgain - now < 0 ? now : bucket.fullAgain;
            bucket.fullAgain = full + interval;
        }

        /** Gives one verify back to a bucket ({@code null}: forgotten since, so full already). */
        void give(Bucket bucket) {
            if (bucket != null) {
                bucket.fullAgain -= interval; // at or before now it is full: no more than full
            }
        }
    }

    /** One key's bucket: when it is full again, in {@code nanoTime}; at or before now it is full. */
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

        /** A full bucket for {@code key}, remembered from now on. */
        Bucket add(Object key, long now) {
            Bucket bucket = new Bucket(now);
            put(key, bucket);
            return bucket;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Bucket> eldest) {
            return size() > capacity;
        }
    }
}
