package com.playtcha.jakarta.cluster;

import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.cluster.jdbc.BudgetTable;
import com.playtcha.jakarta.cluster.jdbc.DatabaseCounts;
import com.playtcha.jakarta.cluster.jdbc.JdbcStore;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;

/**
 * What the module registers in {@code META-INF/services} for the library's SPI, each picking its store
 * from the settings: the client budgets and the login counts in the JCache cache when
 * {@code playtcha.client-budget.cache} names one, else on the Redis server of {@code playtcha.redis.uri}
 * ({@link Backend#redis}), else in the ledger's database; the ledger on that Redis server, or in the
 * database of {@code playtcha.ledger.datasource}. Each opens on the verifier's clock, with its threads.
 */
public final class Providers {

    private Providers() {
    }

    /** The client budgets a cluster shares ({@link SharedBudgets}). */
    public static final class Budgets implements com.playtcha.jakarta.spi.store.Budgets.Provider {
        @Override
        public com.playtcha.jakarta.spi.store.Budgets open(PlaytchaSettings settings, com.playtcha.jakarta.spi.store.Budgets local,
                VerifierClock clock, String threads, Resources resources) {
            String dataSource = settings.ledger().dataSource();
            if (settings.clientBudget().cache() == null && settings.ledger().redis() != null) {
                return Backend.redis().budgets(settings, local, clock, threads);
            }
            return settings.clientBudget().cache() != null ? CacheBuckets.open(settings, local, clock, threads)
                    : DatabaseCounts.budgets(settings, local, BudgetTable.find(dataSource, resources), dataSource, clock, threads);
        }
    }

    /** The failed logins a cluster counts together ({@link SharedLoginFailures}). */
    public static final class LoginFailures implements com.playtcha.jakarta.spi.store.LoginFailures.Provider {
        @Override
        public com.playtcha.jakarta.spi.store.LoginFailures open(PlaytchaSettings settings, Limits limits,
                com.playtcha.jakarta.spi.store.LoginFailures local, VerifierClock clock, String threads, Resources resources) {
            String dataSource = settings.ledger().dataSource();
            if (settings.clientBudget().cache() != null) {
                return CacheBuckets.loginFailures(settings, limits, local, clock, threads);
            }
            if (settings.ledger().redis() != null) {
                return Backend.redis().loginFailures(settings, limits, local, clock, threads);
            }
            return dataSource == null ? local
                    : DatabaseCounts.loginFailures(settings, limits, local, BudgetTable.find(dataSource, resources), dataSource,
                    clock, threads);
        }
    }

    /** The ledger several nodes share: on Redis ({@link Backend#redis}), or in a database table ({@link JdbcStore}). */
    public static final class Ledger implements SharedStore.Provider {
        @Override
        public SharedStore open(PlaytchaSettings.Ledger settings, VerifierClock clock, String threads, Resources resources) {
            return settings.redis() != null ? Backend.redis().ledger(settings, clock, threads)
                    : JdbcStore.open(settings, clock, threads, resources);
        }
    }
}
