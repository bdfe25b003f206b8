package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.testing.Fault;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Reactive Spring Security under {@code playtcha.login.require=always}: ten tokenless guesses at one account reach the user
 * store no time, whichever way in, and the right password with a token then logs in, the token once; a token covers the
 * one credential it was sent with, however many a request checks and however at once; a junk or replayed token is
 * refused before the store and the page told the token is spent; a check subscribed apart from the request is refused;
 * password-free logins need no token; the page always shows the widget.
 */
@SpringBootTest(classes = LoginApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=always")
class AlwaysLoginTest extends OnSimulator {

    @Test
    void tenTokenlessGuesses_reachTheStoreNoTime_whicheverWayIn() throws Exception {
        for (int i = 0; i < 10; i++) {
            String password = i == 9 ? "secret" : "guess" + i;
            HttpResponse<String> form = client().formLogin("/login", "alice", password, null);
            assertTrue(Browser.header(form, "Location").endsWith("/login?error"), form::toString);
            assertEquals("true", Browser.header(form, "Playtcha-Login-Needs-Token"));
            assertEquals(401, client().basic("/whoami", "alice", password, null).statusCode());
            assertTrue(Browser.header(client().formLogin("/local/login", "alice", password, null), "Location").endsWith("?error"));
            assertEquals(401, client().basic("/local/whoami", "alice", password, null).statusCode());
            assertEquals(401, client().basic("/spec/whoami", "alice", password, null).statusCode());
            HttpResponse<String> json = client().login("/api/login", "alice", password, null);
            assertEquals(403, json.statusCode(), json::body);
            assertTrue(json.body().startsWith("{\"error\":{\"code\":\"missing_token\""), json::body);
        }
        assertEquals(0, Users.LOOKUPS.get(), "no guess reached the store");

        String token = playtcha().mintToken();
        assertEquals("caller=alice", client().login("/api/login", "alice", "secret", token).body(), "never a lockout");
        HttpResponse<String> replayed = client().login("/api/login", "alice", "secret", token);
        assertEquals(403, replayed.statusCode(), replayed::body);
        assertTrue(replayed.body().contains("\"code\":\"already_redeemed\""), replayed::body);
        assertEquals(1, Users.LOOKUPS.get(), "the login the token covered, not its replay");
    }

    /**
     * A {@code Content-Type} Spring cannot parse (the form then has no fields for Spring's converter, nor a token): a login
     * refused as any tokenless one, by the form login and HTTP Basic alike, never a 500.
     */
    @Test
    void aMalformedContentType_isATokenlessLogin_neverAServerError() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        for (String contentType : List.of("x", "application/x-www-form-urlencoded; a=\"b", "application/x-www-form-urlencoded;=")) {
            HttpResponse<String> form = client().send("/login", request -> request.header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=secret")));
            HttpResponse<String> overBasic = client().send("/whoami", request -> request.header("Content-Type", contentType)
                    .header("Authorization", basic).GET());

            assertEquals(302, form.statusCode(), contentType + ": " + form.body());
            assertTrue(Browser.header(form, "Location").endsWith("/login?error"), contentType);
            assertEquals(401, overBasic.statusCode(), contentType + ": " + overBasic.body());
        }
        assertEquals(0, Users.LOOKUPS.get(), "no tokenless login reached the store");
    }

    @Test
    void withAToken_eachWayIn_logsIn() throws Exception {
        Browser browser = client();
        assertEquals("/", Browser.header(browser.formLogin("/login", "bob", "secret", playtcha().mintToken()), "Location"));
        assertEquals("caller=bob", browser.get("/whoami").body());
        assertEquals("caller=bob", client().basic("/whoami", "bob", "secret", playtcha().mintToken()).body());
        assertEquals("caller=bob", client().basic("/local/whoami", "bob", "secret", playtcha().mintToken()).body());
        assertEquals("caller=bob", client().basic("/spec/whoami", "bob", "secret", playtcha().mintToken()).body());
        assertEquals("caller=bob", client().login("/api/login", "bob", "secret", playtcha().mintToken()).body());
        assertEquals(5, Users.LOOKUPS.get());
    }

    @Test
    void aJunkOrReplayedToken_isRefusedBeforeTheStore_andThePageToldItIsSpent() throws Exception {
        HttpResponse<String> junk = client().login("/api/login", "carol", "secret", "junk");
        String token = playtcha().mintToken();
        HttpResponse<String> wrong = client().login("/api/login", "carol", "wrong", token);
        HttpResponse<String> replayed = client().login("/api/login", "carol", "secret", token);

        assertEquals(403, junk.statusCode(), junk::body);
        assertEquals(401, wrong.statusCode(), wrong::body);
        assertEquals("true", Browser.header(wrong, "Playtcha-Token-Spent"), "reset the widget");
        assertEquals(403, replayed.statusCode(), replayed::body);
        assertTrue(replayed.body().contains("\"code\":\"already_redeemed\""), replayed::body);
        assertEquals(1, Users.LOOKUPS.get(), "only the check the token covered");
    }

    @Test
    void oneToken_coversOneCredential_notTheOtherPasswordsOfABatch() throws Exception {
        String passwords = IntStream.range(0, 25).mapToObj(i -> "\"guess" + i + "\"").collect(Collectors.joining(","));
        HttpResponse<String> batch = client().json("/api/batch", "{\"username\":\"dave\",\"passwords\":[" + passwords + ",\"secret\"]}",
                playtcha().mintToken());

        assertEquals("accepted=0, refused=26", batch.body());
        assertEquals(1, Users.LOOKUPS.get(), "the first credential only reached the store");
    }

    /** The same batch, every check subscribed at once: decided one at a time, the token still covers one credential. */
    @Test
    void oneToken_coversOneCredential_whenABatchChecksAllAtOnce() throws Exception {
        String passwords = IntStream.range(0, 25).mapToObj(i -> "\"guess" + i + "\"").collect(Collectors.joining(","));
        HttpResponse<String> batch = client().json("/api/batch", "{\"username\":\"erin\",\"parallel\":\"true\",\"passwords\":["
                + passwords + ",\"secret\"]}", playtcha().mintToken());

        assertEquals("accepted=0, refused=26", batch.body());
        assertEquals(1, Users.LOOKUPS.get());
    }

    @Test
    void aCheckSubscribedApartFromTheRequest_isRefused() throws Exception {
        HttpResponse<String> login = client().login("/api/outside", "frank", "secret", playtcha().mintToken());

        assertEquals(403, login.statusCode(), login::body);
        assertEquals(0, Users.LOOKUPS.get());
    }

    @Test
    void passwordFreeLogins_needNoToken() throws Exception {
        assertEquals("caller=grace", client().json("/api/pre-authenticated", "{\"username\":\"grace\"}", null).body());
        assertEquals("caller=grace", client().json("/api/api-key", "{\"username\":\"grace\"}", null).body());
    }

    /** Playtcha down and the account named: the login goes on, failing open, counted in advance (and given back when right). */
    @Test
    void playtchaDown_aLoginFailsOpen_onItsAccountsCount() throws Exception {
        playtcha().injectOnce(Fault.serverError(500, "db_error"));

        assertEquals("caller=heidi", client().login("/api/login", "heidi", "secret", playtcha().mintToken()).body());
        assertEquals(1, Users.LOOKUPS.get());
    }

    @Test
    void theLoginPage_alwaysShowsTheWidget() throws Exception {
        assertEquals("widget=true", client().get("/api/login-page").body());
    }
}
