package com.playtcha.examples.webxml;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The application's one {@link PlaytchaVerifier}: both PlaytchaFilters use it, and so does
 * {@link StatusServlet}, which shows its circuit breaker and ledger. Registered in web.xml as a
 * {@code <listener>}; it offers the verifier under {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE},
 * creates it when first asked (a filter's {@code init}) and closes it when the application stops.
 * A filter takes an offered verifier only when its own init-params set none of the verifier's
 * settings (secret, api-url, timeouts, breaker, ledger...), and never closes it.
 *
 * <p>It builds its settings with {@link PlaytchaSettings#builder()}, the library's public way, from
 * every setting that builds a verifier ({@link Setting#buildsVerifier()}: the secret, the API URL,
 * the timeouts, the breaker, the ledger...). Each is read from the context-param named like its key
 * ({@code playtcha.timeout}), else the system property of that name ({@code -Dplaytcha.secret}), else
 * the environment variable ({@code PLAYTCHA_SECRET}), and its text goes through
 * {@link PlaytchaSettings.Builder#set(Setting, String)}: the same forms the filter's init-params take
 * ({@code 2s}, {@code 250ms}, {@code true}/{@code 1}). So the secret and the API URL still come from
 * where the app runs, never from the WAR. The settings that only shape a request (fail-closed,
 * methods, the token's field...) are each filter's own, read by the filter.
 */
public class ApplicationVerifier implements ServletContextListener, Supplier<PlaytchaVerifier> {

    /** Where {@link StatusServlet} finds this. */
    static final String ATTRIBUTE = ApplicationVerifier.class.getName();

    private ServletContext context;
    private PlaytchaSettings settings;
    private PlaytchaVerifier verifier;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        context = event.getServletContext();
        context.setAttribute(ATTRIBUTE, this);
        context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, this);
    }

    /**
     * The verifier, created on the first call. A bad setting throws, which fails the filter's
     * {@code init}, and the next call tries again.
     */
    @Override
    public synchronized PlaytchaVerifier get() {
        if (verifier == null) {
            settings = readSettings();
            verifier = PlaytchaVerifier.create(settings);
        }
        return verifier;
    }

    /** The settings {@link #get()} built the verifier with. */
    synchronized PlaytchaSettings settings() {
        get();
        return settings;
    }

    /** A bad value throws an {@code InvalidSettingException} naming the key and what a valid value looks like. */
    private PlaytchaSettings readSettings() {
        PlaytchaSettings.Builder builder = PlaytchaSettings.builder();
        for (Setting setting : Setting.values()) {
            if (setting.buildsVerifier()) {
                value(setting).ifPresent(text -> builder.set(setting, text));
            }
        }
        return builder.build();
    }

    /**
     * The context-param named like the key ({@code playtcha.timeout}), else the system property,
     * else the environment; blank counts as unset, as the filter counts it.
     */
    private Optional<String> value(Setting setting) {
        String value = context.getInitParameter(setting.key());
        if (value == null || value.isBlank()) {
            value = System.getProperty(setting.key());
        }
        if (value == null || value.isBlank()) {
            value = System.getenv(setting.environmentVariable());
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    @Override
    public synchronized void contextDestroyed(ServletContextEvent event) {
        context.removeAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE);
        context.removeAttribute(ATTRIBUTE);
        if (verifier != null) {
            verifier.close();
            verifier = null;
        }
    }
}
