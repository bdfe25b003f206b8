package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.FormLoginScenario;
import com.playtcha.jakarta.it.FormLoginScenario.Browser;
import com.playtcha.jakarta.it.Wars;
import java.io.IOException;
import java.util.Map;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login WAR of the Tomcat login ITs, and how its realm's password checks are counted.
 *
 * <p>The WAR logs in by {@link FormLoginScenario#formLoginWebXml FORM} against {@link TomcatLoginRealm},
 * and maps a PlaytchaFilter onto {@code /j_security_check}: what a user of the library writes. Its
 * {@code META-INF/context.xml} declares the realm and, unless told otherwise, the
 * {@code PlaytchaLoginValve}; both classes are in Tomcat's {@code lib/}, put there by the build, as the
 * documentation tells users to.
 */
final class TomcatLogin {

    static final String VALVE = "<Valve className=\"com.playtcha.jakarta.tomcat.PlaytchaLoginValve\"/>";

    private TomcatLogin() {
    }

    /** A login WAR at /{@code name}; {@code valve} false leaves the valve out of its context.xml. */
    static WebArchive war(String name, String filterName, boolean valve, Map<String, String> filterParams) {
        return Wars.withLibrary(name).addClass(TomcatLoginPages.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter(filterName, "/j_security_check",
                        FormLoginScenario.loginFilterParams(filterParams))
                        + FormLoginScenario.formLoginWebXml(TomcatLoginPages.class, "/realm-calls"))))
                .addAsManifestResource(new StringAsset("<Context>\n" + (valve ? "  " + VALVE + "\n" : "")
                        + "  <Realm className=\"" + TomcatLoginRealm.class.getName() + "\"/>\n</Context>\n"), "context.xml");
    }

    /** How many passwords the realm has checked so far, in this Tomcat: {@link TomcatLoginRealm}'s count. */
    static int realmCalls(Browser browser) throws IOException, InterruptedException {
        return Integer.parseInt(browser.get("realm-calls").lines().get("calls"));
    }
}
