package com.playtcha.jakarta.internal.cluster;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The module {@code playtcha-jakarta-cluster}, found with {@link ServiceLoader} (the library's class
 * loader, then the context class loader) for a setting that shares across nodes; every failure names
 * the setting (docs/cluster.md).
 */
public final class ClusterModule {

    private static final String MODULE = "com.playtcha:playtcha-jakarta-cluster";

    private ClusterModule() {
    }

    /**
     * Opens what the first provider of {@code type} provides for {@code key}; empty without the module.
     * {@code uses} says what the setting does with it ({@code "shares the client budgets"}).
     *
     * @throws InvalidSettingException naming {@code key} when the module or its Bucket4j jars cannot be loaded
     */
    public static <P, T> Optional<T> open(Class<P> type, Function<P, T> opening, Setting key, String uses) {
        try {
            for (ClassLoader loader : new ClassLoader[] {type.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
                Optional<P> provider = loader == null ? Optional.empty() : ServiceLoader.load(type, loader).findFirst();
                if (provider.isPresent()) {
                    return Optional.of(opening.apply(provider.get()));
                }
            }
            return Optional.empty();
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new InvalidSettingException(key, uses + ", but the module " + MODULE + " cannot be loaded (" + e
                    + "): put it in WEB-INF/lib once, of the same version as playtcha-jakarta, with the Bucket4j jars it "
                    + "depends on (com.bucket4j:bucket4j_jdk17-core, -postgresql and -jcache, which Maven or Gradle brings "
                    + "along; see docs/cluster.md)");
        }
    }

    /** The failure of a setting that needs the module where it is not there. */
    public static InvalidSettingException missing(Setting key, String uses) {
        if (key == Setting.REDIS_URI) {
            return new InvalidSettingException(key, uses + ", which needs the module com.playtcha:playtcha-jakarta-redis: add it "
                    + "next to playtcha-jakarta (the same version, in WEB-INF/lib, with the jars it depends on: " + MODULE
                    + ", Lettuce, Bucket4j; see docs/redis.md)");
        }
        return new InvalidSettingException(key, uses + ", which needs the module " + MODULE + ": add it next to "
                + "playtcha-jakarta (the same version, in WEB-INF/lib, with the Bucket4j jars it depends on)");
    }
}
