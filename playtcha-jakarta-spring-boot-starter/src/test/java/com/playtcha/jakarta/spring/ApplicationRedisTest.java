package com.playtcha.jakarta.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * How the application's Redis becomes a {@code playtcha.redis.uri}: read through the getters Spring Boot's
 * connection details declare (here on an interface of the same shape: the starter's tests have neither
 * Boot line's Spring Data Redis; playtcha-jakarta-spring-boot-tests' ApplicationRedisTest runs the real
 * ones on a redis-server).
 */
class ApplicationRedisTest {

    /** The shape of Boot's RedisConnectionDetails. */
    public interface Details {
        String getUsername();

        String getPassword();

        Standalone getStandalone();

        default Sentinel getSentinel() {
            return null;
        }

        default Cluster getCluster() {
            return null;
        }

        default Object getMasterReplica() {
            return null;
        }

        /** Boot's Sentinel details. */
        interface Sentinel {
            int getDatabase();

            String getMaster();

            List<Node> getNodes();

            String getUsername();

            String getPassword();
        }

        /** Boot's Cluster details. */
        interface Cluster {
            List<Node> getNodes();
        }

        /** A server. */
        interface Standalone {
            String getHost();

            int getPort();

            int getDatabase();
        }
    }

    record Server(String getHost, int getPort, int getDatabase) implements Details.Standalone {
    }

    record Fixed(String getUsername, String getPassword, Details.Standalone getStandalone, Details.Sentinel getSentinel) implements Details {
    }

    /** Boot's node: a record of a host and a port. */
    public record Node(String host, int port) {
    }

    record Group(int getDatabase, String getMaster, List<Node> getNodes, String getUsername, String getPassword)
            implements Details.Sentinel {
    }

    record Shards(String getUsername, String getPassword, Details.Standalone getStandalone, Details.Cluster getCluster) implements Details {
    }

    record Static(String getUsername, String getPassword, Details.Standalone getStandalone, Object getMasterReplica) implements Details {
    }

    @Test
    void reservedCharacters_arePercentEncoded_andTheUriGivesThemBack_whileToStringMasksThePassword() {
        String password = "p@ss:w/rd ü%";
        ApplicationRedis redis = ApplicationRedis.of(Details.class, new Fixed("app user", password, new Server("redis.internal", 6380, 2),
                null), environment(Map.of()));

        String uri = assertInstanceOf(ApplicationRedis.Usable.class, redis).uri();
        assertEquals("app user:" + password, URI.create(uri).getUserInfo());
        assertEquals("redis.internal", URI.create(uri).getHost());
        assertEquals("/2", URI.create(uri).getPath());
        assertEquals("redis://app%20user:****@redis.internal:6380/2", redis.toString());
        assertFalse(redis.toString().contains("p%40ss"), redis::toString);
    }

    @Test
    void aPasswordWithoutUser_isThePasswordAlone_andSslEnabled_isRediss() {
        ApplicationRedis redis = ApplicationRedis.of(Details.class, new Fixed(null, "secret", new Server("::1", 6379, 0), null),
                environment(Map.of("spring.data.redis.ssl.enabled", "true")));

        assertEquals("rediss://secret@[::1]:6379/0", ((ApplicationRedis.Usable) redis).uri());
    }

    @Test
    void noPassword_noLogin() {
        ApplicationRedis redis = ApplicationRedis.of(Details.class, new Fixed("ignored", null, new Server("localhost", 6379, 0), null),
                environment(Map.of("spring.data.redis.url", "rediss://localhost:6379")));

        assertEquals("rediss://localhost:6379/0", ((ApplicationRedis.Usable) redis).uri());
    }

    @Test
    void sentinelNodes_areTheirGroup_withTheSentinelsOwnLogin_masked() {
        Server server = new Server("localhost", 6379, 0);
        ApplicationRedis redis = ApplicationRedis.of(Details.class, new Fixed("app", "p@ss", server, new Group(2, "mymaster",
                List.of(new Node("s1.internal", 26379), new Node("s2.internal", 26380)), "watcher", "s3ntinel")), environment(Map.of()));

        assertEquals("redis-sentinel://app:p%40ss@s1.internal:26379,s2.internal:26380/2?sentinelUsername=watcher&sentinelPassword=s3ntinel"
                + "#mymaster", assertInstanceOf(ApplicationRedis.Usable.class, redis).uri());
        assertEquals("redis-sentinel://app:****@s1.internal:26379,s2.internal:26380/2?sentinelUsername=watcher&sentinelPassword=****"
                + "#mymaster", redis.toString());
        ApplicationRedis tls = ApplicationRedis.of(Details.class, new Fixed(null, null, server, new Group(0, "cache one",
                List.of(new Node("s1.internal", 26379)), null, null)), environment(Map.of("spring.data.redis.ssl.enabled", "true")));
        assertEquals("rediss-sentinel://s1.internal:26379/0?sentinelMasterId=cache%20one", ((ApplicationRedis.Usable) tls).uri());
    }

    @Test
    void clusterNodes_areTheCluster() {
        ApplicationRedis redis = ApplicationRedis.of(Shards.class, new Shards(null, "secret", new Server("localhost", 6379, 0),
                () -> List.of(new Node("n1.internal", 7000), new Node("::1", 7001))), environment(Map.of()));

        assertEquals("redis://secret@n1.internal:7000,[::1]:7001", assertInstanceOf(ApplicationRedis.Usable.class, redis).uri());
        assertEquals("redis://****@n1.internal:7000,[::1]:7001", redis.toString());
    }

    @Test
    void staticMasterReplicaNodes_orAnSslBundle_areNotUsable() {
        Server server = new Server("localhost", 6379, 0);
        assertEquals("Spring Data Redis connects through MasterReplica nodes", assertInstanceOf(ApplicationRedis.Unusable.class,
                ApplicationRedis.of(Static.class, new Static(null, null, server, new Object()), environment(Map.of()))).why());
        assertEquals("spring.data.redis.ssl.bundle names an SSL bundle", assertInstanceOf(ApplicationRedis.Unusable.class,
                ApplicationRedis.of(Details.class, new Fixed(null, null, server, null),
                        environment(Map.of("spring.data.redis.ssl.bundle", "private-ca")))).why());
    }

    @Test
    void everyForm_isAPlaytchaRedisUri_theSettingsTake() {
        Server server = new Server("localhost", 6379, 0);
        for (ApplicationRedis redis : List.of(ApplicationRedis.of(Details.class, new Fixed("u", "p w", server, new Group(1, "m",
                List.of(new Node("s1", 26379)), "w", "x y")), environment(Map.of())), ApplicationRedis.of(Shards.class, new Shards("u", "p",
                server, () -> List.of(new Node("n1", 7000), new Node("n2", 7001))), environment(Map.of())))) {
            String uri = ((ApplicationRedis.Usable) redis).uri();
            assertEquals(redis.toString(), com.playtcha.jakarta.core.PlaytchaSettings.builder("sk_test_0123456789abcdef").redisUri(uri)
                    .build().ledger().redis().toString(), "the settings take it, and show it as the starter does");
        }
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
