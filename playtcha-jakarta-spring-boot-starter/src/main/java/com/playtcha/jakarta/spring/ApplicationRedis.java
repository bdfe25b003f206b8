package com.playtcha.jakarta.spring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The Redis server the application's Spring Data Redis connects to, as a {@code playtcha.redis.uri}, or
 * why it cannot be one. Read from Spring Boot's Redis connection details bean (what
 * {@code spring.data.redis.*}, a Testcontainers or Docker Compose service connection describe): its
 * standalone host, port and database, the user and password, and TLS when {@code spring.data.redis.ssl.enabled}
 * or a {@code rediss://} {@code spring.data.redis.url} asks for it (the JVM's trust store, as
 * {@code rediss://} in {@code playtcha.redis.uri}).
 *
 * <p>Sentinel nodes ({@code spring.data.redis.sentinel.*}) become a {@code redis-sentinel://} URI of the
 * group, their own user and password included; Redis Cluster nodes ({@code spring.data.redis.cluster.nodes})
 * a {@code redis://} URI of them all. Not usable: master/replica nodes (static, without a Sentinel to say which
 * is the primary), and a {@code spring.data.redis.ssl.bundle} (its trust material cannot travel in a URI). Then
 * the start fails naming both ways out, rather than each node counting alone where the application meant to share.
 *
 * <p>Spring Boot 3.5 and 4.0 name the bean's type differently, so the starter, compiled once against 4.0,
 * reads it through its public getters by reflection on the interface it loads by name.
 * {@link #toString()} masks the password.
 */
abstract sealed class ApplicationRedis {

    /** Spring Boot 3.5's connection details. */
    static final String BOOT3 = "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails";
    /** Spring Boot 4.0's. */
    static final String BOOT4 = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    /** One server the Redis module can connect to. */
    static final class Usable extends ApplicationRedis {
        private final String uri;
        private final String masked;

        Usable(String uri, String masked) {
            this.uri = uri;
            this.masked = masked;
        }

        String uri() {
            return uri;
        }

        @Override
        public String toString() {
            return masked;
        }
    }

    /** Spring Data Redis on something the Redis module does not take, and what. */
    static final class Unusable extends ApplicationRedis {
        private final String why;

        Unusable(String why) {
            this.why = why;
        }

        String why() {
            return why;
        }

        @Override
        public String toString() {
            return why;
        }
    }

    /** The server of the connection details bean {@code details}, whose interface is {@code type} ({@link #BOOT3} or {@link #BOOT4}). */
    static ApplicationRedis of(Class<?> type, Object details, Environment environment) {
        Binder binder = Binder.get(environment);
        if (binder.bind("spring.data.redis.ssl.bundle", String.class).map(b -> !b.isBlank()).orElse(false)) {
            return new Unusable("spring.data.redis.ssl.bundle names an SSL bundle");
        }
        if (optionalGetter(type, "getMasterReplica") != null && get(type, "getMasterReplica", details) != null) {
            return new Unusable("Spring Data Redis connects through MasterReplica nodes");
        }
        Object standalone = get(type, "getStandalone", details);
        Class<?> standaloneType = getter(type, "getStandalone").getReturnType();
        boolean tls = binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false)
                || binder.bind("spring.data.redis.url", String.class).map(url -> url.startsWith("rediss:")).orElse(false)
                || sslBundle(type, details, standaloneType, standalone) != null;
        String user = (String) get(type, "getUsername", details);
        String password = (String) get(type, "getPassword", details);
        String login = password == null ? "" : (user == null ? "" : encoded(user) + ":") + encoded(password) + "@";
        String masked = password == null ? "" : (user == null ? "" : encoded(user) + ":") + "****@";
        Object sentinel = optionalGetter(type, "getSentinel") != null ? get(type, "getSentinel", details) : null;
        if (sentinel != null) {
            return sentinel(getter(type, "getSentinel").getReturnType(), sentinel, tls, login, masked);
        }
        Object cluster = optionalGetter(type, "getCluster") != null ? get(type, "getCluster", details) : null;
        String scheme = tls ? "rediss://" : "redis://";
        if (cluster != null) {
            String nodes = nodes((java.util.List<?>) get(getter(type, "getCluster").getReturnType(), "getNodes", cluster));
            return new Usable(scheme + login + nodes, scheme + masked + nodes);
        }
        String host = (String) get(standaloneType, "getHost", standalone);
        String where = hostAndPort(host, (Integer) get(standaloneType, "getPort", standalone)) + "/"
                + get(standaloneType, "getDatabase", standalone);
        return new Usable(scheme + login + where, scheme + masked + where);
    }

    /**
     * A Sentinel group: {@code redis[s]-sentinel://[login@]sentinels/database#group}, the Sentinels' own user and
     * password ({@code spring.data.redis.sentinel.username}, {@code .password}) as {@code sentinelUsername} and
     * {@code sentinelPassword} (masked as {@code ****}).
     */
    private static ApplicationRedis sentinel(Class<?> type, Object sentinel, boolean tls, String login, String masked) {
        String nodes = nodes((java.util.List<?>) get(type, "getNodes", sentinel));
        String master = (String) get(type, "getMaster", sentinel);
        String sentinelUser = optionalGetter(type, "getUsername") != null ? (String) get(type, "getUsername", sentinel) : null;
        String sentinelPassword = optionalGetter(type, "getPassword") != null ? (String) get(type, "getPassword", sentinel) : null;
        String scheme = tls ? "rediss-sentinel://" : "redis-sentinel://";
        String where = nodes + "/" + get(type, "getDatabase", sentinel);
        StringBuilder query = new StringBuilder();
        StringBuilder maskedQuery = new StringBuilder();
        if (sentinelPassword != null) {
            String user = sentinelUser == null ? "" : "sentinelUsername=" + encoded(sentinelUser) + "&";
            query.append('?').append(user).append("sentinelPassword=").append(encoded(sentinelPassword));
            maskedQuery.append('?').append(user).append("sentinelPassword=****");
        }
        boolean plain = master.matches("[A-Za-z0-9._-]{1,128}");
        String group = plain ? "#" + master : (query.length() == 0 ? "?" : "&") + "sentinelMasterId=" + encoded(master);
        return new Usable(scheme + login + where + query + group, scheme + masked + where + maskedQuery + group);
    }

    /** Spring Boot's nodes (records of {@code host()} and {@code port()}) as {@code host:port,host:port}. */
    private static String nodes(java.util.List<?> nodes) {
        StringBuilder out = new StringBuilder();
        for (Object node : nodes) {
            out.append(out.length() == 0 ? "" : ",").append(hostAndPort((String) get(node.getClass(), "host", node),
                    (Integer) get(node.getClass(), "port", node)));
        }
        return out.toString();
    }

    private static String hostAndPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** 4.0 keeps the bundle on the details, 3.5 on the standalone server. */
    private static Object sslBundle(Class<?> type, Object details, Class<?> standaloneType, Object standalone) {
        if (optionalGetter(type, "getSslBundle") != null) {
            return get(type, "getSslBundle", details);
        }
        return optionalGetter(standaloneType, "getSslBundle") != null ? get(standaloneType, "getSslBundle", standalone) : null;
    }

    /** A user name or password in a URI's user part: every byte but RFC 3986's unreserved ones percent-encoded. */
    static String encoded(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static Method getter(Class<?> type, String name) {
        Method method = optionalGetter(type, name);
        if (method == null) {
            throw new IllegalStateException(type.getName() + " has no " + name + "(): a Spring Boot line the starter does not know");
        }
        return method;
    }

    private static Method optionalGetter(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException absent) {
            return null;
        }
    }

    private static Object get(Class<?> type, String name, Object target) {
        try {
            return getter(type, name).invoke(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
