package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.playtcha.jakarta.cluster.Providers;
import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cluster.md's Hazelcast set-up for two Tomcats: its {@code hazelcast.xml} (this module's
 * {@code src/test/resources/hazelcast/hazelcast.xml}) is valid for Hazelcast and says what the page says,
 * and, with the system properties the page sets in {@code setenv.sh}, the library's provider makes a
 * member from it that forms one cluster with a second member of the same file: a login's failures on one
 * node count on the other. Only the addresses differ here (loopback, free ports), and the cluster's name
 * is this run's own, so no other build's members join.
 */
class HazelcastSetUpTest {

    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);

    @TempDir
    Path dir;

    private static String documented() throws Exception {
        try (InputStream in = HazelcastSetUpTest.class.getResourceAsStream("/hazelcast/hazelcast.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDocumentedFile_isValid_andSaysWhatThePageSays() throws Exception {
        Config config = new XmlConfigBuilder(HazelcastSetUpTest.class.getResourceAsStream("/hazelcast/hazelcast.xml")).build();
        assertEquals("playtcha-app", config.getClusterName());
        assertEquals(5701, config.getNetworkConfig().getPort());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.0.0.11:5701", "10.0.0.12:5701"), join.getTcpIpConfig().getMembers());
    }

    /** The page shows this file as it is, the system properties this test sets, and the versions this module is tested with. */
    @Test
    void thePageShows_theFileTheTestsLoad_thePropertiesTheySet_andTheVersionsTheyRun() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "cluster.md"));
        String section = page.substring(page.indexOf("### A JCache cache with Hazelcast"),
                page.indexOf("### How fast the store must answer"));
        int start = section.indexOf("   <?xml");
        String shown = section.substring(start, section.indexOf("   ```", start)).replaceAll("(?m)^   ", "");
        assertEquals(documented(), shown, "docs/cluster.md shows src/test/resources/hazelcast/hazelcast.xml as it is");
        assertTrue(section.contains("-Dhazelcast.jcache.provider.type=member -Dhazelcast.config=$CATALINA_BASE/conf/hazelcast.xml"));
        assertTrue(section.contains("<version>" + com.hazelcast.instance.BuildInfoProvider.getBuildInfo().getVersion() + "</version>"),
                "the Hazelcast version the tests run");
        String api = javax.cache.Caching.class.getPackage().getImplementationVersion();
        assertTrue(api == null || section.contains("<version>" + api + "</version>"), "the cache-api version the tests run: " + api);
    }

    @Test
    void twoMembersOfTheDocumentedFile_formOneCluster_andShareTheLoginCounts() throws Exception {
        int[] ports = {free(), free()};
        String here = documented().replace("playtcha-app", "playtcha-setup-" + UUID.randomUUID())
                .replace("10.0.0.11:5701", "127.0.0.1:" + ports[0]).replace("10.0.0.12:5701", "127.0.0.1:" + ports[1])
                .replace("<join>", "<interfaces enabled=\"true\"><interface>127.0.0.1</interface></interfaces>\n<join>");
        Path first = dir.resolve("hazelcast.xml");
        Files.writeString(first, here.replace(">5701<", ">" + ports[0] + "<"));
        System.setProperty("hazelcast.jcache.provider.type", "member"); // as setenv.sh sets them
        System.setProperty("hazelcast.config", first.toString());
        HazelcastInstance second = Hazelcast.newHazelcastInstance(new InMemoryXmlConfig(here.replace(">5701<", ">" + ports[1] + "<")));
        // a busy machine's first cache calls may take longer than the default's 125 ms, and a failure not told in time is not counted;
        // a member's start (its join included) may take longer than the default's 10 s there
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_setup").clientBudgetCache("playtcha-budgets")
                .clusterTimeout(Duration.ofSeconds(4)).clusterStartTimeout(Duration.ofMinutes(1)).build();
        VerifierClock clock = VerifierClock.SYSTEM;
        LoginFailures a = null;
        SharedLoginFailures b = null;
        try {
            a = new Providers.LoginFailures().open(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), clock, "setup-a",
                    Resources.NONE);
            assertNull(a.away(), "shared from the start");
            b = CacheBuckets.loginFailuresOn(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), view(second), clock, "setup-b");
            assertEquals(2, second.getCluster().getMembers().size(), "one cluster of two members");
            byte[] account = new byte[32];
            for (int i = 0; i < 3; i++) {
                a.failed(account, "203.0.113.20");
            }
            assertFalse(b.admit(account, "203.0.113.21"), "three failures on one node ask the other for a token");
            assertNull(b.away());
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
            Caching.getCachingProvider().close(); // the member the provider made
            second.shutdown();
            System.clearProperty("hazelcast.jcache.provider.type");
            System.clearProperty("hazelcast.config");
        }
    }

    /** The second member's view of the counts' cache, under the default URI as the provider's own manager names it. */
    @SuppressWarnings("unchecked")
    private static Cache<Long, byte[]> view(HazelcastInstance member) {
        HazelcastMemberCachingProvider provider = new HazelcastMemberCachingProvider();
        CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), HazelcastSetUpTest.class.getClassLoader(),
                HazelcastCachingProvider.propertiesByInstanceItself(member));
        return manager.getCache("playtcha-budgets-login-failures");
    }

    private static int free() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
