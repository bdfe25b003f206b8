package com.playtcha.jakarta.cluster;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A store of another jar that keeps everything the nodes share, found with {@link ServiceLoader} when its
 * setting is given: the module {@code com.playtcha:playtcha-jakarta-redis} for {@code playtcha.redis.uri}.
 * It opens the three parts on this module's algorithms ({@code ledger.TableStore} over its
 * {@code LedgerTable}, {@code counts.SharedBudgets} and {@code counts.SharedLoginFailures} over its Bucket4j
 * proxies and {@code Levels}), so each rule stays written once. {@link Providers} asks it before the
 * database. Internal: between the project's modules, of one version.
 */
public interface Backend {

    /** The client budgets ({@link Providers.Budgets}). */
    Budgets budgets(PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads);

    /** The login failure counts ({@link Providers.LoginFailures}). */
    LoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local, VerifierClock clock,
            String threads);

    /** The shared ledger ({@link Providers.Ledger}). */
    SharedStore ledger(PlaytchaSettings.Ledger settings, VerifierClock clock, String threads);

    /**
     * The Redis backend, from this module's class loader.
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri} when its module is missing or cannot be loaded
     */
    static Backend redis() {
        try {
            return ServiceLoader.load(Backend.class, Backend.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new InvalidSettingException(Setting.REDIS_URI, "names a Redis server, which needs the module "
                    + "com.playtcha:playtcha-jakarta-redis next to playtcha-jakarta-cluster (the same version, in WEB-INF/lib, with the "
                    + "Lettuce and Bucket4j jars it depends on; see docs/redis.md)"));
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new InvalidSettingException(Setting.REDIS_URI, "names a Redis server, but the module "
                    + "com.playtcha:playtcha-jakarta-redis cannot be loaded (" + e + "): put it next to playtcha-jakarta-cluster, "
                    + "the same version, with io.lettuce:lettuce-core and com.bucket4j:bucket4j_jdk17-lettuce (see docs/redis.md)");
        }
    }
}
