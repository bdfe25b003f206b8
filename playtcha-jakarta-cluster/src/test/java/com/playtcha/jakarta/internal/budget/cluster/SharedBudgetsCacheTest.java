package com.playtcha.jakarta.internal.budget.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.budget.ClientBudgets;
import java.net.URI;
import java.time.Clock;
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
 * Two real Hazelcast members in this JVM, joined over TCP on 127.0.0.1 (no multicast), each node's
 * budgets on its own member's JCache view of one cache: a client spending on both is refused after
 * one budget (within what each node spends before telling the other), not after two.
 */
class SharedBudgetsCacheTest {

    private static final int BURST = 30;
    private static final String CACHE = "playtcha-budgets";

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<CacheManager> managers = new ArrayList<>();
    private final List<SharedBudgets> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(SharedBudgets::close);
        managers.forEach(CacheManager::close);
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void aClientSpendingOnTwoMembers_isRefusedAfterOneBudget() {
        String cluster = "playtcha-budgets-" + UUID.randomUUID();
        HazelcastInstance a = member(cluster);
        HazelcastInstance b = member(cluster);
        assertEquals(2, a.getCluster().getMembers().size(), "one cluster of two");
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_cache").clientBudgetBurst(BURST).clientBudgetPerMinute(60)
                .clientBudgetCache(CACHE).clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // a busy test machine, a cold cluster
        List<SharedBudgets> two = List.of(node(settings, a, "a"), node(settings, b, "b"));
        two.forEach(node -> assertNull(node.spend("192.0.2.1"), "the cache answers"));
        two.forEach(node -> assertNull(node.away(), "the cache answers"));

        int passed = 0;
        VerificationResult.Rejected refused = null;
        for (int i = 0; i < 2 * BURST; i++) {
            VerificationResult.Rejected r = two.get(i % 2).spend("2001:db8:7::1");
            if (r == null) {
                passed++;
            } else {
                refused = r;
            }
        }
        assertTrue(passed >= BURST && passed <= BURST + 2 * SharedBudgets.unsynchronized(settings.clientBudget()),
                "passed " + passed + " of " + 2 * BURST);
        assertNotNull(refused);
        assertEquals(VerificationResult.CLIENT_RATE_LIMITED, refused.errorCode());
        two.forEach(node -> assertNull(node.away()));
        assertNull(two.get(1).spend("2001:db8:8::1"), "another /64 has its own budget");
    }

    private HazelcastInstance member(String cluster) {
        Config config = new Config().setClusterName(cluster).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk").setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:5901").addMember("127.0.0.1:5902").addMember("127.0.0.1:5903");
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    /** A node's budgets on its own member's view of the cache. */
    private SharedBudgets node(PlaytchaSettings settings, HazelcastInstance member, String name) {
        // A provider each, as each server has its own: the same URI names the same cache on every member.
        CachingProvider provider = new HazelcastMemberCachingProvider();
        CacheManager manager = provider.getCacheManager(URI.create("playtcha"), getClass().getClassLoader(),
                HazelcastCachingProvider.propertiesByInstanceItself(member));
        managers.add(manager);
        Cache<Long, byte[]> cache = manager.getCache(CACHE);
        if (cache == null) {
            cache = manager.createCache(CACHE, new MutableConfiguration<Long, byte[]>());
        }
        SharedBudgets node = CacheBuckets.on(settings, ClientBudgets.of(settings.clientBudget(), System::nanoTime), cache,
                Clock.systemUTC(), "playtcha-verifier-" + name);
        nodes.add(node);
        return node;
    }
}
