package com.playtcha.jakarta.cluster.jcache;

import com.playtcha.jakarta.cluster.counts.BatchedLevels;
import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.counts.StartWindow;
import com.playtcha.jakarta.cluster.counts.StoreHandle;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.github.bucket4j.grid.jcache.Bucket4jJCache;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;
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

    /**
     * The client budgets in the cache {@code playtcha.client-budget.cache}; the node's own until the provider
     * gives it, should that take longer than the start waits ({@link Opening}).
     *
     * @throws InvalidSettingException naming the key, with the provider's failure as its cause, when there is no
     *                                 JCache API or provider, or the provider failed to give the cache within the start's bound
     */
    public static Budgets open(PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        CachingProvider provider = provider(budget);
        long fill = (long) Math.ceil(budget.burst() * 60_000.0 / budget.perMinute());
        return Opening.budgets(() -> {
            CacheManager manager = manager(provider, budget);
            return on(settings, local, cache(manager, budget, budget.cache(), fill), clock, threads, closing(manager));
        }, local, "cache " + budget.cache(), start(settings), clock, threads + "-budget-open");
    }

    /**
     * The login failure counts in the cache {@code <playtcha.client-budget.cache>}{@value #LOGIN_FAILURES},
     * created when missing with entries that expire once unchanged for the window (at least a minute) and a
     * minute more; the node's own until the provider gives it, as for {@link #open}.
     *
     * @throws InvalidSettingException as {@link #open} does
     */
    public static LoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local,
            VerifierClock clock, String threads) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        CachingProvider provider = provider(budget);
        String name = budget.cache() + LOGIN_FAILURES;
        return Opening.loginFailures(() -> {
            CacheManager manager = manager(provider, budget);
            Cache<Long, byte[]> cache = cache(manager, budget, name, Math.max(60_000, limits.window().toMillis()));
            return loginFailuresOn(settings, limits, local, cache, clock, threads, closing(manager));
        }, local, "cache " + name, start(settings), clock, threads + "-login-open");
    }

    /** The start both caches' openings share: one bound for the two, named by the budgets' cache. */
    private static StartWindow start(PlaytchaSettings settings) {
        return StartWindow.of("cache " + settings.clientBudget().cache(), settings.clusterStartTimeout());
    }

    /** The provider named, or the only one: found at once (its cache manager is what may take long). */
    private static CachingProvider provider(PlaytchaSettings.ClientBudget budget) {
        try {
            Class.forName("javax.cache.Caching", false, CacheBuckets.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidSettingException(Setting.CLIENT_BUDGET_CACHE, "names a JCache cache, but the JCache API "
                    + "(javax.cache:cache-api) is not there: add it beside a JCache provider (such as Hazelcast), or use a runtime "
                    + "that provides both (Payara); got " + budget.cache());
        }
        try {
            return budget.cacheProvider() == null ? Caching.getCachingProvider() : Caching.getCachingProvider(budget.cacheProvider());
        } catch (CacheException | IllegalStateException | ClassCastException e) {
            throw unusable(budget, e);
        }
    }

    private static CacheManager manager(CachingProvider provider, PlaytchaSettings.ClientBudget budget) {
        try {
            return provider.getCacheManager();
        } catch (CacheException | IllegalStateException | ClassCastException e) {
            throw unusable(budget, e);
        }
    }

    /** The failure {@code e} under the key it concerns, with {@code e} as its cause and a hint that fits the class path. */
    private static InvalidSettingException unusable(PlaytchaSettings.ClientBudget budget, RuntimeException e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
        }
        String said = root == e ? e.toString() : e + ", caused by " + root;
        InvalidSettingException failure = new InvalidSettingException(budget.cacheProvider() == null ? Setting.CLIENT_BUDGET_CACHE
                : Setting.CLIENT_BUDGET_CACHE_PROVIDER, "cannot give the cache " + budget.cache() + " (" + said + "): " + hint(budget));
        failure.initCause(e);
        return failure;
    }

    /** What to look at: which provider to name when there are several and none is named, else that provider's own configuration. */
    private static String hint(PlaytchaSettings.ClientBudget budget) {
        int providers = 0;
        try {
            for (CachingProvider ignored : Caching.getCachingProviders(CacheBuckets.class.getClassLoader())) {
                providers++;
            }
        } catch (RuntimeException | LinkageError e) {
            providers = -1; // none loads: the failure above says why
        }
        if (providers > 1 && budget.cacheProvider() == null) {
            return providers + " JCache providers are on the class path: name one with playtcha.client-budget.cache-provider, "
                    + "like com.hazelcast.cache.HazelcastCachingProvider";
        }
        if (providers == 0) {
            return "no JCache provider is on the class path: add one (such as com.hazelcast:hazelcast) beside javax.cache:cache-api";
        }
        return "check the JCache provider's own configuration (for Hazelcast: hazelcast.xml, or hazelcast-client.xml for its client, "
                + "and hazelcast.jcache.provider.type); see docs/cluster.md";
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

    /**
     * The cache of that name, created when missing (another node may create it at the same moment) as {@link #expiring} says.
     */
    @SuppressWarnings("unchecked")
    private static Cache<Long, byte[]> cache(CacheManager manager, PlaytchaSettings.ClientBudget budget, String name, long drainMillis) {
        try {
            Cache<Long, byte[]> cache = (Cache<Long, byte[]>) (Cache<?, ?>) manager.getCache(name);
            if (cache != null) {
                return cache;
            }
            try {
                return manager.createCache(name, expiring(drainMillis));
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

    /**
     * How a cache the library creates is configured: an entry expires once unchanged for {@code drainMillis}
     * (what a full bucket takes to fill, a full level to drain) and {@link Levels#KEEP} more, as the other
     * stores keep a key ({@link Levels#keptMillis}). JCache has no expiry per entry: a level above its limit
     * (failures counted past it) may go before it drained, at most a window's worth early.
     */
    static MutableConfiguration<Long, byte[]> expiring(long drainMillis) {
        return new MutableConfiguration<Long, byte[]>().setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(
                new Duration(TimeUnit.MILLISECONDS, drainMillis + Levels.KEEP.toMillis())));
    }

    /** Budgets in a cache at hand: each node's own member's, in the tests. */
    public static SharedBudgets on(PlaytchaSettings settings, Budgets local, Cache<Long, byte[]> cache, VerifierClock clock,
            String threads) {
        return on(settings, local, cache, clock, threads, () -> {
        });
    }

    private static SharedBudgets on(PlaytchaSettings settings, Budgets local, Cache<Long, byte[]> cache, VerifierClock clock,
            String threads, Runnable closed) {
        return SharedBudgets.open(settings, local, clock, (execution, meter) -> Bucket4jJCache.entryProcessorBasedBuilder(cache)
                .executionStrategy(execution).clientClock(meter).build(), handle(cache, closed), threads);
    }

    /** Login failure counts in a cache at hand: each node's own member's, in the tests. */
    public static SharedLoginFailures loginFailuresOn(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local,
            Cache<Long, byte[]> cache, VerifierClock clock, String threads) {
        return loginFailuresOn(settings, limits, local, cache, clock, threads, () -> {
        });
    }

    private static SharedLoginFailures loginFailuresOn(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local,
            Cache<Long, byte[]> cache, VerifierClock clock, String threads, Runnable closed) {
        return SharedLoginFailures.open(settings, limits, local, clock, (execution, meter) -> Bucket4jJCache
                .entryProcessorBasedBuilder(cache).executionStrategy(execution).clientClock(meter).build(), new CacheLevels(cache),
                handle(cache, closed), threads);
    }

    /** The cache as the counts name it; its failures read by the JDK's types and their words, said as thrown. */
    private static StoreHandle handle(Cache<Long, byte[]> cache, Runnable closed) {
        return StoreHandle.of("cache " + cache.getName(), Throwable::toString, closed);
    }

    /**
     * The login counts' levels in the cache, beside the application's Bucket4j entry (keys of their own
     * domain): each call one {@code invokeAll} of an entry processor over the attempt's keys (or one
     * {@code getAll}), one round trip whatever the number of keys, atomic per entry. A give-back (a
     * success's, or what one key of a refused admission took while another refused) is not a call of its
     * own: it waits ({@link BatchedLevels}, at most {@value BatchedLevels#PENDING} keys) and goes with
     * this node's next {@code invokeAll}, or within a second ({@link #flush}); meanwhile those counts are
     * one higher, which only asks for a token. A call that fails loses the give-backs it carried, with the
     * same effect. An entry is 24 bytes: the level, the epoch ms of its last change, what drains a
     * millisecond; the cache's expiry removes it.
     */
    static final class CacheLevels extends BatchedLevels {
        private final Cache<Long, byte[]> cache;

        CacheLevels(Cache<Long, byte[]> cache) {
            this.cache = cache;
        }

        /** Raises each key that has room; what it raised when another key had none waits to be given back. */
        @Override
        public boolean admit(long[] keys, double[] perMilli, double windowMillis, long nowMillis) {
            Map<Long, EntryProcessorResult<Double>> results = step(keys, perMilli, windowMillis, nowMillis);
            List<Long> raised = new ArrayList<>();
            for (long key : keys) {
                EntryProcessorResult<Double> result = results.get(key);
                if (result != null && result.get() >= 0) {
                    raised.add(key);
                }
            }
            if (raised.size() == keys.length) {
                return true;
            }
            if (!raised.isEmpty()) {
                giveBack(raised.stream().mapToLong(Long::longValue).toArray(), nowMillis);
            }
            return false;
        }

        @Override
        public double[] add(long[] keys, double[] perMilli, long nowMillis) {
            Map<Long, EntryProcessorResult<Double>> results = step(keys, perMilli, Double.POSITIVE_INFINITY, nowMillis);
            double[] levels = new double[keys.length];
            for (int i = 0; i < keys.length; i++) {
                EntryProcessorResult<Double> result = results.get(keys[i]);
                levels[i] = result == null ? 0 : result.get();
            }
            return levels;
        }

        /** One {@code invokeAll}: one more on each of {@code keys} (where it has room), and the give-backs waiting. */
        private Map<Long, EntryProcessorResult<Double>> step(long[] keys, double[] perMilli, double windowMillis, long nowMillis) {
            HashMap<Long, Double> rates = new HashMap<>();
            for (int i = 0; i < keys.length; i++) {
                rates.put(keys[i], perMilli[i]);
            }
            HashMap<Long, Integer> back = drain();
            Set<Long> all = new HashSet<>(rates.keySet());
            all.addAll(back.keySet());
            return cache.invokeAll(all, new Step(), nowMillis, rates, windowMillis, back);
        }

        /** One {@code invokeAll} that only gives back: {@code back} per key. */
        @Override
        protected void giveBackNow(HashMap<Long, Integer> back, long nowMillis) {
            cache.invokeAll(back.keySet(), new Step(), nowMillis, new HashMap<Long, Double>(), Double.POSITIVE_INFINITY, back)
                    .values().forEach(EntryProcessorResult::get); // a processor's failure is the store's
        }

        /** What the cache holds, less the give-backs waiting. */
        @Override
        public double[] read(long[] keys, long nowMillis) {
            Map<Long, byte[]> entries = cache.getAll(keySet(keys));
            double[] levels = new double[keys.length];
            for (int i = 0; i < keys.length; i++) {
                byte[] entry = entries.get(keys[i]);
                levels[i] = entry == null || entry.length != Step.BYTES ? 0 : Step.drained(ByteBuffer.wrap(entry), nowMillis);
            }
            takeOff(keys, levels);
            return levels;
        }

        private static Set<Long> keySet(long[] keys) {
            Set<Long> set = new HashSet<>();
            for (long key : keys) {
                set.add(key);
            }
            return set;
        }
    }

    /**
     * One entry's step, {@link Levels}' rule: drains its level to now at its own rate, takes off what is
     * given back to it (never below zero; an entry not there has nothing to give back), then, for a key of
     * the call's own, adds one (the key draining at the call's rate from then on) and returns the new level,
     * or returns -1 and adds nothing when one more would lift it above its limit ({@link Levels#room}); for
     * a key only given back to, returns its level. Arguments: the epoch ms, the own keys' drain rates, the
     * window in ms (a key's limit is its rate times it), and the give-backs per key.
     */
    static final class Step implements EntryProcessor<Long, byte[], Double>, Serializable {
        private static final long serialVersionUID = 2L;
        static final int BYTES = 24;

        @Override
        public Double process(MutableEntry<Long, byte[]> entry, Object... arguments) {
            long now = (Long) arguments[0];
            @SuppressWarnings("unchecked")
            Map<Long, Double> rates = (Map<Long, Double>) arguments[1];
            double window = (Double) arguments[2];
            @SuppressWarnings("unchecked")
            Map<Long, Integer> back = (Map<Long, Integer>) arguments[3];
            boolean own = rates.containsKey(entry.getKey());
            byte[] old = entry.exists() ? entry.getValue() : null;
            boolean counted = old != null && old.length == BYTES;
            if (!counted && !own) {
                return 0.0;
            }
            ByteBuffer was = counted ? ByteBuffer.wrap(old) : null;
            double level = Math.max(0, (counted ? drained(was, now) : 0) - back.getOrDefault(entry.getKey(), 0));
            double perMilli = counted ? was.getDouble(16) : rates.get(entry.getKey());
            double result = level;
            if (own) {
                double rate = rates.get(entry.getKey());
                result = Levels.room(level, rate, window) ? ++level : -1;
                perMilli = result >= 0 ? rate : perMilli; // a raise takes the call's rate; a refusal changes nothing
            }
            if (counted || result >= 0) {
                long at = counted ? Math.max(was.getLong(8), now) : now;
                entry.setValue(ByteBuffer.allocate(BYTES).putDouble(level).putLong(at).putDouble(perMilli).array());
            }
            return result;
        }

        /** The entry's level drained to {@code now}. */
        static double drained(ByteBuffer entry, long now) {
            return Levels.drained(entry.getDouble(0), entry.getLong(8), entry.getDouble(16), now);
        }
    }
}
