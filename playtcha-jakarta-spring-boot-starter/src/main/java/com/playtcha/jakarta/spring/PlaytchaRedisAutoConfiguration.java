package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The application's own Redis for the Redis module: with {@code playtcha-jakarta-redis} and Spring Data
 * Redis ({@code spring-boot-starter-data-redis}) both on the class path, and none of
 * {@code playtcha.redis.uri}, {@code playtcha.ledger.datasource}, {@code playtcha.ledger.directory},
 * {@code playtcha.client-budget.cache} set, the cluster shares through the server {@code spring.data.redis.*}
 * names (host, port, user, password, database, TLS), with one INFO line at start:
 *
 * <pre>{@code
 * spring.data.redis.host=redis.internal
 * spring.data.redis.username=app
 * spring.data.redis.password=change-me
 * spring.data.redis.database=2
 * }</pre>
 *
 * <p>It hands over the server's address, not Spring's connection: the module opens its own Lettuce
 * connection from a {@code playtcha.redis.uri} made of those details, so a cluster on Spring Boot runs the
 * same code, with the same timeouts and failure rules (docs/redis.md), as one on Tomcat. An application on
 * Jedis, or with a pool, is served alike. Give the library its own database index or server where the
 * application's keys matter: every key starts with {@code playtcha:}.
 *
 * <p>Spring Data Redis on Sentinel nodes ({@code spring.data.redis.sentinel.*}) shares through that Sentinel
 * group, on Redis Cluster nodes ({@code spring.data.redis.cluster.nodes}) through that Redis Cluster.
 * Off: {@code spring.autoconfigure.exclude=com.playtcha.jakarta.spring.PlaytchaRedisAutoConfiguration}
 * (each node counts alone again, unless {@code playtcha.redis.uri} is set). Spring Data Redis on static
 * master/replica nodes, or with an SSL bundle, fails the start naming {@code playtcha.redis.uri}: set it, or
 * exclude this class. The conditions are by class name, so an
 * application without either part starts as before, on Spring Boot 3.5 and 4.0.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
@ConditionalOnClass(name = "com.playtcha.jakarta.redis.RedisBackend")
public class PlaytchaRedisAutoConfiguration {

    /** The bean name of what the starter read from Spring Data Redis. */
    public static final String APPLICATION_REDIS = "playtchaApplicationRedis";

    private static final System.Logger LOG = System.getLogger(PlaytchaRedisAutoConfiguration.class.getName());

    /** Spring Boot 3.5's connection details. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = ApplicationRedis.BOOT3)
    @ConditionalOnBean(type = ApplicationRedis.BOOT3)
    static class Boot3 {
        @Bean(APPLICATION_REDIS)
        ApplicationRedis playtchaApplicationRedis(BeanFactory beans, Environment environment) {
            return read(ApplicationRedis.BOOT3, beans, environment);
        }
    }

    /** Spring Boot 4.0's. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = ApplicationRedis.BOOT4)
    @ConditionalOnBean(type = ApplicationRedis.BOOT4)
    static class Boot4 {
        @Bean(APPLICATION_REDIS)
        ApplicationRedis playtchaApplicationRedis(BeanFactory beans, Environment environment) {
            return read(ApplicationRedis.BOOT4, beans, environment);
        }
    }

    private static ApplicationRedis read(String typeName, BeanFactory beans, Environment environment) {
        ClassLoader loader = beans instanceof ConfigurableBeanFactory configurable && configurable.getBeanClassLoader() != null
                ? configurable.getBeanClassLoader() : PlaytchaRedisAutoConfiguration.class.getClassLoader();
        Class<?> type = ClassUtils.resolveClassName(typeName, loader);
        return ApplicationRedis.of(type, beans.getBean(type), environment);
    }

    /**
     * What the settings take from the application's Redis: {@code playtcha.redis.uri} when the bean is there and
     * the configuration names no shared store ({@code text}: a key's text in it); nothing otherwise.
     *
     * @throws InvalidSettingException when it should be used and cannot be
     */
    static Map<Setting, String> settings(Function<String, String> text, BeanFactory beans) {
        if (!beans.containsBean(APPLICATION_REDIS) || Stream.of(Setting.REDIS_URI, Setting.LEDGER_DATASOURCE,
                Setting.LEDGER_DIRECTORY, Setting.CLIENT_BUDGET_CACHE).anyMatch(store -> text.apply(store.key()) != null)) {
            return Map.of();
        }
        ApplicationRedis redis = beans.getBean(APPLICATION_REDIS, ApplicationRedis.class);
        if (redis instanceof ApplicationRedis.Unusable unusable) {
            throw new InvalidSettingException(Setting.REDIS_URI, "required with playtcha-jakarta-redis where Spring Data Redis "
                    + "cannot be shared (" + unusable.why() + "): set playtcha.redis.uri (a server, a Sentinel group or a Redis "
                    + "Cluster), or exclude "
                    + PlaytchaRedisAutoConfiguration.class.getName() + " (spring.autoconfigure.exclude)");
        }
        LOG.log(Level.INFO, "Playtcha shares through the application''s Redis (Spring Data Redis, spring.data.redis.*) "
                + "[redis={0}]; playtcha.redis.uri or spring.autoconfigure.exclude={1} to change it", redis,
                PlaytchaRedisAutoConfiguration.class.getName());
        return Map.of(Setting.REDIS_URI, ((ApplicationRedis.Usable) redis).uri());
    }
}
