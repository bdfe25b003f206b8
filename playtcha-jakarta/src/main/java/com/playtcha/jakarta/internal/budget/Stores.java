package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.cluster.ClusterModule;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens the client budgets and the login counts of a set of settings: this node's own
 * ({@link ClientBudgets}, {@link LocalLoginFailures}) when no store is shared (no
 * {@code client-budget.cache}, no {@code ledger.datasource}), else the cluster module's
 * ({@link Budgets.Provider}, {@link LoginFailures.Provider}), which spend and count in this node's own
 * while their store is away. Every one on the verifier's clock.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * The budgets of these settings: {@code null} when turned off, this node's own when no store is
     * shared, else the cluster module's.
     *
     * @throws InvalidSettingException naming the store's key when the module is missing or cannot be loaded
     *                                 ({@link ClusterModule#open})
     */
    public static Budgets budgets(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        Budgets local = budget.enabled() ? ClientBudgets.of(budget, clock) : null;
        Optional<Budgets> shared = local == null ? Optional.empty() : shared(settings, Budgets.Provider.class,
                p -> p.open(settings, local, clock, threads, resources), "shares the client budgets");
        return shared.orElse(local);
    }

    /**
     * The counts of these settings (under {@code always} too: docs/login.md, "When Playtcha cannot answer"): this
     * node's own when no store is shared; else the cluster module's.
     *
     * @throws InvalidSettingException naming the store's key when the cluster module is missing or cannot load
     */
    public static LoginFailures loginFailures(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources) {
        LoginFailures.Limits limits = LoginFailures.Limits.of(settings.login());
        LoginFailures local = new LocalLoginFailures(limits, clock);
        return shared(settings, LoginFailures.Provider.class, p -> p.open(settings, limits, local, clock, threads, resources),
                "shares the failed logins of playtcha.login.require").orElse(local);
    }

    /**
     * What the cluster module opens for the store these settings share, or empty when they share none. A
     * missing module fails, but for the client budgets on the ledger's database: the ledger's store, of the
     * same module, fails start-up a moment later saying what to add.
     */
    private static <P, T> Optional<T> shared(PlaytchaSettings settings, Class<P> provider, Function<P, T> opening, String uses) {
        if (settings.clientBudget().cache() == null && !settings.ledger().shared()) {
            return Optional.empty();
        }
        Setting key = settings.clientBudget().cache() != null ? Setting.CLIENT_BUDGET_CACHE
                : settings.ledger().redis() != null ? Setting.REDIS_URI : Setting.LEDGER_DATASOURCE;
        Optional<T> shared = ClusterModule.open(provider, opening, key, uses);
        if (shared.isEmpty() && !(provider == Budgets.Provider.class && key == Setting.LEDGER_DATASOURCE && settings.ledger().enabled())) {
            throw ClusterModule.missing(key, uses);
        }
        return shared;
    }
}
