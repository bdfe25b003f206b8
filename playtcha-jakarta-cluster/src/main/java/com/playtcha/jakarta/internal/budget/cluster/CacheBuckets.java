package com.playtcha.jakarta.internal.budget.cluster;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.budget.ClientBudgets;
import com.playtcha.jakarta.internal.budget.LoginFailures;
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
 * The client budgets in the JCache cache {@code playtcha.client-budget.cache}, and the login failure
 * counts in the cache of that name with {@value #LOGIN_FAILURES} appended (their entries live longer: a
 * window), from the runtime's provider (Payara's Hazelcast) or the one
 * {@code playtcha.client-budget.cache-provider} names. A missing cache is created, its entries expiring
 * once unchanged for as long as a bucket takes to fill plus a minute; a cache the runtime configures
 * keeps its own expiry (keep it at least that long). The only class of the module that names the JCache
 * API, loaded only when a cache is named.
 */
public final class CacheBuckets {

    /** What the login failure counts' cache's name adds to the budgets'. */
    static final String LOGIN_FAILURES = "-login-failures";

    private CacheBuckets() {
    }

    /** @throws InvalidSettingException naming the key when there is no JCache API or provider, or no such cache */
    static SharedBudgets open(PlaytchaSettings settings, ClientBudgets local, String threads) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        CacheManager manager = manager(budget);
        Cache<Long, byte[]> cache = cache(manager, budget, budget.cache(), (long) Math.ceil(budget.burst() * 60.0 / budget.perMinute()));
        return on(settings, local, cache, threads, closing(manager));
    }

    /**
     * The login failure counts in the cache {@code <playtcha.client-budget.cache>}{@value #LOGIN_FAILURES},
     * created when missing with entries that expire once unchanged for the window (at least a minute) and a minute more.
     *
     * @throws InvalidSettingException naming the key when there is no JCache API or provider, or no such cache
     */
    static SharedLoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local, String threads) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        CacheManager manager = manager(budget);
        Cache<Long, byte[]> cache = cache(manager, budget, budget.cache() + LOGIN_FAILURES, Math.max(60, limits.window().toSeconds()));
        return loginFailuresOn(settings, limits, local, cache, threads, closing(manager));
    }

    private static CacheManager manager(PlaytchaSettings.ClientBudget budget) {
        try {
            Class.forName("javax.cache.Caching", false, CacheBuckets.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidSettingException(Setting.CLIENT_BUDGET_CACHE, "names a JCache cache, but the JCache API "
                    + "(javax.cache) is not there: use a runtime that provides it (Payara) or add a JCache provider; got " + budget.cache());
        }
        try {
            CachingProvider provider = budget.cacheProvider() == null ? Caching.getCachingProvider()
                    : Caching.getCachingProvider(budget.cacheProvider());
            return provider.getCacheManager();
        } catch (CacheException | IllegalStateException | ClassCastException e) {
            throw unusable(budget, e);
        }
    }

    private static InvalidSettingException unusable(PlaytchaSettings.ClientBudget budget, RuntimeException e) {
        return new InvalidSettingException(budget.cacheProvider() == null ? Setting.CLIENT_BUDGET_CACHE : Setting.CLIENT_BUDGET_CACHE_PROVIDER,
                "cannot give the cache of the client budgets (" + e + "): name one JCache provider with "
                + "playtcha.client-budget.cache-provider, like com.hazelcast.cache.HazelcastCachingProvider; got " + budget.cache());
    }

    private static Runnable closing(CacheManager manager) {
        return ownedBy(manager, CacheBuckets.class.getClassLoader()) ? manager::close : () -> {
        };
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

    /** The cache of that name, created when missing (another node may create it at the same moment), entries kept {@code fill} seconds and a minute. */
    @SuppressWarnings("unchecked")
    private static Cache<Long, byte[]> cache(CacheManager manager, PlaytchaSettings.ClientBudget budget, String name, long fill) {
        try {
            Cache<Long, byte[]> cache = (Cache<Long, byte[]>) (Cache<?, ?>) manager.getCache(name);
            if (cache != null) {
                return cache;
            }
            MutableConfiguration<Long, byte[]> configuration = new MutableConfiguration<Long, byte[]>()
                    .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, fill + 60)));
            try {
                return manager.createCache(name, configuration);
            } catch (CacheException createdMeanwhile) {
                cache = (Cache<Long, byte[]>) (Cache<?, ?>) manager.getCache(name);
                if (cache == null) {
                    throw createdMeanwhile;
                }
                return cache;
            }
        } catch (CacheException | IllegalStateException | ClassCastException e) {
            throw unusable(budget, e);
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

    /** Login failure counts in a cache at hand: each node's own member's, in the tests. */
    public static SharedLoginFailures loginFailuresOn(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local,
            Cache<Long, byte[]> cache, String threads) {
        return loginFailuresOn(settings, limits, local, cache, threads, () -> {
        });
    }

    private static SharedLoginFailures loginFailuresOn(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local,
            Cache<Long, byte[]> cache, String threads, Runnable closed) {
        return SharedLoginFailures.open(settings, limits, local, execution -> Bucket4jJCache.entryProcessorBasedBuilder(cache)
                .executionStrategy(execution).build(), "cache " + cache.getName(), Throwable::toString, threads, closed);
    }
}
