package com.playtcha.examples.webxml;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.time.Duration;
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
 * <p>It builds its settings with {@link PlaytchaSettings#builder(String)}, the library's public way,
 * from the few settings this application uses: the secret, the API URL, the timeout and the breaker's
 * failures and cool-down. Each is read from the context-param named like its key
 * ({@code playtcha.timeout}; durations in ISO-8601, like {@code PT2S}), else the system property of
 * that name ({@code -Dplaytcha.secret}), else the environment variable ({@code PLAYTCHA_SECRET}). So
 * the secret and the API URL still come from where the app runs, never from the WAR.
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

    /** A bad value throws (an {@code InvalidSettingException} naming the key, or a parse error of its text). */
    private PlaytchaSettings readSettings() {
        PlaytchaSettings.Builder builder = PlaytchaSettings.builder(value(Setting.SECRET).orElse(null));
        value(Setting.API_URL).map(URI::create).ifPresent(builder::apiUrl);
        value(Setting.TIMEOUT).map(Duration::parse).ifPresent(builder::timeout);
        value(Setting.BREAKER_FAILURES).map(Integer::valueOf).ifPresent(builder::breakerFailures);
        value(Setting.BREAKER_COOL_DOWN).map(Duration::parse).ifPresent(builder::breakerCoolDown);
        return builder.build();
    }

    /** The context-param named like the key ({@code playtcha.timeout}), else the system property, else the environment. */
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
