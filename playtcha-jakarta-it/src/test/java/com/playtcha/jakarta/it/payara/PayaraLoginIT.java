package com.playtcha.jakarta.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.payara.PayaraLogin.Browser;
import com.playtcha.jakarta.it.payara.PayaraLogin.Reply;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Container FORM login guarded in a real Payara Server 6, installed as the documentation says: the
 * {@code playtcha-jakarta-payara} jar in the domain's {@code lib}, the virtual server's
 * {@code valve_1} property naming {@code PlaytchaLoginValve} (both done by the build before the
 * domain starts), the PlaytchaFilter mapped onto {@code /j_security_check}; a file-realm user.
 *
 * <p>That the WARs deploy at all is the announcement working: the library fails the deployment of a
 * filter mapped onto the login post when no hook announced itself. "The realm is never asked" is
 * counted from the security audit's log lines ({@link RealmAudit}). Two WARs: one failing open (the
 * default), one failing closed.
 */
@ExtendWith(ArquillianExtension.class)
// The fail-open test runs last: the ledger re-verifies its token later, and that call must not land in
// another test's count or take its injected fault.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraLoginIT {

    @ArquillianResource
    @OperateOnDeployment("open")
    URL open;

    @ArquillianResource
    @OperateOnDeployment("closed")
    URL closed;

    @Deployment(name = "open", testable = false)
    static WebArchive failingOpen() {
        return PayaraLogin.war("guarded-login", Map.of());
    }

    @Deployment(name = "closed", testable = false)
    static WebArchive failingClosed() {
        return PayaraLogin.war("guarded-login-closed", Map.of("fail-closed", "true"));
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void loginWithoutToken_isRefused_andTheRealmIsNeverAsked() throws Exception {
        Browser browser = new Browser(open);
        int realm = browser.realmCalls();

        Reply reply = browser.logIn(PayaraLogin.PASSWORD, null, Browser.HTML);

        assertEquals(403, reply.status(), reply::toString);
        Map<String, String> page = reply.lines();
        assertEquals("login-error", page.get("page"), reply::toString);
        assertEquals("missing_token", page.get("com.playtcha.error-code"), reply::toString);
        assertEquals("false", page.get("com.playtcha.token-spent"), reply::toString);
        assertEquals("false", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertFalse(reply.setsSession(), () -> "nothing of the container's login may happen: " + reply);
        assertEquals(realm, browser.realmCalls(), "the realm must not be asked");
        assertNull(browser.user(), "not logged in");
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    void loginWithoutToken_fromAJsonClient_getsTheEnvelope() throws Exception {
        Browser browser = new Browser(open);
        int realm = browser.realmCalls();

        Reply reply = browser.logIn(PayaraLogin.PASSWORD, null, Browser.JSON);

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        assertTrue(reply.body().contains("\"missing_token\""), reply::toString);
        assertEquals("false", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertEquals(realm, browser.realmCalls());
    }

    @Test
    void junkToken_isRefused_theRealmIsNeverAsked_andTheTokenIsSpent() throws Exception {
        Browser browser = new Browser(open);
        int realm = browser.realmCalls();

        Reply reply = browser.logIn(PayaraLogin.PASSWORD, "ptk_default_forged", Browser.HTML);

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("token_invalid", reply.lines().get("com.playtcha.error-code"), reply::toString);
        assertEquals("true", reply.lines().get("com.playtcha.token-spent"), reply::toString);
        assertEquals("true", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertEquals(realm, browser.realmCalls());
        assertNull(browser.user());
    }

    @Test
    void validToken_logsIn() throws Exception {
        Browser browser = new Browser(open);
        int realm = browser.realmCalls();
        String token = Playtcha.simulator().mintToken();

        Reply reply = browser.logIn(PayaraLogin.PASSWORD, token, Browser.HTML);

        assertTrue(reply.status() == 302 || reply.status() == 303, reply::toString);
        assertTrue(reply.header("Location").endsWith("/guarded-login/secure/whoami"), reply::toString);
        assertEquals(PayaraLogin.USER, browser.user());
        assertEquals(realm + 1, browser.realmCalls());
        assertEquals(1, Playtcha.simulator().callCount(token));
    }

    @Test
    void replayedToken_isRefused() throws Exception {
        String token = Playtcha.simulator().mintToken();
        Browser first = new Browser(open);
        assertEquals(PayaraLogin.USER, loggedIn(first, token));
        Browser second = new Browser(open);
        int realm = second.realmCalls();

        Reply reply = second.logIn(PayaraLogin.PASSWORD, token, Browser.HTML);

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("already_redeemed", reply.lines().get("com.playtcha.error-code"), reply::toString);
        assertEquals("true", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertEquals(realm, second.realmCalls());
        assertNull(second.user());
    }

    @Test
    void wrongPassword_withAValidToken_asksTheRealmOnce_andTheErrorPageSaysTheTokenIsSpent() throws Exception {
        Browser browser = new Browser(open);
        int realm = browser.realmCalls();

        Reply reply = browser.logIn("not the password", Playtcha.simulator().mintToken(), Browser.HTML);

        assertEquals(200, reply.status(), reply::toString); // Payara forwards to the form-error page as it is
        assertEquals("login-error", reply.lines().get("page"), reply::toString);
        assertEquals("verified", reply.lines().get("com.playtcha.outcome"), reply::toString);
        assertEquals("true", reply.lines().get("com.playtcha.token-spent"), reply::toString);
        assertEquals(realm + 1, browser.realmCalls());
        assertNull(browser.user());
    }

    @Test
    void failClosedOutage_answers503_withoutAskingTheRealm() throws Exception {
        Browser browser = new Browser(closed);
        int realm = browser.realmCalls();
        Playtcha.simulator().injectOnce(Fault.serverError(500, "db_error"));

        Reply reply = browser.logIn(PayaraLogin.PASSWORD, Playtcha.simulator().mintToken(), Browser.HTML);

        assertEquals(503, reply.status(), reply::toString);
        assertEquals("login-error", reply.lines().get("page"), reply::toString);
        assertEquals("db_error", reply.lines().get("com.playtcha.error-code"), reply::toString);
        assertEquals(realm, browser.realmCalls());
        assertNull(browser.user());
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: see the class's @TestMethodOrder
    void failOpenOutage_logsIn_andTheLedgerVerifiesTheTokenOnceLater() throws Exception {
        PlaytchaSimulator simulator = Playtcha.simulator();
        Browser browser = new Browser(open);
        int realm = browser.realmCalls();
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.serverError(500, "db_error"));

        assertEquals(PayaraLogin.USER, loggedIn(browser, token));
        assertEquals(realm + 1, browser.realmCalls());
        assertTrue(simulator.awaitCallCount(token, 2, Duration.ofSeconds(30)),
                () -> "the failed call, then the ledger's re-verification; calls: " + simulator.callCount(token));
        assertEquals(2, simulator.callCount(token), "re-verified once");
    }

    /** Logs {@code browser} in with {@code token}; the user the secured page then sees. */
    private static String loggedIn(Browser browser, String token) throws Exception {
        Reply reply = browser.logIn(PayaraLogin.PASSWORD, token, Browser.HTML);
        assertTrue(reply.status() == 302 || reply.status() == 303, reply::toString);
        return browser.user();
    }
}
