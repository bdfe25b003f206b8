package com.playtcha.jakarta.cluster;

import com.playtcha.jakarta.cluster.jdbc.BudgetTable;
import com.playtcha.jakarta.cluster.jdbc.DatabaseCounts;
import com.playtcha.jakarta.cluster.jdbc.JdbcStore;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;

/**
 * The database of {@code playtcha.ledger.datasource} ({@code jdbc}): the ledger in its table
 * ({@link JdbcStore}), the budgets and the counts in Bucket4j's tables and the login levels' table
 * ({@link DatabaseCounts}), each found by that name in the framework's {@code resources} first, then in
 * JNDI and CDI, and its tables checked or created before it opens.
 */
final class DatabaseBackend implements Backend {

    @Override
    public Budgets budgets(PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads, Resources resources) {
        String name = settings.ledger().dataSource();
        return DatabaseCounts.budgets(settings, local, BudgetTable.find(name, resources), name, clock, threads);
    }

    @Override
    public LoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local, VerifierClock clock,
            String threads, Resources resources) {
        String name = settings.ledger().dataSource();
        return DatabaseCounts.loginFailures(settings, limits, local, BudgetTable.find(name, resources), name, clock, threads);
    }

    @Override
    public SharedStore ledger(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources) {
        return JdbcStore.open(settings.ledger(), clock, threads, resources);
    }
}
