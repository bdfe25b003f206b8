package com.playtcha.jakarta.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;

/**
 * Fails the deployment of an application whose PlaytchaFilter is mapped onto the login post where that
 * mapping cannot take effect: the container checks the password before any filter runs, and no login
 * hook announced itself ({@link LoginHooks#HOOK}). The message names the filter and the one thing to
 * add for the runtime at hand. Also lets go of the {@link LoginGuard}'s verifiers when the application
 * stops.
 *
 * <p>A listener, not the initializer itself, because Jetty's hook announces itself after the
 * initializers ran and before the listeners are told the context started. It reads attributes only.
 *
 * <p>When it fails: a filter names {@code /j_security_check} itself, or a pattern that covers it
 * ({@code /*}) meets a web.xml that declares FORM login. Where filters already run before the FORM login
 * (Open Liberty), no hook is needed.
 */
final class LoginHookCheck implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(PlaytchaInitializer.class.getName());

    private final LoginGuard guard;
    private final List<String> naming;
    private final String covering;
    private final boolean formLogin;

    /**
     * @param naming    the filters whose patterns name the login post itself
     * @param covering  a filter whose patterns cover the login post
     * @param formLogin the application's web.xml declares FORM login
     */
    LoginHookCheck(LoginGuard guard, List<String> naming, String covering, boolean formLogin) {
        this.guard = guard;
        this.naming = List.copyOf(naming);
        this.covering = covering;
        this.formLogin = formLogin;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(LoginHooks.HOOK) != null || filtersRunBeforeLogin(context)
                || (naming.isEmpty() && !formLogin)) {
            return;
        }
        String filter = naming.isEmpty() ? covering : naming.get(0);
        String message = "PlaytchaFilter '" + filter + "' is mapped onto the login post (/" + LoginHooks.LOGIN_ACTION
                + "), but " + context.getServerInfo() + " checks the password before any filter runs and no "
                + "Playtcha login hook is installed, so the login would go unguarded. " + whatToAdd(context)
                + " See docs/login.md.";
        LOG.log(Level.ERROR, message);
        throw new IllegalStateException(message);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        guard.close();
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
