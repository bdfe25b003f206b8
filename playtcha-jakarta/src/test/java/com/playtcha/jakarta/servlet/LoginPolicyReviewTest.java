package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of issue 39 (login.require=after-failures) on Tomcat's own FORM login, from an attacker's seat:
 * each test states what the contract promises and fails where the code does otherwise.
 */
class LoginPolicyReviewTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    Path base;

    private LoginTomcat start(List<String> patterns, String... settings) throws Exception {
        Files.createDirectories(base.resolve("WEB-INF"));
        Files.writeString(base.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0"><login-config>
                <auth-method>FORM</auth-method><form-login-config><form-login-page>/login.html</form-login-page>
                <form-error-page>/login-error</form-error-page></form-login-config></login-config></web-app>""");
        Map<String, String> params = EmbeddedJetty.settings(PLAYTCHA.simulator(), settings);
        params.put("login.require", "after-failures");
        return LoginTomcat.start(base, true, true, patterns, params);
    }

    private static final class Browser {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final int port;

        Browser(int port) throws Exception {
            this.port = port;
            get("/secure/page");
        }

        Reply get(String path) throws Exception {
            return new Call(client, URI.create("http://127.0.0.1:" + port + path), "GET").send();
        }

        Call login(String user, String password, String token) {
            return new Call(client, URI.create("http://127.0.0.1:" + port + "/j_security_check"), "POST")
                    .form("j_username", user, "j_password", password, "playtcha-token", token);
        }

        /** The credentials in the query string, the body anything but an urlencoded form. */
        Call loginInQuery(String user, String password, String contentType) {
            return new Call(client, URI.create("http://127.0.0.1:" + port + "/j_security_check?j_username=" + user
                    + "&j_password=" + password), "POST").body(contentType, "x".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * Tomcat's FormAuthenticator reads j_username from the query string whatever the body's type; the guard
     * reads the account only when the body is urlencoded (ServletRequestView.formParameter), so an attacker
     * who moves the credentials into the query of a text/plain (multipart, JSON...) post is never counted
     * against the account: after the account's three failures, every further guess reaches the realm
     * without a token, up to the client's limit per address.
     */
    @Test
    void afterThreeFailures_aGuessWithCredentialsInTheQueryOfATextPlainPost_isTokenRequired() throws Exception {
        try (LoginTomcat tomcat = start(List.of("/j_security_check"))) {
            for (int i = 0; i < 3; i++) {
                new Browser(tomcat.port()).login(LoginTomcat.USER, "wrong", null).acceptHtml().send();
            }
            assertEquals(3, tomcat.passwordChecks());
            Reply urlencoded = new Browser(tomcat.port()).login(LoginTomcat.USER, "wrong", null).acceptJson().send();
            assertTrue(urlencoded.text().contains("token_required"), urlencoded::toString);

            Reply inQuery = new Browser(tomcat.port()).loginInQuery(LoginTomcat.USER, "guess", "text/plain").acceptJson().send();

            assertEquals(3, tomcat.passwordChecks(), "the realm must not be asked without a token: " + inQuery);
            assertTrue(inQuery.text().contains("token_required"), inQuery::toString);
        }
    }

    /**
     * Two PlaytchaFilters that reach the login post (say one on /* for every form, one on
     * /j_security_check): each door admits, and so counts, the same attempt against the account and the
     * client, and only the first door's outcome is reported. One wrong password, then the right one
     * without a token: the second attempt must log in (account-failures=3), it is refused token_required.
     */
    @Test
    void twoFiltersOnTheLogin_oneWrongPassword_thenTheRightOneLogsInWithoutAToken() throws Exception {
        try (LoginTomcat tomcat = start(List.of("/j_security_check", "/*"))) {
            new Browser(tomcat.port()).login(LoginTomcat.USER, "wrong", null).acceptHtml().send();

            Browser user = new Browser(tomcat.port());
            Reply second = user.login(LoginTomcat.USER, LoginTomcat.PASSWORD, null).acceptJson().send();

            assertEquals(3, second.status() / 100, "one failure of three: no token needed yet; " + second);
            assertEquals(LoginTomcat.USER, user.get("/secure/page").echo().get("user"));
        }
    }

    /**
     * The same two filters: every successful login leaves one failure on the client's count (the second
     * door's advance count is never given back), so an office behind one address is asked for a token
     * after ten colleagues logged in without a single wrong password.
     */
    @Test
    void twoFiltersOnTheLogin_tenSuccessfulLoginsFromOneAddress_needNoToken() throws Exception {
        try (LoginTomcat tomcat = start(List.of("/j_security_check", "/*"))) {
            for (int i = 1; i <= 10; i++) {
                Browser user = new Browser(tomcat.port());
                Reply login = user.login(LoginTomcat.USER, LoginTomcat.PASSWORD, null).acceptJson().send();
                assertEquals(3, login.status() / 100, "successful login " + i + " without a failure anywhere: " + login);
            }
        }
    }
}
