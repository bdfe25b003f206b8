package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.store.AddressKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The failed logins one node counts in memory ({@link Stores#loginFailures} when nothing is shared, the
 * cluster's fallback): count-min sketches with time slices, never under the true count, fixed memory
 * (about {@value #MEGABYTES} MB), one lock. Why: design/engine.md.
 */
final class LocalLoginFailures implements LoginFailures {

    /** The window's slices: a failure is forgotten at most a sixteenth of the window late. */
    static final int SLICES = 16;
    static final int ROWS = 4;
    static final int COLUMNS = 1 << 14;
    static final int MEGABYTES = 2 * (SLICES + 1) * ROWS * COLUMNS * Integer.BYTES >> 20;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The length of an account's keyed hash (HMAC-SHA256), whose bytes pick its counters as they are. */
    private static final int KEYED_HASH = 32;

    private final Limits limits;
    /** The limits read once: a record's accessors are a class crossed on every attempt (docs/benchmarks.md, classes crossed). */
    private final int accountLimit;
    private final int clientLimit;
    private final int applicationLimit;
    private final long slice;
    private final VerifierClock clock;
    /** The clock's reading at the start: slices and seconds are counted from it, so that only differences are compared. */
    private final long origin;
    private final Sketch accounts = new Sketch();
    private final Sketch clients = new Sketch();
    /** Failures of the application per second, for the last 60 seconds, and the second each slot is of. */
    private final long[] perSecond = new long[60];
    private final long[] secondOf = new long[60];

    /** On the verifier's clock. */
    LocalLoginFailures(Limits limits, VerifierClock clock) {
        this.limits = limits;
        this.accountLimit = limits.account();
        this.clientLimit = limits.client();
        this.applicationLimit = limits.applicationPerMinute();
        this.slice = Math.max(1, limits.window().toNanos() / SLICES);
        this.clock = clock;
        this.origin = clock.nanoTime();
    }

    @Override
    public synchronized boolean needsToken(byte[] account, String clientAddress) {
        long now = clock.nanoTime();
        return over(counted(account, clientAddress), now);
    }

    @Override
    public synchronized boolean admit(byte[] account, String clientAddress) {
        long now = clock.nanoTime();
        Counted counted = counted(account, clientAddress);
        if (over(counted, now)) {
            return false;
        }
        count(counted, sliceOf(now), 1);
        return true;
    }

    @Override
    public synchronized void admitted(byte[] account, String clientAddress, boolean accepted) {
        long now = clock.nanoTime();
        if (accepted) {
            count(counted(account, clientAddress), sliceOf(now), -1);
        } else {
            countApplication(now);
        }
    }

    @Override
    public synchronized void failed(byte[] account, String clientAddress) {
        long now = clock.nanoTime();
        count(counted(account, clientAddress), sliceOf(now), 1);
        countApplication(now);
    }

    /** Counts of their own, in this node's memory too (as much again), on the same limits and clock. */
    @Override
    public LoginFailures within(String scope) {
        return new LocalLoginFailures(limits, clock);
    }

    /** An attempt's counters: the account's ({@code null} when it names none), and each client key's with its limit. */
    private record Counted(int[] account, int[][] clients, long[] limits) {
    }

    private Counted counted(byte[] account, String clientAddress) {
        List<AddressKey.Share> shares = clientAddress == null ? List.of() : AddressKey.shares(clientAddress);
        int[][] clients = new int[shares.size()][];
        long[] limits = new long[shares.size()];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = cells(1, shares.get(i).text().getBytes(StandardCharsets.UTF_8));
            limits[i] = (long) clientLimit * shares.get(i).times();
        }
        return new Counted(account == null ? null : account.length == KEYED_HASH ? cells(ByteBuffer.wrap(account)) : cells(0, account),
                clients, limits);
    }

    /** Whether the application's rate is above its limit, or any of these counts at its own. */
    private boolean over(Counted counted, long now) {
        long slice = sliceOf(now);
        if (applicationRate(now) > applicationLimit
                || counted.account() != null && accounts.count(counted.account(), slice) >= accountLimit) {
            return true;
        }
        for (int i = 0; i < counted.clients().length; i++) {
            if (clients.count(counted.clients()[i], slice) >= counted.limits()[i]) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code one} (1, or -1 to give back what {@link #admit} counted) to the account and each of the client's keys. */
    private void count(Counted counted, long slice, int one) {
        if (counted.account() != null) {
            accounts.add(counted.account(), slice, one);
        }
        for (int[] client : counted.clients()) {
            clients.add(client, slice, one);
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

    private long sliceOf(long now) {
        return Math.floorDiv(now - origin, slice);
    }

    /** The counter of each row for this key, in its domain ({@code 0} accounts, {@code 1} clients). */
    private int[] cells(int domain, byte[] key) {
        return cells(ByteBuffer.wrap(AccountKey.hashForThisJvm(new byte[] {(byte) domain}, key)));
    }

    /** The counter of each row for a key hashed already: an account's keyed hash, used as it is. */
    private static int[] cells(ByteBuffer hash) {
        int[] cells = new int[ROWS];
        for (int row = 0; row < ROWS; row++) {
            cells[row] = row * COLUMNS + (hash.getInt() & (COLUMNS - 1));
        }
        return cells;
    }

    @Override
    public String toString() {
        return "LocalLoginFailures[" + limits + "]";
    }

    /**
     * A count-min sketch per slice: the current slice and the {@value #SLICES} before it, in a ring. A
     * counter's slices lie side by side, so reading a key's count touches a few cache lines, not one per slice.
     */
    private static final class Sketch {
        private static final int RING = SLICES + 1;
        final int[] counters = new int[ROWS * COLUMNS * RING];
        final long[] sliceOf = new long[RING];

        Sketch() {
            Arrays.fill(sliceOf, Long.MIN_VALUE / 2); // no slice: never within the window
        }

        /** The least of the rows' sums over the slices still in the window. */
        long count(int[] cells, long now) {
            long least = Long.MAX_VALUE;
            for (int cell : cells) {
                long sum = 0;
                int base = cell * RING;
                for (int s = 0; s < RING; s++) {
                    if (now - sliceOf[s] <= SLICES) {
                        sum += counters[base + s];
                    }
                }
                least = Math.min(least, sum);
            }
            return least;
        }

        /**
         * Adds one to each row's counter in the current slice; or gives one back, from the newest slice in
         * the window whose counter has one.
         */
        void add(int[] cells, long now, int one) {
            if (one > 0) {
                int slot = current(now);
                for (int cell : cells) {
                    counters[cell * RING + slot]++;
                }
                return;
            }
            for (int cell : cells) {
                for (long s = now; now - s <= SLICES; s--) {
                    int slot = (int) Math.floorMod(s, (long) RING);
                    if (sliceOf[slot] == s && counters[cell * RING + slot] > 0) {
                        counters[cell * RING + slot]--;
                        break;
                    }
                }
            }
        }

        /** The ring's slot of the current slice, emptied first when it last held an older one. */
        private int current(long now) {
            int slot = (int) Math.floorMod(now, (long) RING);
            if (sliceOf[slot] != now) {
                for (int i = slot; i < counters.length; i += RING) {
                    counters[i] = 0;
                }
                sliceOf[slot] = now;
            }
            return slot;
        }
    }
}
