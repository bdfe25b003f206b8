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
 * <p>Not usable: Sentinel, Redis Cluster or master/replica nodes (the Redis module takes one server), and
 * a {@code spring.data.redis.ssl.bundle} (its trust material cannot travel in a URI). Then the start fails
 * naming both ways out, rather than each node counting alone where the application meant to share.
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
        for (String mode : new String[] {"getSentinel", "getCluster", "getMasterReplica"}) {
            if (optionalGetter(type, mode) != null && get(type, mode, details) != null) {
                return new Unusable("Spring Data Redis connects through " + mode.substring(3) + " nodes");
            }
        }
        Object standalone = get(type, "getStandalone", details);
        Class<?> standaloneType = getter(type, "getStandalone").getReturnType();
        String host = (String) get(standaloneType, "getHost", standalone);
        int port = (Integer) get(standaloneType, "getPort", standalone);
        int database = (Integer) get(standaloneType, "getDatabase", standalone);
        boolean tls = binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false)
                || binder.bind("spring.data.redis.url", String.class).map(url -> url.startsWith("rediss:")).orElse(false)
                || sslBundle(type, details, standaloneType, standalone) != null;
        String user = (String) get(type, "getUsername", details);
        String password = (String) get(type, "getPassword", details);
        String scheme = tls ? "rediss://" : "redis://";
        String where = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/" + database;
        String login = password == null ? "" : (user == null ? "" : encoded(user) + ":");
        return new Usable(scheme + (password == null ? "" : login + encoded(password) + "@") + where,
                scheme + (password == null ? "" : login + "****@") + where);
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
