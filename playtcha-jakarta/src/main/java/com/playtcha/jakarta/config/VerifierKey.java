package com.playtcha.jakarta.config;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.util.Arrays;
import java.util.List;

/**
 * Equal for settings that build the same verifier: the values of every setting that
 * {@link Setting#buildsVerifier() builds a verifier} (its scope is {@link Setting.Scope#VERIFIER};
 * filters that share a verifier share its pool, budgets, ledger and metrics).
 * {@link #toString()} does not show the secret.
 */
public record VerifierKey(List<Object> values) {

    /** The key of the verifier these settings build. */
    public static VerifierKey of(PlaytchaSettings s) {
        return new VerifierKey(Arrays.asList(s.secret(), s.apiUrl(), s.timeout(), s.connectTimeout(), s.maxConnections(),
                s.leaseTimeout(), s.proxy(), s.trustStore(), s.breaker(), s.ledger(), s.clusterTimeout(),
                s.clusterStartTimeout(), s.managedThreads(), s.clientBudget(), s.login(), s.metrics()));
    }

    @Override
    public String toString() {
        return "VerifierKey[" + values.size() + " settings, secret not shown]";
    }
}
