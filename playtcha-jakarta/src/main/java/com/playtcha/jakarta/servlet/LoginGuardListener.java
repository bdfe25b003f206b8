package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Publishes the {@link LoginGuard} when the application starts and withdraws it when it stops; fails
 * the deployment, naming the one thing to add, when a PlaytchaFilter is mapped onto the login post and
 * no hook announced itself ({@link LoginProtocol#HOOK}), or with {@code after-failures} the hook does not
 * report outcomes ({@link LoginProtocol#OUTCOMES}). See design/web.md.
 */
final class LoginGuardListener implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(PlaytchaInitializer.class.getName());

    /** Every PlaytchaFilter registration the initializer checked, with its settings. */
    private final Map<FilterRegistration, PlaytchaSettings> filters;
    private LoginGuard guard;

    LoginGuardListener(Map<FilterRegistration, PlaytchaSettings> filters) {
        this.filters = new LinkedHashMap<>(filters);
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        List<LoginGuard.Guarding> guarding = new ArrayList<>();
        List<String> naming = new ArrayList<>();
        filters.forEach((registration, settings) -> {
            List<String> patterns = registration.getUrlPatternMappings().stream()
                    .filter(LoginGuard::mapsLoginPosts).toList();
            if (!patterns.isEmpty()) {
                guarding.add(new LoginGuard.Guarding(registration.getName(), registration.getInitParameters(), settings));
            }
            if (patterns.stream().anyMatch(LoginGuard::namesLoginPost)) {
                naming.add(registration.getName());
            }
        });
        if (guarding.isEmpty()) {
            return;
        }
        FormLoginConfig login = FormLoginConfig.of(context);
        guard = new LoginGuard(context, guarding, login.errorPage());
        context.setAttribute(LoginProtocol.GUARD, guard);
        checkOutcomes(context, guarding);
        if (context.getAttribute(LoginProtocol.HOOK) != null || filtersRunBeforeLogin(context)
                || (naming.isEmpty() && !login.form())) {
            return;
        }
        String filter = naming.isEmpty() ? guarding.get(0).name() : naming.get(0);
        String message = "PlaytchaFilter '" + filter + "' is mapped onto the login post (/" + LoginPost.ACTION
                + "), but " + context.getServerInfo() + " checks the password before any filter runs and no "
                + "Playtcha login hook is installed, so the login would go unguarded. " + whatToAdd(context)
                + " See docs/login.md.";
        LOG.log(Level.ERROR, message);
        throw new IllegalStateException(message);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (guard != null) {
            event.getServletContext().removeAttribute(LoginProtocol.GUARD);
            guard.close();
            guard = null;
        }
    }

    /** Fails when a filter counts failed logins and the hook announced does not report them. */
    private static void checkOutcomes(ServletContext context, List<LoginGuard.Guarding> guarding) {
        Object hook = context.getAttribute(LoginProtocol.HOOK);
        String counting = guarding.stream().filter(g -> g.settings().login().afterFailures()).map(LoginGuard.Guarding::name)
                .findFirst().orElse(null);
        if (counting == null || hook == null || Boolean.TRUE.equals(context.getAttribute(LoginProtocol.OUTCOMES))
                || filtersRunBeforeLogin(context)) {
            return;
        }
        String jar = switch (String.valueOf(hook)) {
            case "tomcat", "jetty", "payara" -> "playtcha-jakarta-" + hook + " on the server's class path";
            case "undertow" -> "playtcha-jakarta-undertow in WEB-INF/lib";
            default -> "the jar of the login hook '" + hook + "'";
        };
        String message = "PlaytchaFilter '" + counting + "' has playtcha.login.require=after-failures, but the login hook '"
                + hook + "' does not report whether the realm accepted a login (" + LoginProtocol.OUTCOMES + "), so no failure "
                + "could ever be counted. Update " + jar + " to the version of playtcha-jakarta, or set "
                + "playtcha.login.require=always. See docs/login.md.";
        LOG.log(Level.ERROR, message);
        throw new IllegalStateException(message);
    }

    /** Open Liberty runs the filters mapped onto {@code j_security_check} before its FORM login. */
    static boolean filtersRunBeforeLogin(ServletContext context) {
        return System.getProperty("wlp.server.name") != null
                || String.valueOf(context.getServerInfo()).toLowerCase(Locale.ROOT).contains("liberty");
    }

    /** The one thing to add, for the runtime {@code context} runs in. */
    static String whatToAdd(ServletContext context) {
        String server = String.valueOf(context.getServerInfo()).toLowerCase(Locale.ROOT);
        if (server.contains("tomcat")) {
            return "Add: the playtcha-jakarta-tomcat jar to $CATALINA_BASE/lib, and "
                    + "<Valve className=\"com.playtcha.jakarta.tomcat.PlaytchaLoginValve\"/> to the application's "
                    + "META-INF/context.xml.";
        }
        if (server.contains("jetty")) {
            return "Add: the playtcha-jakarta-jetty jar to the server class path ($JETTY_BASE/lib/ext), and "
                    + "<Call name=\"insertHandler\"><Arg><New class=\"com.playtcha.jakarta.jetty.PlaytchaLoginHandler\"/>"
                    + "</Arg></Call> to WEB-INF/jetty-ee10-web.xml.";
        }
        if (server.contains("wildfly") || server.contains("undertow") || server.contains("jboss")) {
            return "Add: the playtcha-jakarta-undertow jar to the application's WEB-INF/lib, next to playtcha-jakarta "
                    + "(the Maven dependency com.playtcha:playtcha-jakarta-undertow); Undertow finds it through its "
                    + "META-INF/services, nothing to configure.";
        }
        if (server.contains("payara") || server.contains("glassfish")) {
            return "Add: the playtcha-jakarta-payara jar to the domain's lib directory, and the virtual server's "
                    + "valve property: asadmin set configs.config.server-config.http-service.virtual-server.server"
                    + ".property.valve_1=com.playtcha.jakarta.payara.PlaytchaLoginValve (then restart); or log in "
                    + "through a Jakarta Security custom form, which a PlaytchaFilter guards as it is.";
        }
        return "This runtime has no Playtcha login hook: log in through a Jakarta Security custom form "
                + "(SecurityContext.authenticate from your own login URL), which a PlaytchaFilter on that URL guards.";
    }
}
