package com.playtcha.jakarta.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.FormLoginScenario.Browser;
import com.playtcha.jakarta.it.FormLoginScenario.Reply;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The valve's side of the protocol in a real Payara Server 6, against {@link StubLoginGuard} instead of
 * the library (the WAR has no library at all): which requests it hands over, on which class loader and
 * with which form-error page, and what Payara does after the guard continued, answered or threw.
 * {@link PayaraLoginIT} is the same valve with the library's guard.
 */
@ExtendWith(ArquillianExtension.class)
class PayaraLoginValveIT {

    private static final String FORM = "j_username=" + PayaraLogin.USER + "&j_password="
            + URLEncoder.encode(PayaraLogin.PASSWORD, StandardCharsets.UTF_8);

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PayaraLogin.stubWar("stub-guarded-login");
    }

    @Test
    void aLoginPost_reachesTheGuard_beforeTheRealm_onTheApplicationsClassLoader_withTheFormErrorPage() throws Exception {
        Browser browser = new Browser(url);
        int realm = PayaraLogin.realmCalls(browser);

        Reply reply = browser.request("POST", "j_security_check", Map.of(), FORM);

        assertEquals(409, reply.status(), reply::toString);
        Map<String, String> seen = reply.lines();
        assertEquals("stub-refusal", seen.get("page"), reply::toString);
        assertEquals("application", seen.get("context-class-loader"), reply::toString);
        assertEquals("/login-error", seen.get("error-page"), reply::toString);
        assertEquals("/stub-guarded-login", seen.get("context-path"), reply::toString);
        assertEquals(realm, PayaraLogin.realmCalls(browser), "the realm must not be asked");
    }

    @Test
    void everyMethod_andPathParameters_areHandedOver_asPayaraTakesThemAllForALogin() throws Exception {
        Browser browser = new Browser(url);

        Reply get = browser.request("GET", "j_security_check", Map.of(), null);
        Reply withParameter = browser.request("POST", "j_security_check;jsessionid=0", Map.of(), FORM);

        assertEquals(409, get.status(), get::toString);
        assertEquals("GET", get.lines().get("method"), get::toString);
        assertEquals(409, withParameter.status(), withParameter::toString);
    }

    @Test
    void aPathTheGuardWouldNotTakeForALogin_neverGetsThePasswordChecked() throws Exception {
        Browser browser = new Browser(url);
        int realm = PayaraLogin.realmCalls(browser);
        assertEquals("login", browser.get("secure/whoami").lines().get("page"));

        for (String path : new String[] {"j_security_check%3Bx", "j_security_check/more"}) {
            Reply reply = browser.request("POST", path, Map.of("stub", "continue"), FORM);
            assertTrue(reply.status() >= 400, () -> path + ": " + reply);
        }

        assertEquals(realm, PayaraLogin.realmCalls(browser));
        assertEquals(null, browser.user());
    }

    @Test
    void otherRequests_neverReachTheGuard() throws Exception {
        Browser browser = new Browser(url);

        assertEquals("login", browser.get("secure/whoami").lines().get("page"));
        assertEquals("login", browser.get("login").lines().get("page"));
        assertEquals("login-error", browser.request("POST", "login-error", Map.of(), FORM).lines().get("page"));
    }

    @Test
    void whenTheGuardCallsTheChain_PayaraChecksThePassword_andLogsIn() throws Exception {
        Browser browser = new Browser(url);
        int realm = PayaraLogin.realmCalls(browser);
        assertEquals("login", browser.get("secure/whoami").lines().get("page"));

        Reply reply = browser.request("POST", "j_security_check", Map.of("stub", "continue"), FORM);

        assertTrue(reply.status() == 302 || reply.status() == 303, reply::toString);
        assertEquals(PayaraLogin.USER, browser.user());
        assertEquals(realm + 1, PayaraLogin.realmCalls(browser));
    }

    @Test
    void whenTheGuardThrows_PayaraAnswers500_andTheRealmIsNotAsked() throws Exception {
        Browser browser = new Browser(url);
        int realm = PayaraLogin.realmCalls(browser);

        Reply reply = browser.request("POST", "j_security_check", Map.of("stub", "throw"), FORM);

        assertEquals(500, reply.status(), reply::toString);
        assertEquals(realm, PayaraLogin.realmCalls(browser));
    }
}
