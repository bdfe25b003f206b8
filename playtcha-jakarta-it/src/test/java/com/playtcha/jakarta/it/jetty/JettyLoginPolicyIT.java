package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.LoginPolicyScenario;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login policy on the embedded Jetty 12 (ee10), the login WAR of {@link JettyLoginWars} with
 * {@code PlaytchaLoginHandler}, which reports the login service's answer to the guard, and the error
 * page shown in place. The tests are {@link LoginPolicyScenario}'s; {@link JettyLoginService} counts the
 * password checks.
 */
class JettyLoginPolicyIT extends LoginPolicyScenario {

    private static final String SHOW_NEEDS_TOKEN = "<context-param><param-name>" + JettyLoginPages.SHOW_NEEDS_TOKEN
            + "</param-name><param-value>true</param-value></context-param>";

    @Deployment(name = "policy", testable = false)
    public static WebArchive policy() {
        return JettyLoginWars.war("login-policy", POLICY, true, true, SHOW_NEEDS_TOKEN);
    }

    @Deployment(name = "attack", testable = false)
    public static WebArchive attack() {
        return JettyLoginWars.war("login-attack", ATTACK, true, true, SHOW_NEEDS_TOKEN);
    }

    @Override
    protected String user() {
        return JettyLoginService.USER;
    }

    @Override
    protected String password() {
        return JettyLoginService.PASSWORD;
    }

    @Override
    protected long realmCalls(URL application) {
        return JettyLoginService.calls();
    }

    @Override
    protected String pageSaysNeedsToken(String html) {
        int at = html.indexOf("needs-token=");
        return at < 0 ? null : html.substring(at + "needs-token=".length()).strip();
    }

    /** Jetty's FormAuthenticator checks the password of every login post, logged in or not. */
    @Override
    protected boolean checksPasswordsOfALoggedInSession() {
        return true;
    }
}
