package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login WARs of the Jetty login ITs: {@code <login-config>} FORM (login page {@code /login.html}, error
 * page {@code /login-error}), a constraint on {@code /secure/*}, a PlaytchaFilter mapped onto
 * {@code /j_security_check} (REQUEST, FORWARD), {@link JettyLoginPages}, and a {@code WEB-INF/jetty-ee10-web.xml}
 * that sets the counting {@link JettyLoginService} and, unless told not to, inserts the door.
 */
final class JettyLoginWars {

    /** The one line docs/login.md asks a Jetty user to add. */
    static final String DOOR =
            "<Call name=\"insertHandler\"><Arg><New class=\"com.playtcha.jakarta.jetty.PlaytchaLoginHandler\"/></Arg></Call>";

    private JettyLoginWars() {
    }

    /**
     * A WAR with a FORM login and a PlaytchaFilter on the login post, as a user would build it.
     *
     * @param settings the filter's init-params besides api-url and secret
     * @param dispatch whether Jetty shows the error page in place ({@code org.eclipse.jetty.security.dispatch})
     *                 rather than redirecting to it
     * @param door     whether {@code WEB-INF/jetty-ee10-web.xml} inserts PlaytchaLoginHandler (it always sets
     *                 the counting login service)
     */
    static WebArchive war(String name, Map<String, String> settings, boolean dispatch, boolean door) {
        return war(name, settings, dispatch, door, "");
    }

    /** {@link #war(String, Map, boolean, boolean)} with {@code more} (context parameters, ...) in its web.xml. */
    static WebArchive war(String name, Map<String, String> settings, boolean dispatch, boolean door, String more) {
        PlaytchaSimulator sim = Playtcha.simulator();
        String params = settings.entrySet().stream()
                .map(e -> "<init-param><param-name>" + e.getKey() + "</param-name><param-value>" + e.getValue()
                        + "</param-value></init-param>")
                .collect(Collectors.joining());
        String pages = JettyLoginPages.class.getName();
        return Wars.withLibrary(name).addClass(JettyLoginPages.class)
                .addAsWebResource(new StringAsset("<form method=post action=j_security_check>login page</form>"),
                        "login.html")
                .addAsWebInfResource(new StringAsset(jettyWebXml(dispatch, door)), "jetty-ee10-web.xml")
                .setWebXML(new StringAsset(Wars.webXml(more + """
                  <filter><filter-name>playtcha</filter-name>
                    <filter-class>com.playtcha.jakarta.servlet.PlaytchaFilter</filter-class>
                    <init-param><param-name>api-url</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>secret</param-name><param-value>%s</param-value></init-param>
                    %s
                  </filter>
                  <filter-mapping><filter-name>playtcha</filter-name><url-pattern>/j_security_check</url-pattern>
                    <dispatcher>REQUEST</dispatcher><dispatcher>FORWARD</dispatcher></filter-mapping>
                  <servlet><servlet-name>pages</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>pages</servlet-name><url-pattern>/login-error</url-pattern>
                    <url-pattern>/secure/whoami</url-pattern><url-pattern>/hook</url-pattern></servlet-mapping>
                  <security-constraint>
                    <web-resource-collection><web-resource-name>secure</web-resource-name>
                      <url-pattern>/secure/*</url-pattern></web-resource-collection>
                    <auth-constraint><role-name>user</role-name></auth-constraint>
                  </security-constraint>
                  <security-role><role-name>user</role-name></security-role>
                  <login-config><auth-method>FORM</auth-method><realm-name>playtcha-it</realm-name>
                    <form-login-config><form-login-page>/login.html</form-login-page>
                      <form-error-page>/login-error</form-error-page></form-login-config>
                  </login-config>
                """.formatted(sim.url(), sim.secret(), params, pages))));
    }

    /** The door's one line (optionally), the counting login service, and (optionally) Jetty's error-page dispatch. */
    private static String jettyWebXml(boolean dispatch, boolean door) {
        String dispatchParameter = dispatch
                ? "<Call name=\"setParameter\"><Arg>org.eclipse.jetty.security.dispatch</Arg><Arg>true</Arg></Call>"
                : "";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                  %s
                  <Get name="securityHandler">
                    <Set name="loginService"><New class="%s"/></Set>
                    %s
                  </Get>
                </Configure>
                """.formatted(door ? DOOR : "", JettyLoginService.class.getName(), dispatchParameter);
    }
}
