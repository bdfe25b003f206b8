package com.playtcha.jakarta.spring.security.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code playtcha.login.require=always} in a Spring Security application: every password check, by
 * {@code formLogin()}, HTTP Basic or a JSON login's {@code AuthenticationManager}, needs a valid token
 * before the user store is asked, whatever path, method or spelling reached it.
 */
@WithSimulator
@SpringBootTest(classes = LoginTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=always")
class AlwaysLoginTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    @Value("${local.server.port}")
    int port;

    private Browser browser;

    @BeforeEach
    void newBrowser() {
        browser = new Browser(port);
        LoginTestApplication.LOOKUPS.set(0);
    }

    @Test
    void formLoginWithoutAToken_goesBackToTheLoginPage_whichShowsTheWidget_andNoPasswordIsChecked() throws Exception {
        HttpResponse<String> refused = browser.formLogin("/login", "alice", "secret", null);
        HttpResponse<String> page = browser.page(refused.headers().firstValue("Location").orElseThrow());

        assertEquals(302, refused.statusCode(), refused::toString);
        assertTrue(refused.headers().firstValue("Location").orElseThrow().endsWith("/login-page?error"), refused::toString);
        assertEquals("true", refused.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null));
        assertEquals("login page, widget=true, attribute=true", page.body());
        assertEquals(0, LoginTestApplication.LOOKUPS.get(), "no password was checked");
        assertEquals("caller=null", whoamiStatus(), "nobody logged in");
    }

    @Test
    void formLoginWithAValidToken_logsIn_andTheTokenIsSentOnce() throws Exception {
        String token = PLAYTCHA.mintToken();

        HttpResponse<String> login = browser.formLogin("/login", "alice", "secret", token);

        assertEquals(302, login.statusCode(), login::toString);
        assertTrue(login.headers().firstValue("Location").orElseThrow().endsWith("/whoami"), login::toString);
        assertEquals("caller=alice", browser.page("/whoami").body());
        assertEquals(1, PLAYTCHA.callCount(token));
        assertEquals(1, LoginTestApplication.LOOKUPS.get());
    }

    @Test
    void aJunkOrReplayedToken_isRefused_beforeThePasswordCheck() throws Exception {
        String token = PLAYTCHA.mintToken();
        browser.formLogin("/login", "alice", "wrong", token);
        int checked = LoginTestApplication.LOOKUPS.get();

        HttpResponse<String> replayed = new Browser(port).formLogin("/login", "alice", "secret", token);
        HttpResponse<String> junk = new Browser(port).formLogin("/login", "alice", "secret", "ptk_default_forged");

        assertTrue(replayed.headers().firstValue("Location").orElseThrow().endsWith("?error"), replayed::toString);
        assertEquals("true", replayed.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertTrue(junk.headers().firstValue("Location").orElseThrow().endsWith("?error"), junk::toString);
        assertEquals(checked, LoginTestApplication.LOOKUPS.get(), "neither reached the user store");
    }

    @Test
    void jsonLoginWithoutAToken_getsTheEnvelope_andWithOne_logsIn() throws Exception {
        HttpResponse<String> refused = browser.login("/api/login", "alice", "secret", null);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertTrue(refused.body().contains("\"login_needs_token\":true"), refused::body);
        assertEquals(0, LoginTestApplication.LOOKUPS.get());

        HttpResponse<String> login = browser.login("/api/login", "alice", "secret", PLAYTCHA.mintToken());
        assertEquals(200, login.statusCode(), login::body);
        assertTrue(login.body().contains("\"caller\":\"alice\""), login::body);
    }

    /** The envelope's code under {@code always} says why the token was refused, not only that one is needed (spring-security.md). */
    @Test
    void jsonLoginWithARefusedToken_getsThatTokensCode_andTheWidgetAgain() throws Exception {
        String replayed = PLAYTCHA.mintToken();
        assertEquals(200, browser.login("/api/login", "alice", "secret", replayed).statusCode());
        Map<String, String> tokens = Map.of("already_redeemed", replayed, "token_expired", PLAYTCHA.mintExpiredToken(),
                "token_invalid", PLAYTCHA.mintToken() + "x");
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            HttpResponse<String> refused = browser.login("/api/login", "alice", "secret", token.getValue());
            assertEquals(403, refused.statusCode(), refused::body);
            assertTrue(refused.body().contains("\"code\":\"" + token.getKey() + "\""), refused::body);
            assertTrue(refused.body().contains("\"login_needs_token\":true"), refused::body);
        }
        assertEquals(1, LoginTestApplication.LOOKUPS.get(), "no refused token reached the user store");
    }

    @Test
    void aLoginOnAThreadBoundToTheRequestAlone_isGuardedAllTheSame() throws Exception {
        HttpResponse<String> refused = browser.post("/api/login-request-only", "application/json",
                "{\"username\":\"alice\",\"password\":\"secret\"}", "application/json", null);
        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertEquals(0, LoginTestApplication.LOOKUPS.get(), "no response to write headers on is no reason to let a check through");

        HttpResponse<String> login = browser.post("/api/login-request-only", "application/json",
                "{\"username\":\"alice\",\"password\":\"secret\"}", "application/json", PLAYTCHA.mintToken());
        assertEquals(200, login.statusCode(), login::body);
        assertEquals(1, LoginTestApplication.LOOKUPS.get());
    }

    @Test
    void httpBasicOnTheSameChain_needsATokenToo() throws Exception {
        HttpResponse<String> refused = browser.basic("/whoami", "alice", "secret", null);

        assertEquals(401, refused.statusCode(), refused::body);
        assertEquals(0, LoginTestApplication.LOOKUPS.get());
        assertEquals("caller=alice", browser.basic("/whoami", "alice", "secret", PLAYTCHA.mintToken()).body());
    }

    @Test
    void everySpellingAndMethodThatReachesTheLogin_checksNoPasswordWithoutAToken() throws Exception {
        for (String path : new String[] {"/login", "/login;jsessionid=1", "/login?x=1", "/login/", "/LOGIN", "/x/%2e%2e/login", "/%6Cogin"}) {
            HttpResponse<String> post = new Browser(port).formLogin(path, "alice", "secret", null);
            assertTrue(post.statusCode() >= 300 && post.statusCode() < 500, path + ": " + post);
        }
        for (String type : new String[] {"text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded;charset=x-unknown"}) {
            HttpResponse<String> post = browser.post("/login?username=alice&password=secret", type, "", "text/html", null);
            assertTrue(post.statusCode() >= 300 && post.statusCode() < 500, type + ": " + post);
        }
        assertEquals(0, LoginTestApplication.LOOKUPS.get(), "no spelling reached the user store without a token");
    }

    private String whoamiStatus() throws Exception {
        HttpResponse<String> whoami = browser.page("/whoami");
        return whoami.statusCode() == 200 ? whoami.body() : "caller=null";
    }
}
