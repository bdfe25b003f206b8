package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's own FORM login in a real Tomcat, guarded through a login hook ({@link LoginTomcat}):
 * the token is decided before the realm is asked for the password, a refusal looks like a failed login
 * (the form-error page with the decision's status and attributes, or the JSON envelope), and every
 * answer says whether the widget must be reset. Without a hook, a mapping onto the login post fails the
 * deployment instead of leaving the login unguarded.
 */
class LoginGuardTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    Path base;

    private LoginTomcat start(String... settings) throws Exception {
        return LoginTomcat.start(base, true, "/j_security_check", EmbeddedJetty.settings(PLAYTCHA.simulator(), settings));
    }

    /** A browser: keeps its session cookie, follows no redirect. */
    private static final class Browser {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TestSettings.SLACK).build();
        final int port;

        Browser(int port) throws Exception {
            this.port = port;
            Reply loginPage = get("/secure/page"); // what a visitor does first: the container saves the request
            assertEquals("/login.html", loginPage.echo().get("page"), loginPage::toString);
        }

        Call call(String method, String path) {
            return new Call(client, URI.create("http://127.0.0.1:" + port + path), method);
        }

        Reply get(String path) throws Exception {
            return call("GET", path).send();
        }

        Call login(String password, String token) {
            return call("POST", "/j_security_check").form("j_username", LoginTomcat.USER, "j_password", password,
                    "playtcha-token", token);
        }
    }

    @Test
    void loginWithoutToken_isRefusedOnTheFormErrorPage_andTheRealmIsNeverAsked() throws Exception {
        try (LoginTomcat tomcat = start()) {
            Reply reply = new Browser(tomcat.port()).login(LoginTomcat.PASSWORD, null).acceptHtml().send();

            assertEquals(403, reply.status(), reply::toString);
            Map<String, String> page = reply.echo();
            assertEquals("/login-error", page.get("page"), reply::toString);
            assertEquals("missing_token", page.get(PlaytchaFilter.ERROR_CODE));
            assertEquals("false", page.get(PlaytchaFilter.TOKEN_SPENT), "no token, nothing to reset");
            assertEquals("false", reply.header(LoginProtocol.TOKEN_SPENT_HEADER));
            assertEquals(0, tomcat.passwordChecks());
        }
    }

    @Test
    void junkToken_isRefused_theRealmIsNeverAsked_andTheTokenIsSpent() throws Exception {
        try (LoginTomcat tomcat = start()) {
            Reply reply = new Browser(tomcat.port()).login(LoginTomcat.PASSWORD, "pt_junk_" + "x".repeat(40))
                    .acceptHtml().send();

            assertEquals(403, reply.status(), reply::toString);
            assertNotNull(reply.echo().get(PlaytchaFilter.ERROR_CODE), reply::toString);
            assertEquals("true", reply.echo().get(PlaytchaFilter.TOKEN_SPENT));
            assertEquals("true", reply.header(LoginProtocol.TOKEN_SPENT_HEADER));
            assertEquals(0, tomcat.passwordChecks());
        }
    }

    @Test
    void validToken_logsIn() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (LoginTomcat tomcat = start()) {
            Browser browser = new Browser(tomcat.port());
            Reply reply = browser.login(LoginTomcat.PASSWORD, sim.mintToken()).acceptHtml().send();

            assertEquals(3, reply.status() / 100, reply::toString);
            assertTrue(reply.header("Location").endsWith("/secure/page"), reply::toString);
            assertEquals("true", reply.header(LoginProtocol.TOKEN_SPENT_HEADER));
            assertEquals(1, tomcat.passwordChecks());
            assertEquals(LoginTomcat.USER, browser.get("/secure/page").echo().get("user"));
        }
    }

    @Test
    void everyPathTheContainerTakesForTheLogin_isGuarded() throws Exception {
        try (LoginTomcat tomcat = start()) {
            for (String path : new String[] {"/account/j_security_check", "//j_security_check", "/x/../j_security_check",
                    "/j_security_check;jsessionid=1", "/%6A_security_check"}) {
                Browser browser = new Browser(tomcat.port());
                Reply reply = browser.call("POST", path).form("j_username", LoginTomcat.USER,
                        "j_password", LoginTomcat.PASSWORD).acceptJson().send();

                assertEquals(403, reply.status(), () -> path + ": " + reply);
                assertEquals(0, tomcat.passwordChecks(), path);
            }
        }
    }

    @Test
    void aLoginSentByGet_isGuardedToo_whateverTheFilterMethods() throws Exception {
        try (LoginTomcat tomcat = start("methods", "POST")) {
            Reply reply = new Browser(tomcat.port()).get("/j_security_check?j_username=" + LoginTomcat.USER
                    + "&j_password=" + LoginTomcat.PASSWORD);

            assertEquals(403, reply.status(), reply::toString);
            assertEquals(0, tomcat.passwordChecks(), "Tomcat checks a password sent by GET as well");
        }
    }

    /**
     * No servlet is mapped at the login post here (no default servlet either), where Tomcat's
     * {@code getPart} fails with a {@code NullPointerException}: the guard reads the body itself.
     */
    @Test
    void aMultipartLoginWithoutToken_withNoServletAtTheLoginPost_isRefused403_notA500() throws Exception {
        try (LoginTomcat tomcat = start()) {
            Reply reply = new Browser(tomcat.port()).call("POST", "/j_security_check").acceptJson()
                    .multipart(new Multipart().field("j_username", LoginTomcat.USER)
                            .field("j_password", LoginTomcat.PASSWORD)).send();

            assertEquals(403, reply.status(), reply::toString);
            assertEquals("missing_token", reply.json().getJsonObject("error").getString("code"), reply::toString);
            assertEquals(0, tomcat.passwordChecks());
            assertEquals(0, PLAYTCHA.simulator().callCount());
        }
    }

    @Test
    void wrongPasswordWithAValidToken_asksTheRealmOnce_andTheErrorPageSaysTheTokenIsSpent() throws Exception {
        try (LoginTomcat tomcat = start()) {
            Reply reply = new Browser(tomcat.port()).login("wrong", PLAYTCHA.simulator().mintToken()).acceptHtml().send();

            assertEquals("/login-error", reply.echo().get("page"), reply::toString);
            assertEquals("verified", reply.echo().get(PlaytchaFilter.OUTCOME));
            assertEquals("true", reply.echo().get(PlaytchaFilter.TOKEN_SPENT), "the page must reset the widget");
            assertEquals("true", reply.header(LoginProtocol.TOKEN_SPENT_HEADER));
            assertEquals(1, tomcat.passwordChecks());
        }
    }

    @Test
    void replayedToken_isRefused_withoutAskingTheRealm() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (LoginTomcat tomcat = start()) {
            String token = sim.mintToken();
            new Browser(tomcat.port()).login(LoginTomcat.PASSWORD, token).send();
            Reply replay = new Browser(tomcat.port()).login(LoginTomcat.PASSWORD, token).acceptHtml().send();

            assertEquals(403, replay.status(), replay::toString);
            assertEquals("already_redeemed", replay.echo().get(PlaytchaFilter.ERROR_CODE));
            assertEquals(1, tomcat.passwordChecks(), "only the first login reached the realm");
        }
    }

    @Test
    void ajaxLoginWithoutToken_getsTheJsonEnvelope() throws Exception {
        try (LoginTomcat tomcat = start()) {
            Reply reply = new Browser(tomcat.port()).login(LoginTomcat.PASSWORD, null).acceptJson().send();

            assertEquals(403, reply.status(), reply::toString);
            assertEquals("missing_token", reply.json().getJsonObject("error").getString("code"));
            assertEquals("false", reply.header(LoginProtocol.TOKEN_SPENT_HEADER));
            assertEquals(0, tomcat.passwordChecks());
        }
    }

    @Test
    void failClosedOutage_answers503_withoutAskingTheRealm() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (LoginTomcat tomcat = start("fail-closed", "true")) {
            Browser browser = new Browser(tomcat.port());
            sim.inject(Fault.serverError(503, "unavailable"));
            Reply reply = browser.login(LoginTomcat.PASSWORD, sim.mintToken()).acceptHtml().send();

            assertEquals(503, reply.status(), reply::toString);
            assertEquals("/login-error", reply.echo().get("page"), reply::toString);
            assertEquals(0, tomcat.passwordChecks());
        }
    }

    @Test
    void failOpenOutage_logsIn() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (LoginTomcat tomcat = start("fail-closed", "false")) {
            Browser browser = new Browser(tomcat.port());
            sim.inject(Fault.serverError(503, "unavailable"));
            Reply reply = browser.login(LoginTomcat.PASSWORD, sim.mintToken()).acceptHtml().send();

            assertEquals(3, reply.status() / 100, reply::toString);
            assertEquals(1, tomcat.passwordChecks());
            assertEquals(LoginTomcat.USER, browser.get("/secure/page").echo().get("user"));
        }
    }

    @Test
    void mappingOntoTheLoginPost_withoutAHook_failsTheDeployment() throws Exception {
        try (LoginTomcat tomcat = LoginTomcat.start(base, false, "/j_security_check",
                EmbeddedJetty.settings(PLAYTCHA.simulator()))) {
            assertFalse(tomcat.started(), "the login must not go unguarded");
            assertEquals(0, tomcat.passwordChecks());
        }
    }

    @Test
    void aPatternCoveringTheLoginPost_isGuardedThroughTheHook() throws Exception {
        try (LoginTomcat tomcat = LoginTomcat.start(base, true, "/*", EmbeddedJetty.settings(PLAYTCHA.simulator()))) {
            Reply reply = new Browser(tomcat.port()).login(LoginTomcat.PASSWORD, null).acceptJson().send();

            assertEquals(403, reply.status(), reply::toString);
            assertEquals(0, tomcat.passwordChecks());
        }
    }
}
