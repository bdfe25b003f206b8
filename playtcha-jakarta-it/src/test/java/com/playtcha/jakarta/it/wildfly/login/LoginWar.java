package com.playtcha.jakarta.it.wildfly.login;

import com.playtcha.jakarta.it.Wars;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The FORM-login WARs of the WildFly login scenarios: the library and its door (playtcha-jakarta-undertow)
 * in WEB-INF/lib, {@code <login-config>} FORM with {@code /login.html} ({@link LoginPageServlet}) and
 * {@code /login-error} ({@link LoginErrorServlet}), {@code /secure/*} for role {@code user} ({@link WhoAmIServlet} at
 * {@code /secure/whoami}), WildFly's default security domain (Elytron's {@code ApplicationDomain},
 * its users from src/test/wildfly-conf), and the echo servlet everywhere else.
 */
public final class LoginWar {

    private LoginWar() {
    }

    /** The WAR {@code name}.war with {@code more} (filters, listeners, servlets) in its web.xml. */
    public static WebArchive of(String name, String more) {
        return of(Wars.withLibrary(name), more);
    }

    /** {@code war} (a WAR with the library) made such a WAR, with {@code more} in its web.xml. */
    public static WebArchive of(WebArchive war, String more) {
        return war
                .addClasses(WhoAmIServlet.class, LoginPageServlet.class, LoginErrorServlet.class)
                .setWebXML(new StringAsset(Wars.webXml(more
                        + Wars.servlet("whoami", WhoAmIServlet.class.getName(), "/secure/whoami")
                        + Wars.servlet("login-page", LoginPageServlet.class.getName(), "/login.html")
                        + Wars.servlet("login-error", LoginErrorServlet.class.getName(), "/login-error")
                        + Wars.echoServlet()
                        + Wars.formLogin("user", "/login.html"))));
    }
}
