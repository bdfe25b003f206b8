package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.LongSupplier;

/**
 * What a verify spends from before Playtcha is asked: this node's {@link ClientBudgets} when nothing
 * is shared, or budgets the cluster shares (a JCache cache, {@code playtcha.client-budget.cache}, or
 * else the database of {@code playtcha.ledger.datasource}), kept by the module
 * {@code playtcha-jakarta-cluster} and found through {@link Provider}. Shared budgets fall back to
 * this node's own while their store is away, and say so ({@link #away}).
 */
public interface Budgets {

    /**
     * Spends one verify of this client's.
     *
     * @return {@code null} when the budget had one; otherwise the rejection {@code client_rate_limited},
     *         whose {@code retryAfter} is the time until it has one again
     */
    VerificationResult.Rejected spend(String clientAddress);

    /** {@code budgets_local} while the cluster's budgets cannot be reached and this node spends from its own; else {@code null}. */
    default LocalFault away() {
        return null;
    }

    /** Stops what the budgets run; never throws. */
    default void close() {
    }

    /**
     * The budgets of these settings: {@code null} when turned off, this node's own when no store is
     * shared, else the cluster module's.
     *
     * @throws InvalidSettingException naming the store's key when the module is missing or cannot be loaded
     */
    static Budgets of(PlaytchaSettings settings, LongSupplier nanoTime, String threads) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        ClientBudgets local = budget.enabled() ? ClientBudgets.of(budget, nanoTime) : null;
        if (local == null || budget.cache() == null && settings.ledger().dataSource() == null) {
            return local;
        }
        Setting key = budget.cache() != null ? Setting.CLIENT_BUDGET_CACHE : Setting.LEDGER_DATASOURCE;
        try {
            for (ClassLoader loader : new ClassLoader[] {Budgets.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
                Optional<Provider> provider = loader == null ? Optional.empty() : ServiceLoader.load(Provider.class, loader).findFirst();
                if (provider.isPresent()) {
                    return provider.get().open(settings, local, threads);
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new InvalidSettingException(key, "shares the client budgets, but the module com.playtcha:playtcha-jakarta-cluster "
                    + "cannot be loaded (" + e + "): use the same version as playtcha-jakarta, once, in WEB-INF/lib");
        }
        if (key == Setting.LEDGER_DATASOURCE && settings.ledger().enabled()) {
            return local; // not for long: the ledger's store, of the same module, fails start-up saying what to add
        }
        throw new InvalidSettingException(key, "shares the client budgets, which needs the module "
                + "com.playtcha:playtcha-jakarta-cluster next to playtcha-jakarta (the same version, in WEB-INF/lib)");
    }

    /** What the cluster module registers in {@code META-INF/services}. */
    interface Provider {
        /** The shared budgets of these settings, spending from {@code local} too; threads named {@code <threads>-...}. */
        Budgets open(PlaytchaSettings settings, ClientBudgets local, String threads);
    }
}
