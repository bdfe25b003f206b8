package com.playtcha.jakarta.spi.store;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import java.time.Duration;

/**
 * SPI: what a verify spends from before Playtcha is asked, per client address ({@link AddressKey}). The
 * engine keeps this node's own; the module {@code playtcha-jakarta-cluster} implements the budgets a
 * cluster shares (a JCache cache, {@code playtcha.client-budget.cache}, or else the database of
 * {@code playtcha.ledger.datasource}) and registers a {@link Provider}. Shared budgets spend from this
 * node's own too, fall back to them while their store is away, and say so ({@link #away}).
 */
public interface Budgets {

    /**
     * Spends one verify of this client's.
     *
     * @return {@code null} when the budget had one; otherwise {@link #overBudget}, whose {@code retryAfter}
     *         is the time until it has one again
     */
    VerificationResult.Rejected spend(String clientAddress);

    /**
     * Gives back the verify {@link #spend} just took for this client, when a wider budget refused it: this
     * node's own budgets do; the cluster's cannot, and ignore it.
     */
    default void refund(String clientAddress) {
    }

    /**
     * Forgets what every client spent: the cluster's store forgot it (it restarted empty, or another server
     * took over), so this node answers from the store again, as a node that just started does. This node's own
     * budgets do; a node's alone never hears of it.
     */
    default void forget() {
    }

    /** {@code budgets_local} while the cluster's budgets cannot be reached and this node spends from its own; else {@code null}. */
    default LocalFault away() {
        return null;
    }

    /** Stops what the budgets run; never throws. */
    default void close() {
    }

    /** The rejection {@code client_rate_limited} of a budget that has a verify again after {@code wait}. */
    static VerificationResult.Rejected overBudget(Duration wait) {
        return new VerificationResult.Rejected(VerificationResult.CLIENT_RATE_LIMITED,
                "this client address is over its verify budget (playtcha.client-budget.*); Playtcha was not asked",
                null, 0, wait, VerificationResult.Source.CLIENT_BUDGET);
    }

    /** What the cluster module registers in {@code META-INF/services}. */
    interface Provider {
        /**
         * The shared budgets of these settings, spending from this node's {@code local} ones too, on
         * {@code clock}; threads named {@code <threads>-...}; a store named in the settings found in
         * {@code resources} first.
         */
        Budgets open(PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads, Resources resources);
    }
}
