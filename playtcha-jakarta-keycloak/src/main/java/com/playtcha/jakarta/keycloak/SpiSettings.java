package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The library's settings as a Keycloak operator gives them: the authenticator's SPI options, read in the factory's
 * {@code init} from Keycloak's {@code Config.Scope} (passed here as the scope's {@code get}), each named after its
 * {@code playtcha.*} key without {@code playtcha.} and with dots as dashes ({@code playtcha.login.require} is
 * {@code login-require}; {@code playtcha.secret} is {@code secret}), with the library's defaults:
 *
 * <pre>
 * bin/kc.sh start --spi-authenticator--playtcha-login-form--secret=... \
 *                 --spi-authenticator--playtcha-login-form--login-require=after-failures
 * # or KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__SECRET=... in the environment
 * </pre>
 *
 * <p>Besides them: {@value #WIDGET_SNIPPET}, the page's widget ({@link #DEFAULT_WIDGET}). A realm's flow may set
 * {@code login.require} for its own logins ({@link #LOGIN_REQUIRE}, the authenticator's configuration); nothing else
 * comes from a realm, so the secret never sits in a realm's exported JSON.
 *
 * @param values the operator's values (no defaults), by setting
 * @param widget the page's widget snippet
 */
record SpiSettings(Map<Setting, String> values, String widget) {

    /** The SPI option (and the authenticator's configuration key) of {@code playtcha.login.require}. */
    static final String LOGIN_REQUIRE = name(Setting.LOGIN_REQUIRE);
    /** The SPI option of the widget's page snippet. */
    static final String WIDGET_SNIPPET = "widget-snippet";
    /**
     * The widget snippet shown when the next attempt needs a token: the vendor's script and its element, which puts the
     * token in the form's {@code playtcha-token} field.
     */
    static final String DEFAULT_WIDGET = "<script src=\"https://js.playtcha.com/widget.js\" async defer></script>\n"
            + "<div class=\"playtcha-widget\" data-field=\"playtcha-token\"></div>";

    /** What a Keycloak process does not use: URL patterns and the readiness check are a web application's. */
    private static final Set<Setting> NOT_HERE = Set.of(Setting.URL_PATTERNS, Setting.HEALTH_ENABLED);
    /** The stores a Keycloak node cannot share its counts in (yet): Redis, a JCache cache. */
    private static final List<Setting> NOT_SHARED_HERE = List.of(Setting.REDIS_URI, Setting.CLIENT_BUDGET_CACHE);

    SpiSettings {
        values = Map.copyOf(values);
    }

    /** The settings {@code option} gives (an SPI option's value by its name, {@code null} when unset). */
    static SpiSettings read(Function<String, String> option) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = NOT_HERE.contains(setting) ? null : option.apply(name(setting));
            if (value != null && !value.isBlank()) {
                values.put(setting, value.strip());
            }
        }
        String widget = option.apply(WIDGET_SNIPPET);
        return new SpiSettings(values, widget == null || widget.isBlank() ? DEFAULT_WIDGET : widget);
    }

    /** The SPI option's name of {@code setting}: {@code login-require} for {@code playtcha.login.require}. */
    static String name(Setting setting) {
        return setting.initParam().replace('.', '-');
    }

    /**
     * The settings, validated, with {@code loginRequire} ({@code null}: the operator's) in place of
     * {@code playtcha.login.require}.
     *
     * @throws InvalidSettingException naming the SPI option at fault and what a valid value looks like
     */
    PlaytchaSettings settings(String loginRequire) {
        if (!values.containsKey(Setting.SECRET)) { // the library's message would point at PLAYTCHA_SECRET, which Keycloak never reads
            throw new InvalidSettingException(Setting.SECRET, "required: give Keycloak the SPI option " + option(Setting.SECRET)
                    + " (the environment variable KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__SECRET), never a realm's configuration");
        }
        for (Setting store : NOT_SHARED_HERE) {
            if (values.containsKey(store)) { // the provider jar carries neither the Redis module nor a JCache API
                throw new InvalidSettingException(store, "not supported by the Keycloak provider: share the counts in Keycloak's "
                        + "own database instead, with " + option(Setting.LEDGER_DATASOURCE) + "=" + KeycloakDatabase.NAME
                        + " (docs/keycloak.md, \"A cluster of Keycloak nodes\"); got the option " + option(store));
            }
        }
        try {
            PlaytchaSettings.Builder builder = PlaytchaSettings.builder();
            values.forEach(builder::set);
            if (loginRequire != null && !loginRequire.isBlank()) {
                builder.set(Setting.LOGIN_REQUIRE, loginRequire.strip());
            }
            return builder.build();
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException("Keycloak's SPI option " + option(e.setting()) + ": " + e.getMessage());
        }
    }

    /**
     * What {@code opening} opens from the settings (the counts' store, the verifier); a setting it finds at fault is
     * said as the SPI option.
     *
     * @throws InvalidSettingException naming the SPI option at fault
     */
    static <T> T named(Supplier<T> opening) {
        try {
            return opening.get();
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException("Keycloak's SPI option " + option(e.setting()) + ": " + e.getMessage());
        }
    }

    /** The SPI option of {@code setting} as {@code kc.sh} takes it ({@code null}: any of the provider's). */
    private static String option(Setting setting) {
        return "--spi-authenticator--" + PlaytchaLoginFormFactory.ID + "--" + (setting == null ? "*" : name(setting));
    }

    @Override
    public String toString() {
        return "SpiSettings[options=" + values.keySet() + "]"; // names only: the values hold the secret
    }
}
