package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings read from Keycloak's SPI options: their names, the library's defaults, a realm's login-require, the errors. */
class SpiSettingsTest {

    @Test
    void optionNames_areTheKeysWithoutPlaytcha_dotsAsDashes() {
        assertEquals("secret", SpiSettings.name(Setting.SECRET));
        assertEquals("login-require", SpiSettings.name(Setting.LOGIN_REQUIRE));
        assertEquals("client-budget-per-minute", SpiSettings.name(Setting.CLIENT_BUDGET_PER_MINUTE));
        assertEquals("login-require", SpiSettings.LOGIN_REQUIRE);
    }

    @Test
    void theOptionsGiven_overTheLibrarysDefaults() {
        Map<String, String> options = Map.of("secret", "s3cret", "api-url", "http://127.0.0.1:8089", "login-account-failures", " 5 ");
        PlaytchaSettings settings = SpiSettings.read(options::get).settings(null);
        assertEquals("s3cret", settings.secret());
        assertEquals(URI.create("http://127.0.0.1:8089"), settings.apiUrl());
        assertEquals(5, settings.login().accountFailures());
        assertFalse(settings.login().afterFailures(), "login.require's default: always");
        assertEquals("playtcha-token", settings.tokenParameter());
    }

    @Test
    void aRealmsLoginRequire_overridesTheOperators_andBlankKeepsIt() {
        Map<String, String> options = Map.of("secret", "s3cret", "login-require", "after-failures");
        SpiSettings spi = SpiSettings.read(options::get);
        assertTrue(spi.settings(null).login().afterFailures());
        assertTrue(spi.settings(" ").login().afterFailures());
        assertFalse(spi.settings("always").login().afterFailures());
    }

    @Test
    void theWidget_hasADocumentedDefault_andAnOption() {
        assertEquals(SpiSettings.DEFAULT_WIDGET, SpiSettings.read(Map.of("secret", "s")::get).widget());
        assertEquals("<div id=x></div>", SpiSettings.read(Map.of("widget-snippet", "<div id=x></div>")::get).widget());
    }

    @Test
    void aBadValue_namesTheSpiOption() {
        SpiSettings spi = SpiSettings.read(Map.of("secret", "s3cret", "login-account-failures", "many")::get);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> spi.settings(null));
        assertTrue(e.getMessage().contains("spi-authenticator--playtcha-login-form--login-account-failures"), e.getMessage());
    }

    @Test
    void aMissingSecret_namesItsOption() {
        SpiSettings none = SpiSettings.read(Map.<String, String>of()::get);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> none.settings(null));
        assertTrue(e.getMessage().contains("--spi-authenticator--playtcha-login-form--secret"), e.getMessage());
        assertTrue(e.getMessage().contains("KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("PLAYTCHA_SECRET"), "no advice Keycloak cannot follow: " + e.getMessage());
    }

    @Test
    void redisOrAJCacheCache_isRefused_pointingAtKeycloaksDatabase() {
        for (String option : new String[] {"redis-uri", "client-budget-cache"}) {
            SpiSettings spi = SpiSettings.read(Map.of("secret", "s3cret", option, "redis://127.0.0.1:6379")::get);
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> spi.settings(null));
            assertTrue(e.getMessage().contains("--spi-authenticator--playtcha-login-form--" + option), e.getMessage());
            assertTrue(e.getMessage().contains("--spi-authenticator--playtcha-login-form--ledger-datasource=keycloak"), e.getMessage());
        }
    }

    @Test
    void aStoresFault_namesTheSpiOption() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SpiSettings.named(() -> {
            throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names nothing");
        }));
        assertTrue(e.getMessage().contains("--spi-authenticator--playtcha-login-form--ledger-datasource"), e.getMessage());
    }

    @Test
    void toString_namesTheOptions_neverTheirValues() {
        String text = SpiSettings.read(Map.of("secret", "s3cret-value")::get).toString();
        assertTrue(text.contains("SECRET") || text.contains("playtcha.secret"), text);
        assertFalse(text.contains("s3cret-value"), text);
    }
}
