package com.playtcha.jakarta.cluster.counts;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Two real Hazelcast members in this JVM, one cluster joined over TCP on 127.0.0.1 (no multicast), each
 * with the JCache view a server of its own would have: started once per test JVM (a member takes seconds
 * to start on a busy machine), stopped when it exits; each test takes fresh caches ({@link #newCache}).
 * The cluster's name is the JVM's own, so members of another test JVM (another build on the machine)
 * never join it, and each member looks for the first at the port it got too.
 */
public final class HazelcastMembers {

    private static final int COUNT = 2;
    /** The first port tried; each member takes the next free one. */
    private static final int PORT = 5921;
    private static HazelcastMembers running;

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<CacheManager> managers = new ArrayList<>();

    /** The members of this JVM, started on first call. */
    public static synchronized HazelcastMembers get() {
        if (running == null) {
            running = new HazelcastMembers(COUNT, PORT);
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        }
        return running;
    }

    /** {@code count} members on ports from {@code port} on (the next free ones, should one be taken). */
    private HazelcastMembers(int count, int port) {
        String cluster = "playtcha-contract-" + UUID.randomUUID();
        try {
            for (int i = 0; i < count; i++) {
                Config config = new Config().setClusterName(cluster).setProperty("hazelcast.phone.home.enabled", "false")
                        .setProperty("hazelcast.logging.type", "jdk").setProperty("hazelcast.wait.seconds.before.join", "0");
                NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
                network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
                JoinConfig join = network.getJoin();
                join.getMulticastConfig().setEnabled(false);
                join.getAutoDetectionConfig().setEnabled(false);
                for (int p = port; p < port + 3 * count; p++) {
                    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + p);
                }
                if (!members.isEmpty()) { // the first where it is, should another build on the machine hold the ports above
                    join.getTcpIpConfig().addMember("127.0.0.1:" + members.get(0).getCluster().getLocalMember().getAddress().getPort());
                }
                HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
                members.add(member);
                // a provider each, as each server has its own: the same URI names the same cache on every member
                managers.add(new HazelcastMemberCachingProvider().getCacheManager(URI.create("playtcha"), getClass().getClassLoader(),
                        HazelcastCachingProvider.propertiesByInstanceItself(member)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (members.get(0).getCluster().getMembers().size() != count) {
            close();
            throw new IllegalStateException("the members did not join one cluster");
        }
    }

    /** A new cache's name, for one test. */
    public static String newCache() {
        return "playtcha-contract-" + UUID.randomUUID();
    }

    /** Member {@code i}'s member (modulo the members). */
    HazelcastInstance member(int i) {
        return members.get(i % members.size());
    }

    /** Member {@code i}'s view of the cache {@code name} (modulo the members), made by the first to ask. */
    Cache<Long, byte[]> cache(int i, String name) {
        return cache(i, name, new MutableConfiguration<>());
    }

    /** Member {@code i}'s view of the cache {@code name} (modulo the members), made by the first to ask as {@code configuration} says. */
    public Cache<Long, byte[]> cache(int i, String name, MutableConfiguration<Long, byte[]> configuration) {
        CacheManager manager = managers.get(i % managers.size());
        Cache<Long, byte[]> cache = manager.getCache(name);
        if (cache != null) {
            return cache;
        }
        try {
            return manager.createCache(name, configuration);
        } catch (CacheException createdMeanwhile) {
            return manager.getCache(name);
        }
    }

    /** Removes this cache from the cluster. */
    public void destroy(String name) {
        managers.get(0).destroyCache(name);
    }

    private void close() {
        managers.forEach(CacheManager::close);
        members.forEach(HazelcastInstance::shutdown);
    }
}
