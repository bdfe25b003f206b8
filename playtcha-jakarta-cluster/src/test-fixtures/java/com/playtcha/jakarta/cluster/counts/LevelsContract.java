package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Levels}' rule, the same cases over every store that writes it again in its own language (the
 * database's SQL, Redis's Lua, the JCache entry processor's Java): each backend's test supplies only the
 * store, as Bucket4j's {@code AbstractDistributedBucketTest} has each backend supply its proxy manager,
 * and the constants come from {@code Levels} alone. Times are the calls' own (a fixed epoch the test
 * moves); keys are this test's own, so a store may be shared by the tests of a class. How long a store
 * keeps a key is read from the store itself ({@link #keptMillis}); where that is counted down in real time
 * (a TTL), it may be less by the time a loaded machine takes to ask, at most {@link TestSettings#SLACK}.
 */
public abstract class LevelsContract {

    /** The calls' time at the start of each test: a moment of 2023, far from the machine's own clock. */
    protected static final long T0 = 1_700_000_000_000L;
    /** The login window's default: 15 minutes. */
    protected static final double WINDOW = 900_000;
    /** A limit of 2 a window: a rate whose product with the window rounds below 2 ({@link Levels#OVER}). */
    private static final double TWO = 2 / WINDOW;
    private static final double TEN = 10 / WINDOW;

    private final long base = new SecureRandom().nextLong() & 0x3fff_ffff_ffff_ffffL;

    /** A node's levels on this test's one store: a new node each call (its own pool, member or connection where it can). */
    protected abstract Levels levels();

    /**
     * How long the store keeps {@code key} after its last change, in milliseconds, read from the store (its row's
     * expiry, its key's TTL, its cache's expiry); -1 when it holds no such key.
     */
    protected abstract long keptMillis(long key);

    /** This test's key {@code i}. */
    private long key(int i) {
        return base + i;
    }

    @Test
    void add_raisesEachKeyByOne_fromZero_andAnswersTheLevelsInTheKeysOrder() {
        Levels levels = levels();
        assertArrayEquals(new double[] {1, 1}, levels.add(new long[] {key(1), key(2)}, new double[] {TEN, TWO}, T0));
        assertArrayEquals(new double[] {2, 2}, levels.add(new long[] {key(2), key(1)}, new double[] {TWO, TEN}, T0));
        assertArrayEquals(new double[] {2, 2, 0}, levels().read(new long[] {key(1), key(2), key(3)}, T0), "another node reads the same");
    }

    @Test
    void read_isZeroForAKeyNotThere_andWritesNothing() {
        assertArrayEquals(new double[] {0}, levels().read(new long[] {key(1)}, T0));
        assertEquals(-1, keptMillis(key(1)));
    }

    @Test
    void admit_fillsALimit_thatTheRateTimesTheWindowRoundsBelow_thenNoMore() {
        assertTrue(TWO * WINDOW < 2, "the case: 2 / 900000.0 * 900000 is below 2");
        Levels levels = levels();
        long[] one = {key(1)};
        assertTrue(levels.admit(one, new double[] {TWO}, WINDOW, T0));
        assertTrue(levels.admit(one, new double[] {TWO}, WINDOW, T0), "the second of two: within Levels.OVER");
        assertFalse(levels.admit(one, new double[] {TWO}, WINDOW, T0), "a third is over the limit");
        assertArrayEquals(new double[] {2}, levels.read(one, T0));
    }

    @Test
    void admit_withOneKeyFull_raisesNoneOfThem() {
        Levels levels = levels();
        levels.add(new long[] {key(1)}, new double[] {TWO}, T0);
        levels.add(new long[] {key(1)}, new double[] {TWO}, T0);
        assertFalse(levels.admit(new long[] {key(2), key(1), key(3)}, new double[] {TEN, TWO, TEN}, WINDOW, T0));
        levels.flush(T0);
        assertArrayEquals(new double[] {0, 2, 0}, levels().read(new long[] {key(2), key(1), key(3)}, T0), "all or none, on every node");
        assertTrue(levels.admit(new long[] {key(2), key(3)}, new double[] {TEN, TEN}, WINDOW, T0), "keys with room alone go on");
    }

    @Test
    void levels_drainAtTheirRate_andNeverBelowZero() {
        Levels levels = levels();
        long[] one = {key(1)};
        levels.add(one, new double[] {TWO}, T0);
        levels.add(one, new double[] {TWO}, T0);
        assertEquals(1.5, levels.read(one, T0 + 225_000)[0], 1e-9, "a quarter of the window drains a quarter of the limit");
        assertEquals(0, levels.read(one, T0 + 900_001)[0], 1e-9);
        assertArrayEquals(new double[] {1}, levels.add(one, new double[] {TWO}, T0 + 2_000_000), "drained to zero, then one");
        assertTrue(levels.admit(one, new double[] {TWO}, WINDOW, T0 + 2_000_000), "room again");
    }

    @Test
    void aRaise_drainsTheTimeGoneAtTheKeysOwnRate_thenTakesTheCalls() {
        Levels levels = levels();
        long[] one = {key(1)};
        levels.add(one, new double[] {1 / 1_000.0}, T0);
        assertArrayEquals(new double[] {1.5}, levels.add(one, new double[] {1 / 100.0}, T0 + 500), 1e-9,
                "500 ms at the old rate drained half, not all of it");
        assertEquals(0.5, levels.read(one, T0 + 600)[0], 1e-9, "then it drains at the call's rate");
    }

    @Test
    void aRefusedAdmission_leavesAKeysRateAsItWas() {
        Levels levels = levels();
        long[] one = {key(1)};
        levels.add(one, new double[] {TWO}, T0);
        levels.add(one, new double[] {TWO}, T0);
        assertFalse(levels.admit(one, new double[] {1 / WINDOW}, WINDOW, T0), "over a lower limit");
        levels.flush(T0);
        assertEquals(1.5, levels.read(one, T0 + 225_000)[0], 1e-9, "still draining at its own rate");
    }

    @Test
    void aClockThatWentBack_drainsNothing_andTheLevelKeepsTheLaterTime() {
        Levels levels = levels();
        long[] one = {key(1)};
        levels.add(one, new double[] {TWO}, T0 + 10_000);
        assertArrayEquals(new double[] {2}, levels.add(one, new double[] {TWO}, T0), "a node whose clock is behind");
        assertEquals(2, levels.read(one, T0)[0], 1e-9);
        assertEquals(1.5, levels.read(one, T0 + 10_000 + 225_000)[0], 1e-9, "drained from the later time");
    }

    @Test
    void giveBack_takesOneOff_neverBelowZero_andMakesNoKey() {
        Levels levels = levels();
        long[] one = {key(1)};
        levels.add(one, new double[] {TWO}, T0);
        levels.add(one, new double[] {TWO}, T0);
        levels.giveBack(new long[] {key(1), key(2)}, T0);
        assertArrayEquals(new double[] {1, 0}, levels.read(new long[] {key(1), key(2)}, T0), "this node reads it at once");
        levels.flush(T0);
        assertArrayEquals(new double[] {1, 0}, levels().read(new long[] {key(1), key(2)}, T0), "every node once sent");
        assertEquals(-1, keptMillis(key(2)), "a key not there has nothing to give back, and is not made");
        levels.giveBack(one, T0);
        levels.giveBack(one, T0);
        levels.flush(T0);
        assertArrayEquals(new double[] {0}, levels().read(one, T0));
    }

    @Test
    void aKey_isKeptUntilItDrained_andKeepMore_andNoLongerThanAFullLevelWould() {
        Levels levels = levels();
        long[] one = {key(1)};
        long[] two = {key(2)};
        long full = Levels.keptMillis(2, TWO);
        levels.add(one, new double[] {TWO}, T0);
        levels.add(two, new double[] {TWO}, T0);
        levels.add(two, new double[] {TWO}, T0);
        assertKept(key(1), Levels.keptMillis(1, TWO), full);
        assertKept(key(2), full, full);
        levels.giveBack(two, T0);
        levels.giveBack(two, T0);
        levels.flush(T0);
        assertKept(key(2), Levels.KEEP.toMillis(), full);
    }

    private void assertKept(long key, long atLeast, long atMost) {
        long kept = keptMillis(key);
        assertTrue(kept >= atLeast - TestSettings.SLACK.toMillis() && kept <= atMost + 1,
                "kept " + kept + " ms, from " + atLeast + " (drained, and Levels.KEEP) to " + atMost + " (a full level's)");
    }

    @Test
    void clean_neverDeletesAKey_beforeItDrainedAndKeepWentBy() {
        Levels levels = levels();
        levels.add(new long[] {key(1)}, new double[] {TWO}, T0);
        long drainedAndKept = T0 + Levels.keptMillis(1, TWO);
        assertTrue(levels.clean(drainedAndKept - 1, 1_000) >= 0);
        assertTrue(keptMillis(key(1)) >= 0, "still there");
        assertEquals(1 - 100 * TWO, levels.read(new long[] {key(1)}, T0 + 100)[0], 1e-9);
    }

    @Test
    void admitsFromSeveralNodesAtOnce_neverPassTheLimit() throws Exception {
        long[] one = {key(1)};
        List<Levels> nodes = List.of(levels(), levels(), levels());
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Levels node = nodes.get(t % nodes.size());
                Callable<Integer> admits = () -> {
                    go.await();
                    int in = 0;
                    for (int i = 0; i < 5; i++) {
                        in += node.admit(one, new double[] {TEN}, WINDOW, T0) ? 1 : 0;
                    }
                    return in;
                };
                admitted.add(pool.submit(admits));
            }
            go.countDown();
            int in = 0;
            for (Future<Integer> f : admitted) {
                in += f.get(TestSettings.SLACK.toMillis() * 6, TimeUnit.MILLISECONDS);
            }
            assertEquals(10, in, "40 admissions on three nodes at once, a limit of 10");
            nodes.forEach(node -> node.flush(T0));
            assertArrayEquals(new double[] {10}, levels().read(one, T0));
        } finally {
            pool.shutdownNow();
        }
    }
}
