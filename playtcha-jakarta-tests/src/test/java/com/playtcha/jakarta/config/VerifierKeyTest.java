package com.playtcha.jakarta.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.TrustStoreFiles;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierKeyTest {

    private static final String SECRET = "sk_test_0123456789abcdef";

    /** The settings a value below needs set too, like a proxy port its host; the value then replaces its own companion. */
    private static final Map<Setting, Map<Setting, String>> COMPANIONS = new EnumMap<>(Map.of(
            Setting.PROXY_HOST, Map.of(Setting.PROXY_HOST, "other.example", Setting.PROXY_PORT, "3128"),
            Setting.PROXY_PORT, Map.of(Setting.PROXY_HOST, "proxy.example", Setting.PROXY_PORT, "3128"),
            Setting.PROXY_USER, Map.of(Setting.PROXY_HOST, "proxy.example", Setting.PROXY_PORT, "3128",
                    Setting.PROXY_USER, "u", Setting.PROXY_PASSWORD, "pw"),
            Setting.PROXY_PASSWORD, Map.of(Setting.PROXY_HOST, "proxy.example", Setting.PROXY_PORT, "3128",
                    Setting.PROXY_USER, "u", Setting.PROXY_PASSWORD, "pw")));

    @TempDir
    static Path directory;
    private static final Map<Setting, String> OTHER = new EnumMap<>(Setting.class);

    @BeforeAll
    static void trustStores() throws Exception {
        String one = TrustStoreFiles.write(directory, "one.p12", "PKCS12", "store-pw").toString();
        String two = TrustStoreFiles.write(directory, "two.p12", "PKCS12", "store-pw").toString();
        String jks = TrustStoreFiles.write(directory, "ca.jks", "JKS", "store-pw").toString();
        OTHER.putAll(OTHER_VALUES);
        OTHER.put(Setting.TRUST_STORE_PATH, two);
        COMPANIONS.put(Setting.TRUST_STORE_PATH, Map.of(Setting.TRUST_STORE_PATH, one, Setting.TRUST_STORE_PASSWORD, "store-pw"));
        // JKS opens without a password (no integrity check), and PKCS12, the default type, reads JKS too.
        COMPANIONS.put(Setting.TRUST_STORE_PASSWORD, Map.of(Setting.TRUST_STORE_PATH, jks, Setting.TRUST_STORE_TYPE, "JKS"));
        OTHER.put(Setting.TRUST_STORE_PASSWORD, "store-pw");
        COMPANIONS.put(Setting.CLIENT_BUDGET_CACHE_PROVIDER, Map.of(Setting.CLIENT_BUDGET_CACHE, "playtcha-budgets"));
        COMPANIONS.put(Setting.TRUST_STORE_TYPE, Map.of(Setting.TRUST_STORE_PATH, jks, Setting.TRUST_STORE_PASSWORD, "store-pw"));
    }

    /** A valid value other than the default, for every setting: a new setting must be added here. */
    private static final Map<Setting, String> OTHER_VALUES = Map.ofEntries(
            Map.entry(Setting.PROXY_HOST, "proxy.example"), Map.entry(Setting.PROXY_PORT, "8080"),
            Map.entry(Setting.PROXY_USER, "svc"), Map.entry(Setting.PROXY_PASSWORD, "proxy-pw"),
            Map.entry(Setting.TRUST_STORE_PATH, "/set/in/trustStores"), Map.entry(Setting.TRUST_STORE_PASSWORD, "x"),
            Map.entry(Setting.TRUST_STORE_TYPE, "JKS"),
            Map.entry(Setting.SECRET, "sk_test_another"), Map.entry(Setting.API_URL, "https://other.example"),
            Map.entry(Setting.FAIL_CLOSED, "true"), Map.entry(Setting.MODE, "observe"),
            Map.entry(Setting.TIMEOUT, "5s"), Map.entry(Setting.CONNECT_TIMEOUT, "2s"),
            Map.entry(Setting.MAX_CONNECTIONS, "8"), Map.entry(Setting.LEASE_TIMEOUT, "100ms"),
            Map.entry(Setting.BREAKER_ENABLED, "false"), Map.entry(Setting.BREAKER_FAILURES, "9"),
            Map.entry(Setting.BREAKER_COOL_DOWN, "30s"), Map.entry(Setting.BREAKER_PROBES, "2"),
            Map.entry(Setting.LEDGER_ENABLED, "false"), Map.entry(Setting.LEDGER_DIRECTORY, "/var/lib/app/playtcha"),
            Map.entry(Setting.LEDGER_CAPACITY, "50"), Map.entry(Setting.LEDGER_DATASOURCE, "java:comp/env/jdbc/ledger"),
            Map.entry(Setting.LEDGER_CREATE_SCHEMA, "false"), Map.entry(Setting.LEDGER_LEASE, "10s"),
            Map.entry(Setting.LEDGER_RETENTION, "1m"), Map.entry(Setting.LEDGER_CLAIM_UNAVAILABLE, "refuse"),
            Map.entry(Setting.CLUSTER_TIMEOUT, "1s"), Map.entry(Setting.CLUSTER_START_TIMEOUT, "20s"),
            Map.entry(Setting.MANAGED_THREADS, "false"),
            Map.entry(Setting.REDIS_URI, "redis://redis.example:6380/2"), Map.entry(Setting.LOGIN_OUTSIDE_REQUESTS, "true"),
            Map.entry(Setting.CLIENT_BUDGET_ENABLED, "false"),
            Map.entry(Setting.CLIENT_BUDGET_PER_MINUTE, "600"), Map.entry(Setting.CLIENT_BUDGET_BURST, "10"),
            Map.entry(Setting.CLIENT_BUDGET_ADDRESSES, "5000"), Map.entry(Setting.CLIENT_BUDGET_CACHE, "playtcha-budgets"),
            Map.entry(Setting.CLIENT_BUDGET_CACHE_PROVIDER, "com.example.CachingProvider"), Map.entry(Setting.HEALTH_ENABLED, "false"),
            Map.entry(Setting.METRICS_ENABLED, "false"), Map.entry(Setting.LOGIN_REQUIRE, "after-failures"),
            Map.entry(Setting.LOGIN_ACCOUNT_FAILURES, "5"), Map.entry(Setting.LOGIN_CLIENT_FAILURES, "20"),
            Map.entry(Setting.LOGIN_FAILURE_WINDOW, "60m"), Map.entry(Setting.LOGIN_ATTACK_FAILURES_PER_MINUTE, "50"),
            Map.entry(Setting.LOGIN_ACCOUNT_NAMES, "exact"),
            Map.entry(Setting.TOKEN_PARAMETER, "captcha"), Map.entry(Setting.TOKEN_HEADER, "X-Captcha"),
            Map.entry(Setting.TOKEN_SEARCH_MAX_HELD, "65536"),
            Map.entry(Setting.METHODS, "POST"), Map.entry(Setting.REJECT_STATUS, "422"),
            Map.entry(Setting.URL_PATTERNS, "/signup/*"));

    @Test
    void verifierKey_changesWithExactlyTheSettingsThatBuildAVerifier() {
        assertEquals(EnumSet.allOf(Setting.class), EnumSet.copyOf(OTHER_VALUES.keySet()),
                "every setting needs another value here");
        for (Setting setting : Setting.values()) {
            Map<Setting, String> companions = COMPANIONS.getOrDefault(setting, Map.of());
            PlaytchaSettings.Builder baseBuilder = PlaytchaSettings.builder(SECRET);
            companions.forEach(baseBuilder::set);
            VerifierKey base = VerifierKey.of(baseBuilder.build());
            PlaytchaSettings.Builder builder = PlaytchaSettings.builder(SECRET);
            companions.forEach(builder::set);
            builder.set(setting, OTHER.get(setting));
            if (setting == Setting.CONNECT_TIMEOUT || setting == Setting.LEASE_TIMEOUT) {
                builder.set(Setting.TIMEOUT, "3s");
            }
            VerifierKey changed = VerifierKey.of(builder.build());

            assertEquals(setting.buildsVerifier(), !changed.equals(base), setting::key);
            if (changed.equals(base)) {
                assertEquals(base.hashCode(), changed.hashCode(), setting::key);
            }
        }
        VerifierKey base = VerifierKey.of(PlaytchaSettings.builder(SECRET).build());
        assertFalse(base.toString().contains(SECRET), base::toString);
    }

    @Test
    void verifierSettings_areTheConnectionBreakerLedgerAndClientBudgetOnes() {
        EnumSet<Setting> building = EnumSet.noneOf(Setting.class);
        for (Setting setting : Setting.values()) {
            if (setting.buildsVerifier()) {
                building.add(setting);
            }
        }

        assertEquals(EnumSet.complementOf(EnumSet.of(Setting.FAIL_CLOSED, Setting.MODE, Setting.TOKEN_PARAMETER,
                Setting.TOKEN_HEADER, Setting.TOKEN_SEARCH_MAX_HELD, Setting.METHODS, Setting.REJECT_STATUS, Setting.URL_PATTERNS,
                Setting.HEALTH_ENABLED)),
                building, "the readiness check's switch builds no verifier; the metrics' switch does (a verifier records or not)");
    }
}
