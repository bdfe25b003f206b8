package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;

/**
 * This node's own budgets and login counts, which the engine keeps package-private, for the tests of other
 * packages and modules: what the cluster's shared ones spend and count in beside their store.
 */
public final class LocalCounts {

    private LocalCounts() {
    }

    /** This node's client budgets of these settings, on {@code clock}. */
    public static Budgets budgets(PlaytchaSettings.ClientBudget settings, VerifierClock clock) {
        return ClientBudgets.of(settings, clock);
    }

    /** This node's login counts under these limits, on {@code clock}. */
    public static LoginFailures loginFailures(LoginFailures.Limits limits, VerifierClock clock) {
        return new LocalLoginFailures(limits, clock);
    }
}
