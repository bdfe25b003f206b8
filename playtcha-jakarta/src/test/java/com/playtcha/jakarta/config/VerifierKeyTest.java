package com.playtcha.jakarta.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierKeyTest {

    private static final String SECRET = "sk_test_0123456789abcdef";

    /** A valid value other than the default, for every setting: a new setting must be added here. */
    private static final Map<Setting, String> OTHER_VALUES = Map.ofEntries(
            Map.entry(Setting.SECRET, "sk_test_another"), Map.entry(Setting.API_URL, "https://other.example"),
            Map.entry(Setting.FAIL_CLOSED, "true"), Map.entry(Setting.MODE, "observe"),
            Map.entry(Setting.TIMEOUT, "5s"), Map.entry(Setting.CONNECT_TIMEOUT, "2s"),
            Map.entry(Setting.MAX_CONNECTIONS, "8"), Map.entry(Setting.LEASE_TIMEOUT, "100ms"),
            Map.entry(Setting.BREAKER_ENABLED, "false"), Map.entry(Setting.BREAKER_FAILURES, "9"),
            Map.entry(Setting.BREAKER_COOL_DOWN, "30s"), Map.entry(Setting.BREAKER_PROBES, "2"),
            Map.entry(Setting.LEDGER_ENABLED, "false"), Map.entry(Setting.LEDGER_DIRECTORY, "/var/lib/app/playtcha"),
            Map.entry(Setting.LEDGER_CAPACITY, "50"), Map.entry(Setting.CLIENT_BUDGET_ENABLED, "false"),
            Map.entry(Setting.CLIENT_BUDGET_PER_MINUTE, "600"), Map.entry(Setting.CLIENT_BUDGET_BURST, "10"),
            Map.entry(Setting.CLIENT_BUDGET_ADDRESSES, "5000"), Map.entry(Setting.HEALTH_ENABLED, "false"),
            Map.entry(Setting.TOKEN_PARAMETER, "captcha"), Map.entry(Setting.TOKEN_HEADER, "X-Captcha"),
            Map.entry(Setting.METHODS, "POST"), Map.entry(Setting.REJECT_STATUS, "422"),
            Map.entry(Setting.URL_PATTERNS, "/signup/*"));

    @Test
    void verifierKey_changesWithExactlyTheSettingsThatBuildAVerifier() {
        assertEquals(EnumSet.allOf(Setting.class), EnumSet.copyOf(OTHER_VALUES.keySet()),
                "every setting needs another value here");
        VerifierKey base = VerifierKey.of(PlaytchaSettings.builder(SECRET).build());
        for (Setting setting : Setting.values()) {
            PlaytchaSettings.Builder builder = SettingTextTest.text(setting, OTHER_VALUES.get(setting));
            if (setting == Setting.CONNECT_TIMEOUT || setting == Setting.LEASE_TIMEOUT) {
                SettingText.set(builder, Setting.TIMEOUT, "3s");
            }
            VerifierKey changed = VerifierKey.of(builder.build());

            assertEquals(VerifierKey.includes(setting), !changed.equals(base), setting::key);
            if (changed.equals(base)) {
                assertEquals(base.hashCode(), changed.hashCode(), setting::key);
            }
        }
        assertFalse(base.toString().contains(SECRET), base::toString);
    }

    @Test
    void verifierSettings_areTheConnectionBreakerLedgerAndClientBudgetOnes() {
        EnumSet<Setting> building = EnumSet.noneOf(Setting.class);
        for (Setting setting : Setting.values()) {
            if (VerifierKey.includes(setting)) {
                building.add(setting);
            }
        }

        assertEquals(EnumSet.complementOf(EnumSet.of(Setting.FAIL_CLOSED, Setting.MODE, Setting.TOKEN_PARAMETER,
                Setting.TOKEN_HEADER, Setting.METHODS, Setting.REJECT_STATUS, Setting.URL_PATTERNS, Setting.HEALTH_ENABLED)),
                building, "the readiness check's switch builds no verifier");
    }
}
