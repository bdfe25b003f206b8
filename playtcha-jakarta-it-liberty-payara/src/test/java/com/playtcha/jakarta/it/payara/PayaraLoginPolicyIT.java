package com.playtcha.jakarta.it.payara;

import com.playtcha.jakarta.it.FormLoginScenario.Browser;
import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.LoginPolicyScenario;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login policy on Payara Server 6: the login WAR of {@link PayaraLogin} behind the virtual server's
 * {@code PlaytchaLoginValve}, which reports the realm's answer to the guard. The tests are
 * {@link LoginPolicyScenario}'s; {@link RealmAudit} counts the password checks of the realm's user.
 */
class PayaraLoginPolicyIT extends LoginPolicyScenario {

    @Deployment(name = "policy", testable = false)
    static WebArchive policy() {
        return PayaraLogin.war("login-policy", POLICY);
    }

    @Deployment(name = "attack", testable = false)
    static WebArchive attack() {
        return PayaraLogin.war("login-attack", ATTACK);
    }

    @Override
    protected String user() {
        return PayaraLogin.USER;
    }

    @Override
    protected String password() {
        return PayaraLogin.PASSWORD;
    }

    @Override
    protected long realmCalls(URL application) throws Exception {
        return PayaraLogin.realmCalls(new Browser(application));
    }

    @Override
    protected String pageSaysNeedsToken(String html) {
        return Http.lines(html).get("com.playtcha.login-needs-token");
    }

    /** Payara judges a login post from a logged-in session too: a wrong password gets the form-error page. */
    @Override
    protected boolean checksPasswordsOfALoggedInSession() {
        return true;
    }
}
