package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.FormLoginScenario.Browser;
import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.LoginPolicyScenario;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login policy on Tomcat 10.1 and 11.0 (one Failsafe execution each), the login WAR of
 * {@link TomcatLogin} with {@code PlaytchaLoginValve}, which reports the realm's answer to the guard.
 * The tests are {@link LoginPolicyScenario}'s; {@link TomcatLoginRealm} counts the password checks.
 */
class TomcatLoginPolicyIT extends LoginPolicyScenario {

    @Deployment(name = "policy", testable = false)
    static WebArchive policy() {
        return TomcatLogin.war("login-policy", "login-guard", true, POLICY);
    }

    @Deployment(name = "attack", testable = false)
    static WebArchive attack() {
        return TomcatLogin.war("login-attack", "login-guard", true, ATTACK);
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
    protected long realmCalls(URL application) throws Exception {
        return TomcatLogin.realmCalls(new Browser(application));
    }

    @Override
    protected String pageSaysNeedsToken(String html) {
        return Http.lines(html).get("com.playtcha.login-needs-token");
    }
}
