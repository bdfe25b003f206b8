package com.playtcha.jakarta.internal.budget.cluster;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.budget.ClientBudgets;
import io.github.bucket4j.grid.jcache.Bucket4jJCache;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.spi.CachingProvider;

/**
 * The client budgets in the JCache cache {@code playtcha.client-budget.cache}, from the runtime's
 * provider (Payara's Hazelcast) or the one {@code playtcha.client-budget.cache-provider} names. A
 * missing cache is created, its entries expiring once unchanged for as long as a bucket takes to fill
 * plus a minute; a cache the runtime configures keeps its own expiry. The only class of the module
 * that names the JCache API, loaded only when a cache is named.
 */
public final class CacheBuckets {

    private CacheBuckets() {
    }

    /** @throws InvalidSettingException naming the key when there is no JCache API or provider, or no such cache */
    static SharedBudgets open(PlaytchaSettings settings, ClientBudgets local, String threads) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        try {
            Class.forName("javax.cache.Caching", false, CacheBuckets.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidSettingException(Setting.CLIENT_BUDGET_CACHE, "names a JCache cache, but the JCache API "
                    + "(javax.cache) is not there: use a runtime that provides it (Payara) or add a JCache provider; got " + budget.cache());
        }
        Cache<Long, byte[]> cache;
        CacheManager manager;
        try {
            CachingProvider provider = budget.cacheProvider() == null ? Caching.getCachingProvider()
                    : Caching.getCachingProvider(budget.cacheProvider());
            manager = provider.getCacheManager();
            cache = cache(manager, budget);
        } catch (CacheException | IllegalStateException | ClassCastException e) {
            throw new InvalidSettingException(budget.cacheProvider() == null ? Setting.CLIENT_BUDGET_CACHE : Setting.CLIENT_BUDGET_CACHE_PROVIDER,
                    "cannot give the cache of the client budgets (" + e + "): name one JCache provider with "
                    + "playtcha.client-budget.cache-provider, like com.hazelcast.cache.HazelcastCachingProvider; got " + budget.cache());
        }
        return on(settings, local, cache, threads, ownedBy(manager, CacheBuckets.class.getClassLoader()) ? manager::close : () -> {
        });
    }

    /**
     * Whether the budgets close this manager when the verifier closes: when its provider came with the
     * application (its class loaded by the same loader as this module's), which nothing else would close
     * before the application's classes go; not when the runtime provides it (Payara's Hazelcast), whose
     * manager the runtime and other applications' caches share and the runtime closes.
     */
    static boolean ownedBy(CacheManager manager, ClassLoader application) {
        return manager.getCachingProvider().getClass().getClassLoader() == application;
    }

    /** The cache of that name, created when missing (another node may create it at the same moment). */
    @SuppressWarnings("unchecked")
    private static Cache<Long, byte[]> cache(CacheManager manager, PlaytchaSettings.ClientBudget budget) {
        Cache<Long, byte[]> cache = (Cache<Long, byte[]>) (Cache<?, ?>) manager.getCache(budget.cache());
        if (cache != null) {
            return cache;
        }
        long fill = (long) Math.ceil(budget.burst() * 60.0 / budget.perMinute());
        MutableConfiguration<Long, byte[]> configuration = new MutableConfiguration<Long, byte[]>()
                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, fill + 60)));
        try {
            return manager.createCache(budget.cache(), configuration);
        } catch (CacheException createdMeanwhile) {
            cache = (Cache<Long, byte[]>) (Cache<?, ?>) manager.getCache(budget.cache());
            if (cache == null) {
                throw createdMeanwhile;
            }
            return cache;
        }
    }

    /** Budgets in a cache at hand: each node's own member's, in the tests. */
    public static SharedBudgets on(PlaytchaSettings settings, ClientBudgets local, Cache<Long, byte[]> cache, String threads) {
        return on(settings, local, cache, threads, () -> {
        });
    }

    private static SharedBudgets on(PlaytchaSettings settings, ClientBudgets local, Cache<Long, byte[]> cache, String threads,
            Runnable closed) {
        return SharedBudgets.open(settings, local, execution -> Bucket4jJCache.entryProcessorBasedBuilder(cache)
                .executionStrategy(execution).build(), "cache " + cache.getName(), Throwable::toString, threads, closed);
    }
}
