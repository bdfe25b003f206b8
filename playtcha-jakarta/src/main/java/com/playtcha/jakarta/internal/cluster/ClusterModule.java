package com.playtcha.jakarta.internal.cluster;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The module {@code com.playtcha:playtcha-jakarta-cluster}, as a setting that shares something across
 * nodes needs it: its providers are registered in {@code META-INF/services} and found with
 * {@link ServiceLoader} through the library's class loader, then the thread's context class loader.
 * The module brings the Bucket4j jars it depends on, which a build tool puts next to it and a
 * hand-made WAR must carry (docs/cluster.md). Every failure names the setting that asked.
 */
public final class ClusterModule {

    private static final String MODULE = "com.playtcha:playtcha-jakarta-cluster";

    private ClusterModule() {
    }

    /**
     * Opens what the module provides for {@code key}, through the first provider of {@code type}.
     *
     * @param uses what the setting does with the module, after its key in a message
     *             ({@code "shares the client budgets"})
     * @return empty when the module is not there
     * @throws InvalidSettingException naming {@code key} when the module or one of its Bucket4j jars cannot
     *                                 be loaded, or is of another version; or the provider's own when
     *                                 what it opens cannot work
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
        return new InvalidSettingException(key, uses + ", which needs the module " + MODULE + ": add it next to "
                + "playtcha-jakarta (the same version, in WEB-INF/lib, with the Bucket4j jars it depends on)");
    }
}
