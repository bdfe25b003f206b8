package com.playtcha.jakarta.it.payara;

import com.playtcha.jakarta.it.FormLoginScenario;
import java.io.IOException;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Container FORM login guarded in a real Payara Server 6, installed as the documentation says: the
 * {@code playtcha-jakarta-payara} jar in the domain's {@code lib}, the virtual server's
 * {@code valve_1} property naming {@code PlaytchaLoginValve} (both done by the build before the
 * domain starts), the PlaytchaFilter mapped onto {@code /j_security_check}; a file-realm user.
 *
 * <p>That the WARs deploy at all is the announcement working: the library fails the deployment of a
 * filter mapped onto the login post when no hook announced itself. "The realm is never asked" is
 * counted from the security audit's log lines ({@link RealmAudit}). The tests are
 * {@link FormLoginScenario}'s.
 */
class PayaraLoginIT extends FormLoginScenario {

    @Deployment(name = "open", testable = false)
    static WebArchive failingOpen() {
        return PayaraLogin.war("guarded-login", Map.of("client-budget.enabled", "false"));
    }

    @Deployment(name = "closed", testable = false)
    static WebArchive failingClosed() {
        return PayaraLogin.war("guarded-login-closed", Map.of("fail-closed", "true"));
    }

    @Override
    protected String user() {
        return PayaraLogin.USER;
    }

    @Override
    protected String password() {
        return PayaraLogin.PASSWORD;
    }

    /** Each count hits the probe page and reads server.log to its end: read around all the cases, not each. */
    @Override
    protected boolean realmCountIsCheap() {
        return false;
    }

    @Override
    protected int realmCalls(Browser browser) throws IOException, InterruptedException {
        return PayaraLogin.realmCalls(browser);
    }
}
