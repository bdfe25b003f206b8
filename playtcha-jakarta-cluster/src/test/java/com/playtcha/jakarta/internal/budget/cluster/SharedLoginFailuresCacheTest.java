package com.playtcha.jakarta.internal.budget.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalLoginFailures;
import com.playtcha.jakarta.internal.budget.LoginFailures.Limits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real Hazelcast members in this JVM, joined over TCP on 127.0.0.1 (no multicast), each node's login
 * failure counts on its own member's JCache view of one cache: failures on both add up, a success clears
 * nothing, an admission is all or nothing across the account and the client, and an attempt costs one
 * cache call.
 */
class SharedLoginFailuresCacheTest {

    private static final String CACHE = "playtcha-budgets" + CacheBuckets.LOGIN_FAILURES;
    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<CacheManager> managers = new ArrayList<>();
    private final List<SharedLoginFailures> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(SharedLoginFailures::close);
        managers.forEach(CacheManager::close);
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void failuresOnTwoMembers_addUp_andASuccessClearsNothing() {
        String cluster = "playtcha-logins-" + UUID.randomUUID();
        HazelcastInstance a = member(cluster);
        HazelcastInstance b = member(cluster);
        assertEquals(2, a.getCluster().getMembers().size(), "one cluster of two");
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_cache").clientBudgetCache("playtcha-budgets")
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // a busy test machine, a cold cluster
        List<SharedLoginFailures> two = List.of(node(settings, a, "a"), node(settings, b, "b"));
        byte[] account = "a keyed hash of mallory".getBytes(StandardCharsets.UTF_8);

        two.get(0).failed(account, "192.0.2.1");
        two.get(1).failed(account, "192.0.2.2");
        two.forEach(node -> assertFalse(node.needsToken(account, "192.0.2.3"), "two failures"));
        two.get(0).failed(account, "192.0.2.4");
        two.forEach(node -> assertTrue(node.needsToken(account, "192.0.2.3"), "three, on two members"));

        two.get(1).succeeded(account);
        two.forEach(node -> assertTrue(node.needsToken(account, "192.0.2.3"), "a success clears nothing (issue 49)"));
        for (int i = 0; i < LIMITS.client(); i++) {
            two.get(i % 2).failed(("account " + i).getBytes(StandardCharsets.UTF_8), "2001:db8:9::" + (i + 1));
        }
        two.forEach(node -> assertTrue(node.needsToken(null, "2001:db8:9::abcd"), "the /64's ten, on two members"));
        two.forEach(node -> assertNull(node.away()));
    }

    /**
     * Cache calls (each a round trip to the member that owns the key) of an attempt, counted at the cache:
     * an ordinary login is its admission (its success's give-back goes with the node's next call), a guess
     * that fails its admission (the application's failure is Bucket4j's, delayed); a refused admission
     * is one call and takes nothing.
     */
    @Test
    void anAttempt_isOneCacheCall() {
        HazelcastInstance member = member("playtcha-logins-" + UUID.randomUUID());
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_cache").clientBudgetCache("playtcha-budgets")
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // no call is to time out: 2 s did, on a busy machine
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        SharedLoginFailures node = node(settings, member, "counted", calls);
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

    private HazelcastInstance member(String cluster) {
        Config config = new Config().setClusterName(cluster).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk").setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig().setPort(5911).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:5911").addMember("127.0.0.1:5912").addMember("127.0.0.1:5913");
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    /** A node's counts on its own member's view of the cache. */
    private SharedLoginFailures node(PlaytchaSettings settings, HazelcastInstance member, String name) {
        return node(settings, member, name, new java.util.concurrent.atomic.AtomicLong());
    }

    /** A node's counts on its own member's view of the cache, each call of the cache's counted in {@code calls}. */
    @SuppressWarnings("unchecked")
    private SharedLoginFailures node(PlaytchaSettings settings, HazelcastInstance member, String name,
            java.util.concurrent.atomic.AtomicLong calls) {
        CachingProvider provider = new HazelcastMemberCachingProvider();
        CacheManager manager = provider.getCacheManager(URI.create("playtcha"), getClass().getClassLoader(),
                HazelcastCachingProvider.propertiesByInstanceItself(member));
        managers.add(manager);
        Cache<Long, byte[]> cache = manager.getCache(CACHE);
        if (cache == null) {
            cache = manager.createCache(CACHE, new MutableConfiguration<Long, byte[]>());
        }
        Cache<Long, byte[]> real = cache;
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
        SharedLoginFailures node = CacheBuckets.loginFailuresOn(settings, LIMITS, new LocalLoginFailures(LIMITS, System::nanoTime), counted,
                Clock.systemUTC(), "playtcha-verifier-" + name);
        nodes.add(node);
        return node;
    }
}
