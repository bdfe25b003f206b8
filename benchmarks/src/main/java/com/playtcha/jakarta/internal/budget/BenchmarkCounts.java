package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Instant;

/**
 * This node's own budgets and login counts, built straight from their parameters (a benchmark takes some
 * outside the settings' ranges) by a class in their package, where the engine keeps them package-private:
 * the benchmarks are not shipped.
 */
public final class BenchmarkCounts {

    /**
     * {@code nanoTime} 1,024 times faster (a million verifies a second become a billion), for the hot paths
     * alone: the budgets and counts read nothing else of their clock. Its instants are the system's.
     */
    public static final VerifierClock FAST = new VerifierClock() {
        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime() << 10;
        }
    };

    private BenchmarkCounts() {
    }

    /** This node's client budgets of these parameters, on {@code clock}. */
    public static Budgets budgets(PlaytchaSettings.ClientBudget settings, VerifierClock clock) {
        return ClientBudgets.of(settings, clock);
    }

    /** This node's login counts under these limits, on {@code clock}. */
    public static LoginFailures loginFailures(LoginFailures.Limits limits, VerifierClock clock) {
        return new LocalLoginFailures(limits, clock);
    }
}
