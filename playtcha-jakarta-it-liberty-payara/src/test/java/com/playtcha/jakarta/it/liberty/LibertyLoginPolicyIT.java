package com.playtcha.jakarta.it.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.app.security.WhoAmI;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code playtcha.login.require=after-failures} on Open Liberty's own FORM login, where the library's
 * filter hook reads the login's outcome after it ran (a redirect to the form-error page is a failure,
 * one elsewhere a success): three wrong passwords go to the registry without a token, the fourth
 * attempt without one is refused {@code token_required}, and a token with the right password logs in
 * and clears nothing (issue 49: a cleared count would tell whose owner logged in since).
 */
@ExtendWith(ArquillianExtension.class)
class LibertyLoginPolicyIT {

    private static final AtomicLong USERS = new AtomicLong(System.nanoTime());

    @ArquillianResource
    URL app;

    private final PlaytchaSimulator sim = Playtcha.simulator();
    private HttpClient browser;

    @Deployment(testable = false)
    public static WebArchive war() {
        Map<String, String> filter = Map.of("api-url", Playtcha.simulator().url().toString(),
                "secret", Playtcha.simulator().secret(), "breaker.enabled", "false", "client-budget.enabled", "false",
                "login.require", "after-failures", "login.client-failures", "100");
        return Wars.withLibrary("loginpolicy").addClass(WhoAmI.class)
                .addClass("com.playtcha.jakarta.it.app.security.LoginEcho")
                .addAsWebResource(new StringAsset("<!DOCTYPE html><form method=\"post\" action=\"j_security_check\"></form>"),
                        "login.html")
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("playtcha", "/j_security_check", filter)
                        + Wars.formLogin("**", "/login.html"))));
    }

    @BeforeEach
    void freshBrowser() {
        sim.reset();
        browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void threeWrongPasswords_thenTokenRequired_thenATokenLogsIn_andTheCountStays() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = login("alice", "wrong", null, Http.HTML);
            assertEquals(302, failed.statusCode(), failed::body);
            assertTrue(failed.headers().firstValue("Location").orElse("").endsWith("/login-error"), failed.headers()::toString);
            assertEquals("false", failed.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), "attempt " + i);
        }

        HttpResponse<String> refused = login("alice", "secret", null, Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"token_required\""), refused::body);
        assertTrue(refused.body().contains("\"login_needs_token\":true"), refused::body);
        assertEquals(0, sim.callCount());

        page("/secure/whoami");
        HttpResponse<String> loggedIn = login("alice", "secret", sim.mintToken(), Http.HTML);
        assertEquals(302, loggedIn.statusCode(), loggedIn::body);
        assertFalse(loggedIn.headers().firstValue("Location").orElse("").endsWith("/login-error"), loggedIn.headers()::toString);

        freshBrowser();
        HttpResponse<String> afterSuccess = login("alice", "wrong", null, Http.JSON);
        assertEquals(403, afterSuccess.statusCode(), () -> "a success clears nothing: " + afterSuccess.body());
        assertTrue(afterSuccess.body().contains("\"code\":\"token_required\""), afterSuccess::body);
    }

    @Test
    void anUnknownAccount_isCountedAsAKnownOne() throws Exception {
        String user = "mallory-" + USERS.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            assertEquals(302, login(user, "wrong", null, Http.HTML).statusCode());
        }

        HttpResponse<String> refused = login(user, "wrong", null, Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"token_required\""), refused::body);
    }

    /**
     * A browser logged into alice's account (its LTPA cookie sent with every post) guesses at another:
     * each guess answered by the form-error page is a failure of that account, not a success of alice's
     * session, so the fourth guess needs a token. This Open Liberty does not show the hook alice's login
     * on a post to j_security_check (the case passes with the hook's older outcome reading too): it keeps
     * the outcome right here; FilterLoginHookReviewTest proves the hook's reading where a principal is seen.
     */
    @Test
    void guessesFromABrowserLoggedIntoAnotherAccount_areCountedAgainstTheAccountGuessed() throws Exception {
        page("/secure/whoami");
        HttpResponse<String> own = login("alice", "secret", sim.mintToken(), Http.HTML);
        assertEquals(302, own.statusCode(), own::body);
        assertFalse(own.headers().firstValue("Location").orElse("").endsWith("/login-error"), own.headers()::toString);
        String victim = "victim-" + USERS.incrementAndGet();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = login(victim, "guess-" + i, null, Http.HTML);
            assertEquals(302, failed.statusCode(), failed::body);
            assertTrue(failed.headers().firstValue("Location").orElse("").endsWith("/login-error"), failed.headers()::toString);
        }

        HttpResponse<String> refused = login(victim, "guess-4", null, Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"token_required\""), refused::body);
    }

    private HttpResponse<String> login(String user, String password, String token, String accept)
            throws IOException, InterruptedException {
        String form = "j_username=" + user + "&j_password=" + password;
        if (token != null) {
            form += "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        }
        return browser.send(HttpRequest.newBuilder(uri("/j_security_check")).timeout(Duration.ofSeconds(30))
                .header("Accept", accept).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> page(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        String root = app.toString().endsWith("/") ? app.toString() : app + "/";
        return URI.create(root + path.substring(1));
    }
}
