package com.playtcha.jakarta.cluster;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;

/**
 * What the module registers in {@code META-INF/services} for the library's SPI: each part opened by the
 * {@link Backend} of the store that keeps it, as {@link Backend#ofCounts} and {@link Backend#ofLedger}
 * choose from the settings, on the verifier's clock, with its threads.
 */
public final class Providers {

    private Providers() {
    }

    /** The client budgets a cluster shares ({@code counts.SharedBudgets}). */
    public static final class Budgets implements com.playtcha.jakarta.spi.store.Budgets.Provider {
        @Override
        public com.playtcha.jakarta.spi.store.Budgets open(PlaytchaSettings settings, com.playtcha.jakarta.spi.store.Budgets local,
                VerifierClock clock, String threads, Resources resources) {
            return Backend.ofCounts(settings).budgets(settings, local, clock, threads, resources);
        }
    }

    /** The failed logins a cluster counts together ({@code counts.SharedLoginFailures}); this node's own when no store is named. */
    public static final class LoginFailures implements com.playtcha.jakarta.spi.store.LoginFailures.Provider {
        @Override
        public com.playtcha.jakarta.spi.store.LoginFailures open(PlaytchaSettings settings, Limits limits,
                com.playtcha.jakarta.spi.store.LoginFailures local, VerifierClock clock, String threads, Resources resources) {
            Backend store = Backend.ofCounts(settings);
            return store == null ? local : store.loginFailures(settings, limits, local, clock, threads, resources);
        }
    }

    /** The ledger several nodes share ({@code ledger.TableStore}). */
    public static final class Ledger implements SharedStore.Provider {
        @Override
        public SharedStore open(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources) {
            return Backend.ofLedger(settings.ledger()).ledger(settings, clock, threads, resources);
        }
    }
}
