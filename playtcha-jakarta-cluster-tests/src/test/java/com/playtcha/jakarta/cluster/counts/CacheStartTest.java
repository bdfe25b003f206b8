package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.playtcha.jakarta.cluster.Providers;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node whose JCache cannot be had at its start, with Hazelcast's client provider (what
 * {@code HazelcastCachingProvider} is by default): with no cluster there, whose connection Hazelcast
 * retries for good, the start returns within its one bound ({@code cluster.start-timeout}) for the
 * counts' cache and the budgets' together, the node on its own counts and buckets ({@code budgets_local}),
 * and it shares through the cache once a member of that cluster appears; with a configuration Hazelcast
 * refuses, the start fails at once with Hazelcast's own failure as its cause and a hint that fits one
 * provider on the class path.
 */
class CacheStartTest {

    private static final String CLIENT = "com.hazelcast.client.cache.HazelcastClientCachingProvider";
    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);
    /** The default: a start's bound is {@code cluster.start-timeout}'s 10 s, time enough for Hazelcast to read its configuration. */
    private static final Duration CLUSTER_TIMEOUT = Duration.ofMillis(250);
    /** A start's bound longer than the slack: a start that waited it twice (once a cache) cannot pass for one that waited it once. */
    private static final Duration START = TestSettings.SLACK.plusSeconds(5);

    private final VerifierClock clock = VerifierClock.SYSTEM;

    @AfterEach
    void forget() {
        Caching.getCachingProvider(CLIENT).close(); // the client it made, connected or still trying
        System.clearProperty("hazelcast.client.config");
        System.clearProperty("playtcha.test.cluster");
        System.clearProperty("playtcha.test.port");
    }

    private static PlaytchaSettings settings() {
        return PlaytchaSettings.builder("sk_test_cache_start").clientBudgetCache("playtcha-start-" + UUID.randomUUID())
                .clientBudgetCacheProvider(CLIENT).clusterTimeout(CLUSTER_TIMEOUT).build();
    }

    private static String resource(String name) throws Exception {
        return Path.of(CacheStartTest.class.getResource("/hazelcast/" + name).toURI()).toString();
    }

    /**
     * Issue 71: with {@code cluster.timeout=2s} the start waited for each cache 40 times that (capped at a
     * minute), one after the other (126 s seen in a Tomcat). Now the two share one deadline: the budgets'
     * cache, opened once the counts' got no answer by it, is waited for no more. Failed on 1cde289e (the
     * start took 120 s) and, before issue 65, never returned.
     */
    @Test
    @Timeout(300)
    void aClientWithNoCluster_holdsTheStartOneBound_forBothCaches_onItsOwnCounts_andSharesOnceTheClusterIsThere() throws Exception {
        NoCluster none = NoCluster.yet();
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_cache_start").clientBudgetCache("playtcha-start-" + UUID.randomUUID())
                .clientBudgetCacheProvider(CLIENT).clusterTimeout(Duration.ofSeconds(2)).clusterStartTimeout(START).build();
        long started = System.nanoTime();
        LoginFailures counts = new Providers.LoginFailures().open(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), clock,
                "playtcha-cache-start", Resources.NONE);
        long budgetsStarted = System.nanoTime();
        Budgets budgets = new Providers.Budgets().open(settings, address -> null, clock, "playtcha-cache-start", Resources.NONE);
        long ended = System.nanoTime();
        HazelcastInstance member = null;
        try {
            assertTrue(ended - budgetsStarted < TestSettings.SLACK.toNanos(), "the budgets' cache was not waited for again: "
                    + Duration.ofNanos(ended - budgetsStarted).toMillis() + " ms");
            assertTrue(ended - started < START.plus(TestSettings.SLACK).toNanos(), "one bound for the start: "
                    + Duration.ofNanos(ended - started).toMillis() + " ms");
            LocalFault away = counts.away();
            assertNotNull(away, "on its own counts while the cache is not open");
            assertEquals(LocalFault.BUDGETS_LOCAL, away.code());
            assertNotNull(budgets.away(), "and on its own buckets");
            byte[] account = new byte[32];
            for (int i = 0; i < 3; i++) {
                assertTrue(counts.admit(account, "203.0.113.7"), "its own counts admit up to the limit");
                counts.admitted(account, "203.0.113.7", false);
            }
            assertFalse(counts.admit(account, "203.0.113.7"), "and ask for a token past it");

            member = member(none.name(), none.port());
            HazelcastMembersAwait.until(() -> counts.away() == null && budgets.away() == null, Duration.ofSeconds(120));
            byte[] fresh = new byte[32];
            fresh[0] = 1;
            // a new client's first calls may take longer than half of cluster.timeout: "slow", a token asked, then answered in time
            HazelcastMembersAwait.until(() -> counts.admit(fresh, "203.0.113.8") && counts.away() == null, Duration.ofSeconds(60));
        } finally {
            if (member == null) { // failed before it: the client holds its provider's lock until it connects, which forget() takes
                member = member(none.name(), none.port());
                HazelcastMembersAwait.quietly(() -> counts.away() == null, Duration.ofSeconds(120));
            }
            counts.close();
            budgets.close();
            member.shutdown();
        }
    }

    /**
     * Closed (the application undeployed) while the provider still tries to give the caches: the threads that wait for
     * it end, and Hazelcast's client with them, rather than trying for good with the application's class loader as
     * their context (Hazelcast's client gives up when its thread is interrupted). Before: both threads alive 10 s
     * after the close, for as long as no member of the cluster appeared.
     */
    @Test
    @Timeout(300)
    void closedBeforeTheCachesOpened_leavesNoThreadTryingToOpenThem() throws Exception {
        NoCluster none = NoCluster.yet();
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_cache_start").clientBudgetCache("playtcha-start-" + UUID.randomUUID())
                .clientBudgetCacheProvider(CLIENT).clusterStartTimeout(Duration.ofSeconds(1)).build();
        LoginFailures counts = new Providers.LoginFailures().open(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), clock,
                "playtcha-cache-undeployed", Resources.NONE);
        Budgets budgets = new Providers.Budgets().open(settings, address -> null, clock, "playtcha-cache-undeployed", Resources.NONE);
        assertNotNull(counts.away(), "not open by the start's bound");
        assertFalse(openers().isEmpty(), "the provider is still being waited for");
        counts.close();
        budgets.close();
        HazelcastInstance member = null;
        try {
            HazelcastMembersAwait.until(() -> openers().isEmpty(), TestSettings.SLACK);
        } finally {
            if (!openers().isEmpty()) { // failed: the client holds its provider's lock until it connects, which forget() takes
                member = member(none.name(), none.port());
                HazelcastMembersAwait.quietly(() -> openers().isEmpty(), Duration.ofSeconds(120));
                member.shutdown();
            }
        }
    }

    /** The threads that wait for a provider to give a cache, of {@link #closedBeforeTheCachesOpened_leavesNoThreadTryingToOpenThem}. */
    private static java.util.List<Thread> openers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("playtcha-cache-undeployed")
                && t.getName().endsWith("-open")).toList();
    }

    @Test
    void anInvalidConfiguration_failsTheStart_withHazelcastsCause_andNoHintOfSeveralProviders() throws Exception {
        System.setProperty("hazelcast.client.config", resource("client-invalid.xml"));
        PlaytchaSettings settings = settings();
        InvalidSettingException failure = assertThrows(InvalidSettingException.class, () -> new Providers.LoginFailures().open(settings,
                LIMITS, LocalCounts.loginFailures(LIMITS, clock), clock, "playtcha-cache-invalid", Resources.NONE));
        boolean named = false;
        for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
            named |= c instanceof InvalidConfigurationException;
        }
        assertTrue(named, "Hazelcast's failure is among the causes, for the log's Caused by: " + failure);
        assertTrue(failure.getMessage().contains("member-list"), "the message quotes the deepest cause: " + failure.getMessage());
        assertTrue(failure.getMessage().contains("playtcha.client-budget.cache-provider"), "the key: " + failure.getMessage());
        assertFalse(failure.getMessage().contains("name one"), "one provider on the class path: " + failure.getMessage());
        assertTrue(failure.getMessage().contains("hazelcast-client.xml"), failure.getMessage());
    }

    /** A Hazelcast cluster's name and port where no member is yet, which the client's configuration names. */
    private record NoCluster(String name, int port) {
        static NoCluster yet() throws Exception {
            NoCluster none;
            try (ServerSocket free = new ServerSocket(0)) {
                none = new NoCluster("playtcha-start-" + UUID.randomUUID(), free.getLocalPort());
            }
            System.setProperty("hazelcast.client.config", resource("client-no-cluster.xml"));
            System.setProperty("playtcha.test.cluster", none.name());
            System.setProperty("playtcha.test.port", Integer.toString(none.port()));
            return none;
        }
    }

    /** A member of {@code cluster} on 127.0.0.1:{@code port}, alone. */
    private static HazelcastInstance member(String cluster, int port) {
        Config config = new Config().setClusterName(cluster).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        return Hazelcast.newHazelcastInstance(config);
    }

    /** Polls a condition, not a time: each poll a few ms apart. */
    private static final class HazelcastMembersAwait {
        interface Check {
            boolean holds();
        }

        /** Until {@code check} holds or {@code atMost} went by, whichever first; says nothing (a test's failure stays its own). */
        static void quietly(Check check, Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!check.holds() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        static void until(Check check, Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!check.holds()) {
                assertTrue(System.nanoTime() < deadline, "within " + atMost);
                Thread.sleep(50);
            }
        }
    }
}
