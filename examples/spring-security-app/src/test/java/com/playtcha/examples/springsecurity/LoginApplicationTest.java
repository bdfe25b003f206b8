package com.playtcha.examples.springsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example as a browser and a script use it, against the simulator: three wrong passwords of alice,
 * then her login page shows the widget once a login was refused for want of a token, and only a login
 * with a token gets in; the JSON login answers a refusal with the envelope, and logs in as the form does: a new
 * session id, CSRF on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.timeout=10s") // a loaded machine's first verify may take seconds; this test is not about speed
@DirtiesContext // the application ends with its simulator (a free port, taken when it binds)
class LoginApplicationTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @DynamicPropertySource
    static void playtcha(DynamicPropertyRegistry properties) {
        properties.add("playtcha.api-url", () -> PLAYTCHA.simulator().url().toString());
        properties.add("playtcha.secret", () -> PLAYTCHA.simulator().secret());
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Value("${local.server.port}")
    int port;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The login form posted as a browser posts it: the CSRF field of the page, and the widget's token if any. */
    private HttpResponse<String> logIn(String password, String token) throws Exception {
        Matcher csrf = CSRF.matcher(get("/login").body());
        assertTrue(csrf.find(), "the page has its CSRF field");
        String form = "username=alice&password=" + password + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + (token == null ? "" : "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void afterThreeWrongPasswords_thePageShowsTheWidget_andOnlyALoginWithATokenGetsIn(PlaytchaSimulator playtcha) throws Exception {
        assertFalse(get("/login").body().contains("id=\"widget\""), "no widget at first");
        for (int i = 0; i < 3; i++) {
            assertTrue(logIn("wrong", null).headers().firstValue("Location").orElseThrow().endsWith("/login?error"));
        }

        HttpResponse<String> refused = logIn("secret", null);
        HttpResponse<String> page = get("/login?error");

        assertEquals("true", refused.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null));
        assertTrue(page.body().contains("id=\"widget\""), page::body);
        HttpResponse<String> login = logIn("secret", playtcha.mintToken());
        assertTrue(login.headers().firstValue("Location").orElseThrow().endsWith("/"), login::toString);
        assertTrue(get("/").body().contains(">alice<"));

        HttpResponse<String> json = jsonLogin(HttpClient.newBuilder().cookieHandler(new CookieManager()).build(), "alice", "secret", true);
        assertEquals(403, json.statusCode(), json::body);
        assertTrue(json.body().contains("\"code\":\"token_required\""), json::body);
    }

    /**
     * The JSON login posted as a script posts it: the session's CSRF token (read from {@code /api/csrf}) in the header
     * it names when {@code csrf}, no Playtcha token.
     */
    private HttpResponse<String> jsonLogin(HttpClient script, String user, String password, boolean csrf) throws Exception {
        HttpRequest.Builder login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"));
        if (csrf) {
            String token = script.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/csrf")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher value = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(token);
            Matcher header = Pattern.compile("\"headerName\":\"([^\"]+)\"").matcher(token);
            assertTrue(value.find() && header.find(), token);
            login.header(header.group(1), value.group(1));
        }
        return script.send(login.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Issue 70, item 10: the JSON login gives the logged-in session a new id (a session planted before the login is not
     * the one logged in) and keeps CSRF on (a login CSRF would log a victim's browser into another account). Failed on
     * 1cde289e: a post without its CSRF token logged in, into the session as it was.
     */
    @Test
    void theJsonLogin_changesTheSessionId_andNeedsItsCsrfToken() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient script = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        script.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String planted = session(cookies);
        assertNotNull(planted, "the login page gave the session a cookie");

        HttpResponse<String> withoutCsrf = jsonLogin(script, "bob", "secret", false);
        assertEquals(403, withoutCsrf.statusCode(), withoutCsrf::body);
        assertEquals(planted, session(cookies));

        HttpResponse<String> login = jsonLogin(script, "bob", "secret", true);
        assertEquals(200, login.statusCode(), login::body);
        assertNotEquals(planted, session(cookies), "a new session id");
        HttpResponse<String> home = script.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(home.body().contains(">bob<"), home::body);

        CookieManager old = new CookieManager();
        old.getCookieStore().add(URI.create("http://127.0.0.1:" + port), new HttpCookie("JSESSIONID", planted));
        HttpResponse<String> plantedSession = HttpClient.newBuilder().cookieHandler(old).followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(200, plantedSession.statusCode(), "the planted session is not logged in: " + plantedSession.body());
    }

    private static String session(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /**
     * Spring Security's CSRF filter runs before the guard: a login post without its CSRF field is answered 403 by Spring
     * Security, before any captcha decision: no {@code Playtcha-Login-Needs-Token}, its token not sent to Playtcha (still
     * good for the next post), nothing counted.
     */
    @Test
    void aLoginWithoutItsCsrfField_is403BeforeTheGuard_andItsTokenIsNotSpent(PlaytchaSimulator playtcha) throws Exception {
        String token = playtcha.mintToken();
        HttpResponse<String> noCsrf = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "username=carol&password=secret&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(403, noCsrf.statusCode(), noCsrf::toString);
        assertTrue(noCsrf.headers().firstValue("Playtcha-Login-Needs-Token").isEmpty(), noCsrf::toString);
        assertEquals(0, playtcha.callCount(token), "the token was not verified");
    }
}
