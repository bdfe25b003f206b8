package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.config.SettingsLoader;
import com.playtcha.jakarta.core.InvalidSettingException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Registers {@link PlaytchaFilter} without web.xml, for MicroProfile apps: with
 * {@code playtcha.url-patterns} set (in {@code microprofile-config.properties}, the environment as
 * {@code PLAYTCHA_URL_PATTERNS}, or a context-param of that name), the filter is mapped to those
 * patterns for REQUEST dispatches and configured from MicroProfile Config.
 *
 * <pre>{@code
 * # META-INF/microprofile-config.properties
 * playtcha.url-patterns=/signup/*,/contact
 * # the secret comes from PLAYTCHA_SECRET in the environment
 * }</pre>
 *
 * <p>Without the key it registers nothing. When web.xml (or another initializer) already declares a
 * PlaytchaFilter, it registers nothing either and says so in the log: one declaration, not two.
 * The container finds this class through {@code META-INF/services}.
 */
public final class PlaytchaInitializer implements ServletContainerInitializer {

    /** The name the registered filter gets. */
    public static final String FILTER_NAME = "PlaytchaFilter";

    private static final System.Logger LOG = System.getLogger(PlaytchaInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        List<String> patterns;
        try {
            patterns = SettingsLoader.forApplication(context.getClassLoader()).urlPatterns(context::getInitParameter);
        } catch (InvalidSettingException e) {
            throw new ServletException("PlaytchaFilter: " + e.getMessage(), e);
        }
        if (patterns.isEmpty()) {
            return;
        }
        String declared = context.getFilterRegistrations().values().stream()
                .filter(r -> PlaytchaFilter.class.getName().equals(r.getClassName()))
                .map(FilterRegistration::getName).findFirst().orElse(null);
        if (declared != null) {
            LOG.log(Level.INFO, "PlaytchaFilter [{0}] is declared by the application; playtcha.url-patterns {1} "
                    + "registers no second one", declared, patterns);
            return;
        }
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, PlaytchaFilter.class);
        if (filter == null) {
            throw new ServletException("PlaytchaFilter: a filter named '" + FILTER_NAME + "' already exists; "
                    + "playtcha.url-patterns cannot register another under that name");
        }
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, patterns.toArray(String[]::new));
        LOG.log(Level.INFO, "PlaytchaFilter registered on {0} from playtcha.url-patterns", patterns);
    }
}
