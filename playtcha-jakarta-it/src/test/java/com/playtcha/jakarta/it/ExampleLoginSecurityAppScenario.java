package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import java.io.File;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example application {@code examples/login-security-app}, deployed exactly as its build packages
 * it: a login through its own Jakarta Security mechanism, guarded by {@code @PlaytchaLogin}. The
 * container provides the secret, Playtcha's address and alice's password at start
 * ({@code -Dexample.alice-password}), as a real deployment would through the environment. Each test
 * is a browser of its own (a cookie jar), so a login in one never shows in another.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ExampleLoginSecurityAppScenario {

    /** What the containers get as {@code -Dexample.alice-password} (arquillian.xml). */
    static final String PASSWORD = "it-alice-password";

    @ArquillianResource
    URL url;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        Playtcha.simulator();
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.example.login-security-war")));
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void validToken_rightPassword_logsIn_andTheAccountPageGreetsAlice() throws Exception {
        String token = Playtcha.simulator().mintToken();

        HttpResponse<String> login = login("alice", PASSWORD, token, Http.HTML);

        assertEquals(303, login.statusCode(), login::body);
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/account"), login.headers()::toString);
        assertEquals("true", login.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(1, Playtcha.simulator().callCount(token));
        HttpResponse<String> account = get("/account");
        assertEquals(200, account.statusCode(), account::body);
        assertTrue(account.body().contains("Logged in as alice"), account::body);
    }

    @Test
    void loginWithoutToken_isRefused403_andNobodyIsLoggedIn() throws Exception {
        HttpResponse<String> login = login("alice", PASSWORD, null, Http.HTML);

        assertEquals(403, login.statusCode(), login::body);
        assertEquals("false", login.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertNotLoggedIn();
    }

    @Test
    void junkToken_isRefused_andSaidToBeSpent() throws Exception {
        HttpResponse<String> login = login("alice", PASSWORD, "ptk_default_junk", Http.HTML);

        assertEquals(403, login.statusCode(), login::body);
        assertEquals("true", login.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertNotLoggedIn();
    }

    @Test
    void replayedToken_isRefused() throws Exception {
        String token = Playtcha.simulator().mintToken();
        assertEquals(303, login("alice", PASSWORD, token, Http.HTML).statusCode());

        HttpResponse<String> replay = new ExampleBrowser().login("alice", PASSWORD, token);

        assertEquals(403, replay.statusCode(), replay::body);
    }

    @Test
    void validToken_wrongPassword_showsTheFormAgain_withTheTokenSpent() throws Exception {
        HttpResponse<String> login = login("alice", "not-" + PASSWORD, Playtcha.simulator().mintToken(), Http.HTML);

        assertEquals(401, login.statusCode(), login::body);
        assertTrue(login.body().contains("Wrong user name or password."), login::body);
        assertTrue(login.body().contains("data-reset-widget=\"true\""), login::body);
        assertNotLoggedIn();
    }

    @Test
    void scriptWithoutToken_getsTheEnvelope_andTheSpentHeader() throws Exception {
        HttpResponse<String> login = login("alice", PASSWORD, null, Http.JSON);

        assertEquals(403, login.statusCode(), login::body);
        assertTrue(login.body().contains("\"code\":\"missing_token\""), login::body);
        assertEquals("false", login.headers().firstValue("Playtcha-Token-Spent").orElse(null));
    }

    @Test
    void playtchaDown_nobodyLogsIn_503() throws Exception {
        Playtcha.simulator().inject(Fault.serverError(500, "db_error"));

        HttpResponse<String> login = login("alice", PASSWORD, Playtcha.simulator().mintToken(), Http.HTML);

        assertEquals(503, login.statusCode(), login::body);
        assertNotLoggedIn();
    }

    /** The account page sends this browser to the form: no login happened. */
    private void assertNotLoggedIn() throws IOException, InterruptedException {
        HttpResponse<String> account = get("/account");
        assertEquals(302, account.statusCode(), () -> "the account page answered: " + account.body());
        assertTrue(account.headers().firstValue("Location").orElse("").endsWith("/login"), account.headers()::toString);
    }

    private HttpResponse<String> login(String user, String password, String token, String accept)
            throws IOException, InterruptedException {
        return login(browser, user, password, token, accept);
    }

    private HttpResponse<String> login(HttpClient client, String user, String password, String token, String accept)
            throws IOException, InterruptedException {
        String form = "username=" + encode(user) + "&password=" + encode(password)
                + (token == null ? "" : "&playtcha-token=" + encode(token));
        return client.send(HttpRequest.newBuilder(resolve("/login")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI resolve(String path) {
        return URI.create(url.toString().replaceAll("/$", "") + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A second browser, with cookies of its own. */
    private final class ExampleBrowser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> login(String user, String password, String token) throws IOException, InterruptedException {
            return ExampleLoginSecurityAppScenario.this.login(client, user, password, token, Http.HTML);
        }
    }
}
