package com.playtcha.jakarta.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.wildfly.login.Browser;
import com.playtcha.jakarta.it.wildfly.login.LoginWar;
import com.playtcha.jakarta.it.wildfly.login.RealmAudit;
import com.playtcha.jakarta.it.wildfly.login.SecuritySettings;
import com.playtcha.jakarta.it.wildfly.login.StubLoginGuard;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WildFly login door on its own, in a real WildFly 39 (Undertow and Elytron's FORM login over
 * the {@code ApplicationDomain}): playtcha-jakarta-undertow in WEB-INF/lib brings the door, and a stub guard
 * ({@link StubLoginGuard}) speaks the login protocol in place of the library's, so this holds the door
 * to the protocol whatever the guard decides. The realm's password checks are counted in Elytron's
 * audit log ({@link RealmAudit}).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(SecuritySettings.class)
class WildFlyLoginDoorIT {

    @ArquillianResource
    URL app;

    @Deployment(testable = false)
    static WebArchive door() {
        return LoginWar.of("logindoor", "  <listener><listener-class>" + StubLoginGuard.Publisher.class.getName()
                + "</listener-class></listener>\n").addClasses(StubLoginGuard.class, StubLoginGuard.Publisher.class);
    }

    @Test
    void refusedLoginPost_showsTheFormErrorPage_andTheRealmIsNeverAsked() throws Exception {
        long before = RealmAudit.passwordChecks();
        HttpResponse<String> refused = new Browser(app).post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret", "verdict", "refuse");

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("page=login-error\n"), refused::body);
        assertTrue(refused.body().contains("com.playtcha.error-code=stub_refusal\n"), refused::body);
        assertTrue(refused.body().contains("session=false\n"), refused::body);
        assertTrue(refused.body().contains("hook=undertow\n"), refused::body);
        assertEquals(List.of(), refused.headers().allValues("Set-Cookie"));
        assertEquals(before, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void continuedLoginPost_isWildFlysOwnLogin() throws Exception {
        Browser browser = new Browser(app);
        HttpResponse<String> challenge = browser.get("/secure/whoami");
        assertTrue(challenge.body().contains("page=login\n"), () -> challenge.statusCode() + " " + challenge.headers() + "\n" + challenge.body());
        long before = RealmAudit.passwordChecks();

        HttpResponse<String> login = browser.post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret", "verdict", "go-on");

        assertEquals(302, login.statusCode(), login::body);
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/secure/whoami"), login.headers()::toString);
        assertEquals("user=alice\n", browser.get("/secure/whoami").body());
        assertEquals(before + 1, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void continuedLoginPost_withAWrongPassword_asksTheRealmOnce() throws Exception {
        long before = RealmAudit.passwordChecks();
        HttpResponse<String> failed = new Browser(app).post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "wrong", "verdict", "go-on");

        assertTrue(failed.body().contains("page=login-error\n"), failed::body);
        assertTrue(!failed.body().contains("com.playtcha.error-code"), failed::body);
        assertEquals(before + 1, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    /** Elytron reads x%2Fj_security_check as a login post (it decodes the slash); so does the door. */
    @Test
    void loginPostBehindAnEncodedSlash_isHandedToTheGuardToo() throws Exception {
        long before = RealmAudit.passwordChecks();
        HttpResponse<String> refused = new Browser(app).post("/x%2Fj_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "wrong", "verdict", "refuse");
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(before, RealmAudit.passwordChecks(), RealmAudit::log);

        new Browser(app).post("/x%2Fj_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "wrong", "verdict", "go-on");
        assertEquals(before + 1, RealmAudit.passwordChecks(), "Elytron took it for a login: " + RealmAudit.log());
    }
}
