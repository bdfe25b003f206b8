package com.playtcha.jakarta.spring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spring.PlaytchaRedisAutoConfiguration;
import com.playtcha.jakarta.spring.it.redis.RedisTestApplication;
import com.playtcha.jakarta.testredis.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The application's own Redis (PlaytchaRedisAutoConfiguration): two applications configured only through
 * docs/redis.md's {@code spring.data.redis.*} example (its host and port the test's redis-server, whose ACL
 * knows the example's user) share the login counts; without Spring Data Redis, without the Redis module,
 * or with the auto-configuration excluded, each counts alone as before; Spring Data Redis on Sentinel or Redis Cluster
 * nodes shares through them.
 * Run by its own surefire execution, the only one with Spring Data Redis on the class path.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationRedisTest {

    private static final Path DOC = Path.of("..", "..", "docs", "redis.md");
    private static final byte[] ACCOUNT = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);

    private static RedisServer server;
    private static List<String> example;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(ApplicationRedisTest.class.getResource("/org/springframework/data/redis/core/RedisOperations.class") != null,
                "Spring Data Redis is not on this run's class path: ApplicationRedisTest runs in surefire's execution spring-data-redis");
        example = example();
        String user = value("spring.data.redis.username");
        String password = value("spring.data.redis.password");
        server = RedisServer.start(List.of("--user", "default", "off", "--user", user, "on", ">" + password, "~playtcha:*", "+@all",
                "--databases", "16"));
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoApplications_onSpringDataRedisAlone_shareTheLoginCounts(CapturedOutput output) throws Exception {
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        try {
            nodes.add(start(null));
            nodes.add(start(null));
            LoginFailures a = shared(nodes.get(0));
            LoginFailures b = shared(nodes.get(1));

            failThrice(a);

            assertTrue(b.needsToken(ACCOUNT, "203.0.113.9"), "the other application saw the account's 3 failures");
            assertTrue(output.getAll().contains("Playtcha shares through the application's Redis (Spring Data Redis, "
                    + "spring.data.redis.*) [redis=redis://playtcha:****@127.0.0.1:" + server.port() + "/2]"), output::getAll);
            assertFalse(output.getAll().contains(value("spring.data.redis.password")), "the password is never logged");
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void withoutSpringDataRedis_eachApplicationCountsAlone(CapturedOutput output) {
        assertCountsAlone(new FilteredClassLoader("org.springframework.data.redis"));
        assertFalse(output.getAll().contains("Playtcha shares through the application's Redis"), output::getAll);
    }

    @Test
    void withoutTheRedisModule_springDataRedisChangesNothing(CapturedOutput output) {
        assertCountsAlone(new FilteredClassLoader("com.playtcha.jakarta.redis"));
        assertFalse(output.getAll().contains("Playtcha shares through the application's Redis"), output::getAll);
    }

    @Test
    void excluded_eachApplicationCountsAlone() {
        assertCountsAlone(null, "spring.autoconfigure.exclude=" + PlaytchaRedisAutoConfiguration.class.getName());
    }

    @Test
    void springDataRedisOnSentinel_isShared_throughThatGroup(CapturedOutput output) {
        // Spring Boot's Sentinel details become the group's redis-sentinel:// URI; this one names a server, not a Sentinel,
        // which refuses SENTINEL: the start fails naming the setting, the server's words in the message
        assertThrows(Exception.class, () -> start(null, "spring.data.redis.sentinel.master=mymaster",
                "spring.data.redis.sentinel.nodes=127.0.0.1:" + server.port()).close());

        assertTrue(output.getAll().contains("[redis=redis-sentinel://playtcha:****@127.0.0.1:" + server.port() + "/2#mymaster]"),
                output::getAll);
        assertTrue(output.getAll().contains("playtcha.redis.uri: names a Redis that refuses this node"), output::getAll);
        assertFalse(output.getAll().contains(value("spring.data.redis.password")), "the password is never logged");
    }

    @Test
    void springDataRedisOnClusterNodes_isShared_throughThem(CapturedOutput output) throws Exception {
        // a node's name is all the library needs of a Redis Cluster; this one is a server on its own, which the library finds
        try (ConfigurableApplicationContext one = start(null, "spring.data.redis.cluster.nodes=127.0.0.1:" + server.port(),
                "spring.data.redis.database=0");
                ConfigurableApplicationContext other = start(null, "spring.data.redis.cluster.nodes=127.0.0.1:" + server.port(),
                        "spring.data.redis.database=0")) {
            failThrice(shared(one));
            assertTrue(shared(other).needsToken(ACCOUNT, "203.0.113.9"), "the other application saw the account's 3 failures");
        }
        assertTrue(output.getAll().contains("[redis=redis://playtcha:****@127.0.0.1:" + server.port() + "]"), output::getAll);
    }

    private static void assertCountsAlone(ClassLoader classes, String... properties) {
        try (ConfigurableApplicationContext one = start(classes, properties);
                ConfigurableApplicationContext other = start(classes, properties)) {
            LoginFailures a = one.getBean(LoginFailures.class);
            failThrice(a);

            assertTrue(a.needsToken(ACCOUNT, "203.0.113.9"), "its own counts");
            assertFalse(other.getBean(LoginFailures.class).needsToken(ACCOUNT, "203.0.113.9"), "the other counts alone, as before");
            assertNull(one.getBean(com.playtcha.jakarta.core.PlaytchaSettings.class).ledger().redis());
        }
    }

    private static void failThrice(LoginFailures counts) {
        for (int i = 0; i < 3; i++) {
            assertTrue(counts.admit(ACCOUNT, "203.0.113.7"), "below the account's limit of 3");
            counts.admitted(ACCOUNT, "203.0.113.7", false);
        }
    }

    /** The application's counts once they share (a node that starts while its connection is made counts alone meanwhile). */
    private static LoginFailures shared(ConfigurableApplicationContext node) throws InterruptedException {
        LoginFailures counts = node.getBean(LoginFailures.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counts.away() != null) {
            assertTrue(System.nanoTime() < deadline, "not connected to the test's redis-server: " + counts.away());
            Thread.sleep(20);
        }
        return counts;
    }

    private static ConfigurableApplicationContext start(ClassLoader classes, String... more) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(RedisTestApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "playtcha.secret=sk_test_redis", "playtcha.login.require=after-failures",
                        "playtcha.cluster.timeout=10s") // a loaded machine: the first scripts can take longer than 125 ms
                .properties(example.stream().map(line -> line.replace("redis.internal", "127.0.0.1")
                        .replace("spring.data.redis.port=6379", "spring.data.redis.port=" + server.port())).toArray(String[]::new))
                .properties(more);
        if (classes != null) {
            builder.resourceLoader(new DefaultResourceLoader(classes));
        }
        return builder.run();
    }

    /** docs/redis.md's Spring Boot example: the properties block that sets {@code spring.data.redis.*}, its lines. */
    private static List<String> example() throws IOException {
        String page = Files.readString(DOC);
        int start = page.indexOf("```properties\nspring.data.redis.") + "```properties\n".length();
        return page.substring(start, page.indexOf("```", start)).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    private static String value(String key) {
        return example.stream().filter(line -> line.startsWith(key + "=")).findFirst()
                .map(line -> line.substring(key.length() + 1)).orElseThrow(() -> new AssertionError(key + " is not in docs/redis.md"));
    }
}
