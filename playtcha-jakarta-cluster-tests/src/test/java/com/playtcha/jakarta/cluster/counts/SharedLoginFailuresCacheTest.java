package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the counts on a JCache cache do beyond {@code LoginFailuresContract} (which
 * {@link CacheLoginFailuresContractTest} runs on them): an attempt costs one cache call, counted at a
 * real Hazelcast member's JCache view. On a clock the test moves, as the contract suites are: the levels
 * drain, and the application's delayed count is told, only when a test says time went by.
 */
class SharedLoginFailuresCacheTest {

    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);

    private final HazelcastMembers members = HazelcastMembers.get();
    private final String cache = HazelcastMembers.newCache();
    private final List<SharedLoginFailures> nodes = new ArrayList<>();
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void close() {
        nodes.forEach(SharedLoginFailures::close);
        members.destroy(cache);
    }

    /**
     * Cache calls (each a round trip to the member that owns the key) of an attempt, counted at the cache:
     * an ordinary login is its admission (its success's give-back goes with the node's next call), a guess
     * that fails its admission (the application's failure is Bucket4j's, delayed); a refused admission
     * is one call and takes nothing.
     */
    @Test
    void anAttempt_isOneCacheCall() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_cache").clientBudgetCache("playtcha-budgets")
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // calls are counted, not timed: none is to time out
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        SharedLoginFailures node = node(settings, "counted", calls);
        byte[] alice = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            assertTrue(node.admit(alice, "192.0.2." + (50 + i)));
        }
        long beforeRefusal = calls.get();
        assertFalse(node.admit(alice, "192.0.2.60"), "alice at her limit");
        assertEquals(1, calls.get() - beforeRefusal, "a refused admission: one call (what the client took goes back with the next)");
        for (int i = 0; i < LIMITS.client(); i++) {
            assertTrue(node.admit(("other " + i).getBytes(StandardCharsets.UTF_8), "192.0.2.60"),
                    "the refused attempt took nothing from its client: " + i);
        }
        java.util.Random random = new java.util.Random(39);
        for (boolean stuffing : new boolean[] {false, true}) {
            int attempts = 300;
            long[] trips = new long[attempts];
            for (int i = 0; i < attempts; i++) {
                long before = calls.get();
                byte[] account = ((stuffing ? "victim " : "user ") + i).getBytes(StandardCharsets.UTF_8);
                String client = "10.9." + (stuffing ? 1 : 2) + "." + random.nextInt(stuffing ? 15 : 60);
                boolean failed = stuffing || random.nextInt(10) == 0;
                if (node.admit(account, client)) {
                    node.admitted(account, client, !failed);
                } else if (failed) {
                    node.failed(account, client);
                }
                trips[i] = calls.get() - before;
            }
            long total = java.util.Arrays.stream(trips).sum();
            java.util.Arrays.sort(trips);
            System.out.printf("login failures on a JCache (Hazelcast member), %s: cache calls per attempt: median %d, p99 %d, mean %.2f%n",
                    stuffing ? "stuffing" : "ordinary", trips[attempts / 2], trips[attempts * 99 / 100], (double) total / attempts);
            // ordinary: the admission, its success's give-back going with a later call; stuffing: the admission, or
            // a refused one and the retry with a token
            assertTrue(trips[attempts / 2] <= (stuffing ? 2 : 1), trips[attempts / 2] + " cache calls (median)");
        }
        assertNull(node.away());
    }

    /** A node's counts on its own member's view of the cache, each call of the cache's counted in {@code calls}. */
    @SuppressWarnings("unchecked")
    private SharedLoginFailures node(PlaytchaSettings settings, String name, java.util.concurrent.atomic.AtomicLong calls) {
        Cache<Long, byte[]> real = members.cache(0, cache);
        java.util.Set<String> local = java.util.Set.of("getName", "getCacheManager", "getConfiguration", "unwrap", "isClosed",
                "toString", "hashCode", "equals", "registerCacheEntryListener", "deregisterCacheEntryListener");
        Cache<Long, byte[]> counted = (Cache<Long, byte[]>) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Cache.class}, (proxy, method, args) -> {
                    if (!local.contains(method.getName())) {
                        calls.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SharedLoginFailures node = CacheBuckets.loginFailuresOn(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), counted,
                clock, "playtcha-verifier-" + name);
        nodes.add(node);
        return node;
    }
}
