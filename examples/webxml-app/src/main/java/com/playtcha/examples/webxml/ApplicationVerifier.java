package com.playtcha.examples.webxml;

import com.playtcha.jakarta.config.SettingsLoader;
import com.playtcha.jakarta.config.VerifierKey;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The application's one {@link PlaytchaVerifier}: both PlaytchaFilters use it, and so does
 * {@link StatusServlet}, which shows its circuit breaker and ledger. Registered in web.xml as a
 * {@code <listener>}; it offers the verifier under {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE},
 * creates it when first asked (a filter's {@code init}) and closes it when the application stops.
 * A filter takes an offered verifier only when its own init-params set none of the verifier's
 * settings (secret, api-url, timeouts, breaker, ledger...), and never closes it.
 *
 * <p>Its settings are read as a filter reads its own ({@link SettingsLoader}: MicroProfile Config
 * where the runtime has it, else {@code -Dplaytcha.*} and {@code PLAYTCHA_*}), with this
 * application's context-params named like {@code playtcha.timeout} first, where a filter would
 * have its init-params. So the secret and the API URL still come from where the app runs.
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
     * The verifier, created on the first call. A bad setting throws {@code InvalidSettingException}
     * naming it, which fails the filter's {@code init}, and the next call tries again.
     */
    @Override
    public synchronized PlaytchaVerifier get() {
        if (verifier == null) {
            settings = SettingsLoader.forApplication(context.getClassLoader()).load(verifierContextParams());
            verifier = PlaytchaVerifier.create(settings);
        }
        return verifier;
    }

    /** The settings {@link #get()} built the verifier with. */
    synchronized PlaytchaSettings settings() {
        get();
        return settings;
    }

    /** Context-params named {@code playtcha.<setting>}, for the settings a verifier is built from, by init-param name. */
    private Map<String, String> verifierContextParams() {
        Map<String, String> params = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            String value = context.getInitParameter(setting.key());
            if (value != null && VerifierKey.includes(setting)) {
                params.put(setting.initParam(), value);
            }
        }
        return params;
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
