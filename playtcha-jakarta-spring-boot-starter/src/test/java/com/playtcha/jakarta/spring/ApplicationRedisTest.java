package com.playtcha.jakarta.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
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

        default Object getSentinel() {
            return null;
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

    record Fixed(String getUsername, String getPassword, Details.Standalone getStandalone, Object getSentinel) implements Details {
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
    void sentinelNodes_orAnSslBundle_areNotOneServer() {
        Server server = new Server("localhost", 6379, 0);
        assertEquals("Spring Data Redis connects through Sentinel nodes", assertInstanceOf(ApplicationRedis.Unusable.class,
                ApplicationRedis.of(Details.class, new Fixed(null, null, server, new Object()), environment(Map.of()))).why());
        assertEquals("spring.data.redis.ssl.bundle names an SSL bundle", assertInstanceOf(ApplicationRedis.Unusable.class,
                ApplicationRedis.of(Details.class, new Fixed(null, null, server, null),
                        environment(Map.of("spring.data.redis.ssl.bundle", "private-ca")))).why());
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
