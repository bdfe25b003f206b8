package com.playtcha.jakarta.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.tomcat.TomcatLogin.Browser;
import com.playtcha.jakarta.it.tomcat.TomcatLogin.Reply;
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
 * Container FORM login guarded in real Tomcat 10.1 and 11.0 distributions (one Failsafe execution
 * each), installed as the documentation says: {@code playtcha-jakarta-tomcat} in Tomcat's
 * {@code lib/}, one {@code <Valve>} line in the WAR's {@code META-INF/context.xml}, the
 * PlaytchaFilter mapped onto {@code /j_security_check}. The valve jar is built against Tomcat 10.1:
 * the Tomcat 11 run is its proof of running there.
 *
 * <p>"The realm is never asked" is counted by {@link TomcatLoginRealm} in Tomcat's {@code lib/}.
 * Two WARs: one failing open (the default), one failing closed.
 */
@ExtendWith(ArquillianExtension.class)
// The fail-open test runs last: the ledger re-verifies its token later, and that call must not land in
// another test's count or take its injected fault.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatLoginIT {

    @ArquillianResource
    @OperateOnDeployment("open")
    URL open;

    @ArquillianResource
    @OperateOnDeployment("closed")
    URL closed;

    @Deployment(name = "open", testable = false)
    static WebArchive failingOpen() {
        return TomcatLogin.war("guarded-login", "login-guard", true, Map.of());
    }

    @Deployment(name = "closed", testable = false)
    static WebArchive failingClosed() {
        return TomcatLogin.war("guarded-login-closed", "login-guard", true, Map.of("fail-closed", "true"));
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void loginWithoutToken_isRefused_andTheRealmIsNeverAsked() throws Exception {
        Browser browser = new Browser(open);
        int realm = browser.realmCalls();

        Reply reply = browser.logIn(TomcatLoginRealm.PASSWORD, null, Browser.HTML);

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

        Reply reply = browser.logIn(TomcatLoginRealm.PASSWORD, null, Browser.JSON);

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

        Reply reply = browser.logIn(TomcatLoginRealm.PASSWORD, "ptk_default_forged", Browser.HTML);

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

        Reply reply = browser.logIn(TomcatLoginRealm.PASSWORD, token, Browser.HTML);

        assertEquals(303, reply.status(), reply::toString);
        assertTrue(reply.header("Location").endsWith("/guarded-login/secure/whoami"), reply::toString);
        assertEquals(TomcatLoginRealm.USER, browser.user());
        assertEquals(realm + 1, browser.realmCalls());
        assertEquals(1, Playtcha.simulator().callCount(token));
    }

    @Test
    void replayedToken_isRefused() throws Exception {
        String token = Playtcha.simulator().mintToken();
        Browser first = new Browser(open);
        assertEquals(303, first.logIn(TomcatLoginRealm.PASSWORD, token, Browser.HTML).status());
        Browser second = new Browser(open);
        int realm = second.realmCalls();

        Reply reply = second.logIn(TomcatLoginRealm.PASSWORD, token, Browser.HTML);

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

        assertEquals(200, reply.status(), reply::toString); // Tomcat forwards to the form-error page as it is
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

        Reply reply = browser.logIn(TomcatLoginRealm.PASSWORD, Playtcha.simulator().mintToken(), Browser.HTML);

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

        Reply reply = browser.logIn(TomcatLoginRealm.PASSWORD, token, Browser.HTML);

        assertEquals(303, reply.status(), reply::toString);
        assertEquals(TomcatLoginRealm.USER, browser.user());
        assertEquals(realm + 1, browser.realmCalls());
        assertTrue(simulator.awaitCallCount(token, 2, Duration.ofSeconds(30)),
                () -> "the failed call, then the ledger's re-verification; calls: " + simulator.callCount(token));
        assertEquals(2, simulator.callCount(token), "re-verified once");
    }
}
