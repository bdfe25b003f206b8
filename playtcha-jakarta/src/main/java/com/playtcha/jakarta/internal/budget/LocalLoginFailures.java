package com.playtcha.jakarta.internal.budget;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The failed logins one node counts, in its memory: what {@link LoginFailures#of} returns when nothing
 * is shared, and what the cluster's counts fall back to while their store is away.
 *
 * <p>An account and a client (keyed by {@link AddressKey}: an IPv4 address, an IPv6 /64) each keep the
 * times of their last {@code limit} failures, so "{@code limit} failures within the window" is exact:
 * it holds while the oldest of those is younger than the window. The application keeps 60 one-second
 * slots; its rate is the sum of the last 60. A success forgets the account's failures. An attempt let
 * go on without a token counts against its account and client as it goes ({@link #admit}), and its
 * client's is given back if it succeeds.
 *
 * <p>Memory is bounded: at most {@value #KEYS} accounts and {@value #KEYS} clients (about 250 bytes
 * each at the default limits, some 30 MB at most), the least recently seen forgotten first. To push
 * a counted account out within its window, an attacker must fail on {@value #KEYS} other names or
 * addresses in that window: at the defaults (100 a minute over 15 minutes), far above the application's
 * rate, which asks every attempt for a token meanwhile. Forgetting only ever asks for a token less,
 * never locks anyone out. One lock for all: a login post already costs a password hash, which dwarfs
 * a few map lookups.
 *
 * <p>Hand-written, not Bucket4j: the core carries no Bucket4j (the cluster module does, for the counts
 * it shares), and a per-key count of failures in a sliding window is a handful of lines over a bounded
 * map, which Bucket4j would leave to its caller anyway.
 */
public final class LocalLoginFailures implements LoginFailures {

    /** The most accounts, and the most clients, counted at once. */
    static final int KEYS = 65_536;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Limits limits;
    private final long window;
    private final LongSupplier nanoTime;
    /** The clock's reading at the start: seconds are counted from it, so that only differences are compared. */
    private final long origin;
    private final Map<Object, Recent> accounts = new Keys();
    private final Map<Object, Recent> clients = new Keys();
    /** Failures of the application per second, for the last 60 seconds, and the second each slot is of. */
    private final long[] perSecond = new long[60];
    private final long[] secondOf = new long[60];

    /**
     * @param nanoTime the verifier's clock ({@code System::nanoTime}; a fake one in tests)
     */
    public LocalLoginFailures(Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.window = limits.window().toNanos();
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
    }

    @Override
    public synchronized boolean needsToken(byte[] account, String clientAddress) {
        long now = nanoTime.getAsLong();
        return applicationRate(now) > limits.applicationPerMinute()
                || reached(accounts, key(account), limits.account(), now)
                || reached(clients, clientAddress == null ? null : AddressKey.of(clientAddress), limits.client(), now);
    }

    @Override
    public synchronized boolean admit(byte[] account, String clientAddress) {
        if (needsToken(account, clientAddress)) {
            return false;
        }
        count(account, clientAddress, nanoTime.getAsLong());
        return true;
    }

    @Override
    public synchronized void admitted(byte[] account, String clientAddress, boolean accepted) {
        if (!accepted) {
            countApplication(nanoTime.getAsLong());
            return;
        }
        succeeded(account);
        Recent recent = clientAddress == null ? null : clients.get(AddressKey.of(clientAddress));
        if (recent != null) {
            recent.giveBack();
        }
    }

    @Override
    public synchronized void failed(byte[] account, String clientAddress) {
        long now = nanoTime.getAsLong();
        count(account, clientAddress, now);
        countApplication(now);
    }

    private void count(byte[] account, String clientAddress, long now) {
        if (account != null) {
            accounts.computeIfAbsent(key(account), k -> new Recent(limits.account())).add(now);
        }
        if (clientAddress != null) {
            clients.computeIfAbsent(AddressKey.of(clientAddress), k -> new Recent(limits.client())).add(now);
        }
    }

    private void countApplication(long now) {
        long second = Math.floorDiv(now - origin, SECOND);
        int slot = (int) Math.floorMod(second, 60L);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            perSecond[slot] = 0;
        }
        perSecond[slot]++;
    }

    @Override
    public synchronized void succeeded(byte[] account) {
        if (account != null) {
            accounts.remove(key(account));
        }
    }

    /** The application's failures in the last 60 seconds. */
    private long applicationRate(long now) {
        long second = Math.floorDiv(now - origin, SECOND);
        long sum = 0;
        for (int i = 0; i < 60; i++) {
            if (second - secondOf[i] < 60 && perSecond[i] > 0) {
                sum += perSecond[i];
            }
        }
        return sum;
    }

    private boolean reached(Map<Object, Recent> counts, Object key, int limit, long now) {
        Recent recent = key == null ? null : counts.get(key);
        if (recent != null && now - recent.newest() >= window) {
            counts.remove(key); // expired: nothing of it counts any more
            return false;
        }
        return recent != null && recent.size == limit && now - recent.oldest() < window;
    }

    /** The hash's bytes as a string: immutable, compared by content. */
    private static Object key(byte[] account) {
        return account == null ? null : new String(account, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "LocalLoginFailures[" + limits + "]";
    }

    /** The times of one key's last failures, a ring of at most its limit. */
    private static final class Recent {
        final long[] times;
        int size;
        int next;

        Recent(int limit) {
            times = new long[limit];
        }

        void add(long now) {
            times[next] = now;
            next = (next + 1) % times.length;
            size = Math.min(size + 1, times.length);
        }

        /**
         * Forgets the newest: what {@link #admit} counted in advance for an attempt that succeeded. When
         * failures came in between, one of those goes instead, a little younger: the count is right, and it
         * expires a little later, which only asks for a token a little longer.
         */
        void giveBack() {
            if (size > 0) {
                next = (next - 1 + times.length) % times.length;
                size--;
            }
        }

        long newest() {
            return times[(next - 1 + times.length) % times.length];
        }

        /** The oldest kept: once the ring is full, the one {@link #add} overwrites next. */
        long oldest() {
            return size < times.length ? times[0] : times[next];
        }
    }

    /** At most {@link #KEYS} counts, the least recently seen forgotten first. */
    private static final class Keys extends LinkedHashMap<Object, Recent> {
        private static final long serialVersionUID = 1L;

        Keys() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Recent> eldest) {
            return size() > KEYS;
        }
    }
}
