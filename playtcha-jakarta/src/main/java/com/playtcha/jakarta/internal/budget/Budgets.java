package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.cluster.ClusterModule;
import java.time.Clock;
import java.util.Optional;
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
     * @param clock    the verifier's, for what the cluster shares: a wall clock, as every node's must be
     * @param nanoTime the verifier's, for this node's own buckets
     * @throws InvalidSettingException naming the store's key when the module is missing or cannot be loaded
     *                                 ({@link ClusterModule#open})
     */
    static Budgets of(PlaytchaSettings settings, Clock clock, LongSupplier nanoTime, String threads) {
        PlaytchaSettings.ClientBudget budget = settings.clientBudget();
        ClientBudgets local = budget.enabled() ? ClientBudgets.of(budget, nanoTime) : null;
        if (local == null || budget.cache() == null && settings.ledger().dataSource() == null) {
            return local;
        }
        Setting key = budget.cache() != null ? Setting.CLIENT_BUDGET_CACHE : Setting.LEDGER_DATASOURCE;
        String uses = "shares the client budgets";
        Optional<Budgets> shared = ClusterModule.open(Provider.class, p -> p.open(settings, local, clock, threads), key, uses);
        if (shared.isEmpty() && key == Setting.LEDGER_DATASOURCE && settings.ledger().enabled()) {
            return local; // not for long: the ledger's store, of the same module, fails start-up saying what to add
        }
        return shared.orElseThrow(() -> ClusterModule.missing(key, uses));
    }

    /** What the cluster module registers in {@code META-INF/services}. */
    interface Provider {
        /** The shared budgets of these settings, spending from {@code local} too, on {@code clock}; threads named {@code <threads>-...}. */
        Budgets open(PlaytchaSettings settings, ClientBudgets local, Clock clock, String threads);
    }
}
