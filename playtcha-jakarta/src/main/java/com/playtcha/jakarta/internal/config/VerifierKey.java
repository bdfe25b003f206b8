package com.playtcha.jakarta.internal.config;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Equal for settings that build the same verifier: the values of every setting that
 * {@link Setting#buildsVerifier() builds a verifier} (its scope is {@link Setting.Scope#VERIFIER};
 * filters that share a verifier share its pool, budgets, ledger and metrics). The others only shape
 * the decision or the filter, so filters that differ only in those can share one verifier and its
 * pool. {@link #toString()} does not show the secret.
 */
public final class VerifierKey {

    private static final List<Setting> BUILD_A_VERIFIER =
            Arrays.stream(Setting.values()).filter(Setting::buildsVerifier).toList();

    private final List<Object> values;

    private VerifierKey(List<Object> values) {
        this.values = values;
    }

    /** The key of the verifier these settings build. */
    public static VerifierKey of(PlaytchaSettings settings) {
        List<Object> values = new ArrayList<>();
        for (Setting setting : BUILD_A_VERIFIER) {
            values.add(value(settings, setting));
        }
        return new VerifierKey(Collections.unmodifiableList(values)); // may hold null (no ledger directory)
    }

    /** This setting's value, typed as the record holds it (a breaker setting: the breaker's component). */
    static Object value(PlaytchaSettings settings, Setting setting) {
        return switch (setting) {
            case SECRET -> settings.secret();
            case API_URL -> settings.apiUrl();
            case FAIL_CLOSED -> settings.failMode() == FailMode.CLOSED;
            case MODE -> settings.mode();
            case TIMEOUT -> settings.timeout();
            case CONNECT_TIMEOUT -> settings.connectTimeout();
            case MAX_CONNECTIONS -> settings.maxConnections();
            case LEASE_TIMEOUT -> settings.leaseTimeout();
            case PROXY_HOST, PROXY_PORT, PROXY_USER, PROXY_PASSWORD, TRUST_STORE_PATH, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE,
                    LEDGER_ENABLED, LEDGER_DIRECTORY, LEDGER_CAPACITY, LEDGER_DATASOURCE, LEDGER_CREATE_SCHEMA, LEDGER_LEASE,
                    LEDGER_RETENTION -> egressOrLedger(settings, setting);
            case BREAKER_ENABLED -> settings.breaker().enabled();
            case BREAKER_FAILURES -> settings.breaker().failures();
            case BREAKER_COOL_DOWN -> settings.breaker().coolDown();
            case BREAKER_PROBES -> settings.breaker().probes();
            case MANAGED_THREADS -> settings.managedThreads();
            case CLIENT_BUDGET_ENABLED -> settings.clientBudget().enabled();
            case CLIENT_BUDGET_PER_MINUTE -> settings.clientBudget().perMinute();
            case CLIENT_BUDGET_BURST -> settings.clientBudget().burst();
            case CLIENT_BUDGET_ADDRESSES -> settings.clientBudget().addresses();
            case HEALTH_ENABLED -> settings.health().enabled();
            case METRICS_ENABLED -> settings.metrics();
            case TOKEN_PARAMETER -> settings.tokenParameter();
            case TOKEN_HEADER -> settings.tokenHeader();
            case METHODS -> settings.methods();
            case REJECT_STATUS -> settings.rejectStatus();
            case URL_PATTERNS -> settings.urlPatterns();
        };
    }

    private static Object egressOrLedger(PlaytchaSettings settings, Setting setting) {
        return switch (setting) {
            case PROXY_HOST -> settings.proxy().host();
            case PROXY_PORT -> settings.proxy().port() == 0 ? null : settings.proxy().port(); // 0: unset
            case PROXY_USER -> settings.proxy().user();
            case PROXY_PASSWORD -> settings.proxy().password();
            case TRUST_STORE_PATH -> settings.trustStore().path();
            case TRUST_STORE_PASSWORD -> settings.trustStore().password();
            case TRUST_STORE_TYPE -> settings.trustStore().type();
            case LEDGER_ENABLED -> settings.ledger().enabled();
            case LEDGER_DIRECTORY -> settings.ledger().directory();
            case LEDGER_CAPACITY -> settings.ledger().capacity();
            case LEDGER_DATASOURCE -> settings.ledger().dataSource();
            case LEDGER_CREATE_SCHEMA -> settings.ledger().createSchema();
            case LEDGER_LEASE -> settings.ledger().lease();
            case LEDGER_RETENTION -> settings.ledger().retention();
            default -> throw new IllegalArgumentException(setting + " is neither an egress nor a ledger setting");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifierKey key && values.equals(key.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "VerifierKey[" + values.size() + " settings, secret not shown]";
    }
}
