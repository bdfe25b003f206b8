package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.config.SettingsLoader;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks every declared {@link PlaytchaFilter} when the application starts, and registers one
 * without web.xml for MicroProfile apps. The container finds this class through
 * {@code META-INF/services}.
 *
 * <p><b>Start-up check.</b> Each filter registration whose class is PlaytchaFilter (web.xml,
 * {@code @WebFilter}, another initializer, or the one registered here) has its settings loaded
 * exactly as {@link PlaytchaFilter#init()} will load them; a missing secret, an unknown init-param or
 * a bad value fails the deployment with a {@link ServletException} that names the filter and the key,
 * also where a filter starts only on its first request (WildFly). Nothing is built here: no verifier,
 * no pool, no thread.
 *
 * <p>It also fails the start of an application whose Jakarta REST resources carry
 * {@code @PlaytchaProtected} without the jar that enforces it ({@link RestJarCheck}, which says what that costs).
 *
 * <p>A subclass of PlaytchaFilter is checked too, unless it overrides a method through which it could
 * supply its configuration in code ({@code init}, {@code getFilterConfig}, {@code getInitParameter*});
 * such a filter, and one added after this initializer ran, is checked when it starts.
 *
 * <p><b>Registration.</b> With {@code playtcha.url-patterns} set (in
 * {@code microprofile-config.properties}, the environment as {@code PLAYTCHA_URL_PATTERNS}, or a
 * context-param of that name), the filter is mapped to those patterns for REQUEST dispatches and
 * configured from MicroProfile Config.
 *
 * <pre>{@code
 * # META-INF/microprofile-config.properties
 * playtcha.url-patterns=/signup/*,/contact
 * # the secret comes from PLAYTCHA_SECRET in the environment
 * }</pre>
 *
 * <p>Without the key it registers nothing. When web.xml (or another initializer) already declares a
 * PlaytchaFilter, it registers nothing either and says so in the log: one declaration, not two.
 */
public final class PlaytchaInitializer implements ServletContainerInitializer {

    /** The name the registered filter gets. */
    public static final String FILTER_NAME = "PlaytchaFilter";

    /** Context attribute, {@code Boolean.TRUE} once this initializer has run for the application. */
    private static final String RAN = "com.playtcha.internal.initializer-ran";

    /** Methods through which a subclass could configure itself in code, out of a registration's sight. */
    private static final Set<String> CONFIGURING_METHODS =
            Set.of("init", "getFilterConfig", "getInitParameter", "getInitParameterNames");

    private static final System.Logger LOG = System.getLogger(PlaytchaInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        context.setAttribute(RAN, Boolean.TRUE);
        RestJarCheck.check(context);
        register(context);
        // Here, not in a ServletContextListener added here: such a listener may not call
        // getFilterRegistrations (the Servlet spec allows UnsupportedOperationException, and Undertow throws it).
        Map<FilterRegistration, PlaytchaSettings> declared = checkDeclaredFilters(context);
        guardLogin(context, declared);
    }

    /**
     * Adds the {@link LoginGuardListener}; where filters run before the FORM login (Open Liberty), the
     * hook is a filter of ours on every path ({@link FilterLoginHook}). The FORM login's pages get
     * {@link LoginPage.Pages}, which tells them whether to show the widget.
     */
    private static void guardLogin(ServletContext context, Map<FilterRegistration, PlaytchaSettings> declared) {
        if (declared.isEmpty()) {
            return;
        }
        context.addListener(new LoginGuardListener(declared));
        if (LoginGuardListener.filtersRunBeforeLogin(context)) {
            FilterRegistration.Dynamic hook = context.addFilter(FilterLoginHook.NAME, new FilterLoginHook());
            if (hook != null) {
                hook.setAsyncSupported(true);
                hook.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            }
        }
        FormLoginConfig login = FormLoginConfig.of(context);
        String[] pages = Stream.of(login.loginPage(), login.errorPage()).filter(p -> p != null && p.startsWith("/"))
                .map(p -> p.indexOf('?') < 0 ? p : p.substring(0, p.indexOf('?'))).distinct().toArray(String[]::new);
        FilterRegistration.Dynamic page = pages.length == 0 ? null : context.addFilter(LoginPage.Pages.NAME, new LoginPage.Pages());
        if (page != null) {
            page.setAsyncSupported(true);
            page.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), false, pages);
        }
    }

    private static void register(ServletContext context) throws ServletException {
        List<String> patterns = urlPatterns(context, "PlaytchaFilter");
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

    /**
     * Fails a filter's start when {@code playtcha.url-patterns} is set where this initializer never ran
     * (Spring Boot's embedded server runs no initializer from a jar; a container told to skip it), so
     * the patterns it names would silently stay unguarded. A framework that offers its configuration
     * ({@link PlaytchaSettings#CONFIGURATION_ATTRIBUTE}) reads that key itself.
     */
    static void requireRan(ServletContext context, String filterName) throws ServletException {
        if (context.getAttribute(RAN) != null || context.getAttribute(PlaytchaSettings.CONFIGURATION_ATTRIBUTE) != null) {
            return;
        }
        List<String> patterns = urlPatterns(context, "PlaytchaFilter '" + filterName + "'");
        if (!patterns.isEmpty()) {
            String message = "PlaytchaFilter '" + filterName + "': playtcha.url-patterns " + patterns + " is set, but "
                    + "nothing registers the filter from it: " + (SettingsLoader.springBoot()
                    ? "Spring Boot's embedded server runs no ServletContainerInitializer from a jar. Add "
                    + "playtcha-jakarta-spring-boot-starter, which registers the filter on those patterns, or map the filter "
                    + "yourself (FilterRegistrationBean#addUrlPatterns) and remove playtcha.url-patterns"
                    : "the library's ServletContainerInitializer did not run in this application. Map the filter yourself "
                    + "(<filter-mapping> in web.xml) and remove playtcha.url-patterns");
            LOG.log(Level.ERROR, message);
            throw new ServletException(message);
        }
    }

    /** The application's {@code playtcha.url-patterns}; a bad one fails naming {@code who}. */
    private static List<String> urlPatterns(ServletContext context, String who) throws ServletException {
        try {
            return SettingsLoader.forApplication(context.getClassLoader()).urlPatterns(context::getInitParameter);
        } catch (InvalidSettingException e) {
            throw new ServletException(who + ": " + e.getMessage(), e);
        }
    }

    /** Loads, and so validates, the settings of every PlaytchaFilter registered so far. */
    private static Map<FilterRegistration, PlaytchaSettings> checkDeclaredFilters(ServletContext context)
            throws ServletException {
        ClassLoader application = context.getClassLoader();
        Map<FilterRegistration, PlaytchaSettings> loaded = new LinkedHashMap<>();
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (checkable(registration.getClassName(), application)) {
                loaded.put(registration,
                        PlaytchaFilter.load(registration.getName(), registration.getInitParameters(), context));
            }
        }
        return loaded;
    }

    /** Whether the class is PlaytchaFilter, or a subclass that reads its settings only from its registration. */
    static boolean checkable(String className, ClassLoader application) {
        if (PlaytchaFilter.class.getName().equals(className)) {
            return true;
        }
        if (className == null) {
            return false;
        }
        try {
            Class<?> type = Class.forName(className, false, application != null ? application
                    : Thread.currentThread().getContextClassLoader());
            if (!PlaytchaFilter.class.isAssignableFrom(type)) {
                return false;
            }
            for (Class<?> c = type; c != PlaytchaFilter.class; c = c.getSuperclass()) {
                for (Method method : c.getDeclaredMethods()) {
                    if (CONFIGURING_METHODS.contains(method.getName())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // the container reports a filter class it cannot load; not ours to judge
        }
    }
}
