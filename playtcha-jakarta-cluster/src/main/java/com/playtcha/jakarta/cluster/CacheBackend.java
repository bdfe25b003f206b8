package com.playtcha.jakarta.cluster;

import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;

/**
 * The JCache cache of {@code playtcha.client-budget.cache} ({@code jcache}): the budgets in it and the
 * counts in its {@code -login-failures} sibling ({@link CacheBuckets}), from the runtime's provider or the
 * one {@code playtcha.client-budget.cache-provider} names. A cache keeps no ledger: with a cache, the
 * ledger is the database's or Redis's ({@link Backend#ofLedger}), or this node's own.
 */
final class CacheBackend implements Backend {

    @Override
    public Budgets budgets(PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads, Resources resources) {
        return CacheBuckets.open(settings, local, clock, threads);
    }

    @Override
    public LoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local, VerifierClock clock,
            String threads, Resources resources) {
        return CacheBuckets.loginFailures(settings, limits, local, clock, threads);
    }

    /** Never asked ({@link Backend#ofLedger} chooses no cache). */
    @Override
    public SharedStore ledger(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources) {
        throw new UnsupportedOperationException("a cache keeps no ledger");
    }
}
