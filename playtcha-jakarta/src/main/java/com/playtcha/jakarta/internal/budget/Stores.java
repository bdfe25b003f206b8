package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.cluster.ClusterModule;
import com.playtcha.jakarta.spi.LoginFailures;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * Opens the login counts of a set of settings: this node's own ({@link LocalLoginFailures}) when no store
 * is shared, else the cluster module's ({@link LoginFailures.Provider}), which counts in this node's own
 * while its store is away.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * The counts of these settings: {@code null} with {@code playtcha.login.require=always}; this node's
     * own when no store is shared (no {@code client-budget.cache}, no {@code ledger.datasource}); else the
     * cluster module's.
     *
     * @param clock    for what the cluster shares: a wall clock, as every node's must be
     * @param nanoTime for this node's own counts
     * @throws InvalidSettingException naming the store's key when the cluster module is missing or cannot be
     *                                 loaded ({@link ClusterModule#open})
     */
    public static LoginFailures loginFailures(PlaytchaSettings settings, Clock clock, LongSupplier nanoTime, String threads) {
        if (!settings.login().afterFailures()) {
            return null;
        }
        LoginFailures.Limits limits = LoginFailures.Limits.of(settings.login());
        LocalLoginFailures local = new LocalLoginFailures(limits, nanoTime);
        if (settings.clientBudget().cache() == null && settings.ledger().dataSource() == null) {
            return local;
        }
        Setting key = settings.clientBudget().cache() != null ? Setting.CLIENT_BUDGET_CACHE : Setting.LEDGER_DATASOURCE;
        String uses = "shares the failed logins of playtcha.login.require=after-failures";
        return ClusterModule.open(LoginFailures.Provider.class, p -> p.open(settings, limits, local, clock, threads), key, uses)
                .orElseThrow(() -> ClusterModule.missing(key, uses));
    }
}
