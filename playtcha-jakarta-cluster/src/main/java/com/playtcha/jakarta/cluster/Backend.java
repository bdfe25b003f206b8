package com.playtcha.jakarta.cluster;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A store that keeps what the nodes share, one implementation per store: the database of
 * {@code playtcha.ledger.datasource} ({@code DatabaseBackend}), the JCache cache of
 * {@code playtcha.client-budget.cache} ({@code CacheBackend}, the counts and budgets only), the Redis
 * server of {@code playtcha.redis.uri} (the module {@code com.playtcha:playtcha-jakarta-redis}, found with
 * {@link ServiceLoader}). Each opens the parts on this module's algorithms ({@code ledger.TableStore} over
 * its {@code LedgerTable}, {@code counts.SharedBudgets} and {@code counts.SharedLoginFailures} over its
 * Bucket4j proxies and {@code Levels}), so each rule stays written once. Which store keeps which part is
 * chosen here alone, from the three settings ({@link #ofCounts}, {@link #ofLedger}); {@link Providers}
 * asks. Internal: between the project's modules, of one version.
 */
public interface Backend {

    /** The client budgets ({@link Providers.Budgets}). */
    Budgets budgets(PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads, Resources resources);

    /** The login failure counts ({@link Providers.LoginFailures}). */
    LoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local, VerifierClock clock,
            String threads, Resources resources);

    /**
     * The shared ledger ({@link Providers.Ledger}), within {@code playtcha.cluster.timeout} and
     * {@code playtcha.cluster.start-timeout} as the other parts; a store that keeps none (a cache) is never asked
     * ({@link #ofLedger}).
     */
    SharedStore ledger(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources);

    /**
     * The store of the client budgets and the login counts: the cache when {@code playtcha.client-budget.cache}
     * names one, else the Redis server of {@code playtcha.redis.uri}, else the database of
     * {@code playtcha.ledger.datasource}; {@code null} when none is named (each node counts alone).
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri} when Redis is chosen and its module is missing
     */
    static Backend ofCounts(PlaytchaSettings settings) {
        return settings.clientBudget().cache() != null ? new CacheBackend() : ofLedger(settings.ledger());
    }

    /**
     * The store of the shared ledger: the Redis server of {@code playtcha.redis.uri}, else the database of
     * {@code playtcha.ledger.datasource} (a cache keeps no ledger); {@code null} when neither is named.
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri} when Redis is chosen and its module is missing
     */
    static Backend ofLedger(PlaytchaSettings.Ledger settings) {
        return settings.redis() != null ? redis() : settings.dataSource() != null ? new DatabaseBackend() : null;
    }

    /**
     * The Redis backend, from this module's class loader.
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri} when its module is missing or cannot be loaded
     */
    private static Backend redis() {
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
