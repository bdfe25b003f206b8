package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.LoginPolicyScenario;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.wildfly.login.LoginWar;
import com.playtcha.jakarta.it.wildfly.login.RealmAudit;
import com.playtcha.jakarta.it.wildfly.login.SecuritySettings;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login policy on WildFly 39: the login WAR of {@link LoginWar}, whose library brings the Undertow
 * door, which hears Elytron's FORM mechanism tell the security context whether the password was right
 * and reports it to the guard. The tests are {@link LoginPolicyScenario}'s; {@link RealmAudit} counts
 * the password checks in Elytron's audit log.
 */
@ServerSetup(SecuritySettings.class)
class WildFlyLoginPolicyIT extends LoginPolicyScenario {

    @Deployment(name = "policy", testable = false)
    static WebArchive policy() {
        return LoginWar.of("loginpolicy", filter(POLICY));
    }

    @Deployment(name = "attack", testable = false)
    static WebArchive attack() {
        return LoginWar.of("loginattack", filter(ATTACK));
    }

    private static String filter(Map<String, String> policy) {
        Map<String, String> settings = new HashMap<>(Map.of("api-url", Playtcha.simulator().url().toString(),
                "secret", Playtcha.simulator().secret()));
        settings.putAll(policy);
        return Wars.filter("playtcha-login", "/j_security_check", settings);
    }

    @Override
    protected String user() {
        return "alice";
    }

    @Override
    protected String password() {
        return "secret";
    }

    @Override
    protected long realmCalls(URL application) throws Exception {
        return RealmAudit.passwordChecks();
    }

    @Override
    protected String pageSaysNeedsToken(String html) {
        return Http.lines(html).get("com.playtcha.login-needs-token");
    }

    /** Elytron's FORM mechanism checks the password of a login post from a logged-in session too. */
    @Override
    protected boolean checksPasswordsOfALoggedInSession() {
        return true;
    }
}
