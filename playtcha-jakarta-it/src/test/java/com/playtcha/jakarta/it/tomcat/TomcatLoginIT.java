package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.FormLoginScenario;
import java.io.IOException;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Container FORM login guarded in real Tomcat 10.1 and 11.0 distributions (one Failsafe execution
 * each), installed as the documentation says: {@code playtcha-jakarta-tomcat} in Tomcat's
 * {@code lib/}, one {@code <Valve>} line in the WAR's {@code META-INF/context.xml}, the
 * PlaytchaFilter mapped onto {@code /j_security_check}. The valve jar is built against Tomcat 10.1:
 * the Tomcat 11 run is its proof of running there.
 *
 * <p>"The realm is never asked" is counted by {@link TomcatLoginRealm} in Tomcat's {@code lib/}.
 * The tests are {@link FormLoginScenario}'s.
 */
class TomcatLoginIT extends FormLoginScenario {

    @Deployment(name = "open", testable = false)
    static WebArchive failingOpen() {
        return TomcatLogin.war("guarded-login", "login-guard", true, Map.of("client-budget.enabled", "false"));
    }

    @Deployment(name = "closed", testable = false)
    static WebArchive failingClosed() {
        return TomcatLogin.war("guarded-login-closed", "login-guard", true, Map.of("fail-closed", "true"));
    }

    @Override
    protected String user() {
        return TomcatLoginRealm.USER;
    }

    @Override
    protected String password() {
        return TomcatLoginRealm.PASSWORD;
    }

    @Override
    protected int realmCalls(Browser browser) throws IOException, InterruptedException {
        return TomcatLogin.realmCalls(browser);
    }

    /** Tomcat answers the login post with 303 See Other. */
    @Override
    protected boolean redirectsAfterLogin(int status) {
        return status == 303;
    }
}
