package com.playtcha.jakarta.it.payara;

import com.playtcha.jakarta.it.FormLoginScenario;
import com.playtcha.jakarta.it.FormLoginScenario.Browser;
import com.playtcha.jakarta.it.Wars;
import java.io.IOException;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login WARs of the Payara login ITs, and how the realm's password checks are counted.
 *
 * <p>The WAR logs in by {@link FormLoginScenario#formLoginWebXml FORM}, the file realm's group "user"
 * mapped onto the role "user" in {@code glassfish-web.xml}, and maps a PlaytchaFilter onto
 * {@code /j_security_check}: what a user of the library writes. Nothing of the valve is in it: the
 * build installs the valve in the domain as the documentation tells users to, and creates the
 * file-realm user {@value #USER}.
 */
final class PayaraLogin {

    /** The file-realm user the build creates (src/test/payara-conf). */
    static final String USER = "alice";
    static final String PASSWORD = "alice-password";
    /** A user the realm does not know, whose password checks mark the audit log (see {@link RealmAudit}). */
    static final String PROBE_USER = "playtcha-probe";

    /** glassfish-web.xml: the file realm's group "user" in the role "user". */
    private static final String ROLE_MAPPING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN" "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
              <security-role-mapping><role-name>user</role-name><group-name>user</group-name></security-role-mapping>
            </glassfish-web-app>
            """;

    private PayaraLogin() {
    }

    /** A login WAR at /{@code name}, its PlaytchaFilter configured by {@code filterParams} besides the simulator's URL and secret. */
    static WebArchive war(String name, Map<String, String> filterParams) {
        return Wars.withLibrary(name).addClass(PayaraLoginPages.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("login-guard", "/j_security_check",
                        FormLoginScenario.loginFilterParams(filterParams)) + login())))
                .addAsWebInfResource(new StringAsset(ROLE_MAPPING), "glassfish-web.xml");
    }

    /**
     * A WAR at /{@code name} with the same FORM login and pages but without the library: its login guard
     * is {@link StubLoginGuard}.
     */
    static WebArchive stubWar(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war").addClasses(PayaraLoginPages.class, StubLoginGuard.class)
                .setWebXML(new StringAsset(Wars.webXml("""
                          <listener><listener-class>%s</listener-class></listener>
                        """.formatted(StubLoginGuard.class.getName()) + login())))
                .addAsWebInfResource(new StringAsset(ROLE_MAPPING), "glassfish-web.xml");
    }

    /**
     * How many times Payara's realm has checked {@link #USER}'s password so far, in this domain. The
     * probe goes without {@code browser}'s cookies: a logged-in request cannot log in again.
     */
    static int realmCalls(Browser browser) throws IOException, InterruptedException {
        Browser stranger = browser.stranger();
        return new RealmAudit().checks(USER, () -> stranger.get("realm-probe"));
    }

    private static String login() {
        return FormLoginScenario.formLoginWebXml(PayaraLoginPages.class, "/realm-probe");
    }
}
