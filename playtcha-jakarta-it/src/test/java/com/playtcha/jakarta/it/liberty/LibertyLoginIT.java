package com.playtcha.jakarta.it.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.app.security.WhoAmI;
import com.playtcha.jakarta.testing.Fault;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Open Liberty's own FORM login ({@code <login-config>} FORM, users from the server's
 * {@code basicRegistry}) guarded by a plain {@code PlaytchaFilter} mapped onto
 * {@code /j_security_check}. On Liberty the filters of that URL run before its login processor
 * (design/login-guard.md §4): a refused post never reaches the registry, and the filter answers it
 * as a wrong password is answered, on the {@code <form-error-page>} with the refusal's status and
 * attributes (or the JSON envelope), saying in {@code Playtcha-Token-Spent} whether the token is used up.
 *
 * <p>The registry's answers are counted from the server's {@code messages.log}: every password it
 * refuses is logged as {@code CWWKS1100A} with the user ID, so a refused login made with a wrong
 * password and a fresh user ID, followed by the same post with a valid token, must leave exactly one
 * such line.
 */
@ExtendWith(ArquillianExtension.class)
class LibertyLoginIT {

    private static final String REGISTRY_REFUSED = "CWWKS1100A";
    private static final String TOKEN_SPENT_HEADER = "Playtcha-Token-Spent";
    private static final AtomicLong USERS = new AtomicLong(System.nanoTime());

    @ArquillianResource
    URL url;

    private final PlaytchaSimulator sim = Playtcha.simulator();
    /**
     * The browser of one test: keeps its cookies, follows no redirect, speaks HTTP/1.1. Over HTTP/2
     * (the JDK client upgrades a cleartext connection with h2c) Open Liberty 26.0.0.3 answers a
     * refused login's form-error page with 200, although the page is reached with the refusal's
     * status set (it reads 403): the status is lost after the forward, on that protocol only.
     */
    private HttpClient browser;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Wars.withLibrary("login").addClass(WhoAmI.class)
                .addClass("com.playtcha.jakarta.it.app.security.LoginEcho")
                .addAsWebResource(new StringAsset("""
                        <!DOCTYPE html><form method="post" action="j_security_check">
                        <input name="j_username"><input name="j_password" type="password"></form>
                        """), "login.html")
                .addAsResource(new StringAsset("playtcha.api-url=" + Playtcha.simulator().url() + "\n"),
                        "META-INF/microprofile-config.properties")
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("playtcha", "/j_security_check", Map.of()) + """
                          <security-constraint>
                            <web-resource-collection><web-resource-name>secure</web-resource-name>
                              <url-pattern>/secure/*</url-pattern></web-resource-collection>
                            <auth-constraint><role-name>**</role-name></auth-constraint>
                          </security-constraint>
                          <login-config>
                            <auth-method>FORM</auth-method>
                            <form-login-config>
                              <form-login-page>/login.html</form-login-page>
                              <form-error-page>/login-error</form-error-page>
                            </form-login-config>
                          </login-config>
                        """)));
    }

    @BeforeEach
    void freshBrowser() {
        sim.reset();
        newBrowser();
    }

    /** A second visitor, with no cookies of the first. */
    private void newBrowser() {
        browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void loginWithoutToken_isRefused_andTheRegistryIsNeverAsked() throws Exception {
        String user = "mallory-" + USERS.incrementAndGet();
        long before = registryRefusals(user);

        HttpResponse<String> refused = login(user, "wrong", null, Http.HTML);
        HttpResponse<String> asked = login(user, "wrong", sim.mintToken(), Http.HTML);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(asked.statusCode() != 403, asked::body);
        assertTrue(awaitRegistryRefusals(user, before + 1), "the registry never refused " + user);
        assertEquals(before + 1, registryRefusals(user), "the registry was asked for the post without a token");
    }

    @Test
    void loginWithoutToken_isAnsweredOnTheFormErrorPage_withTheRefusalsStatus() throws Exception {
        page("/secure/whoami");

        HttpResponse<String> refused = login("alice", "secret", null, Http.HTML);

        assertEquals(403, refused.statusCode(), () -> refused.headers().map() + "\n" + refused.body());
        assertEquals("false", refused.headers().firstValue(TOKEN_SPENT_HEADER).orElse(null), refused::toString);
        Map<String, String> page = echo(refused.body());
        assertEquals("missing_token", page.get("com.playtcha.error-code"), refused::body);
        assertEquals("false", page.get("com.playtcha.token-spent"), refused::body);
    }

    @Test
    void junkToken_isRefused_theTokenIsSpent_andNoSessionIsMade() throws Exception {
        page("/secure/whoami");

        HttpResponse<String> refused = login("alice", "secret", "junk", Http.HTML);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("true", refused.headers().firstValue(TOKEN_SPENT_HEADER).orElse(null), refused::toString);
        assertEquals("token_invalid", echo(refused.body()).get("com.playtcha.error-code"), refused::body);
        assertTrue(refused.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("LtpaToken2=")),
                () -> refused.headers().toString());
        assertEquals("", caller(page("/secure/whoami")), "logged in without a token");
    }

    @Test
    void jsonClientWithoutToken_getsTheEnvelope() throws Exception {
        HttpResponse<String> refused = login("alice", "secret", null, Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertEquals("false", refused.headers().firstValue(TOKEN_SPENT_HEADER).orElse(null), refused::toString);
        assertEquals(0, sim.callCount());
    }

    @Test
    void validToken_logsIn_andSaysTheTokenIsSpent() throws Exception {
        page("/secure/whoami");
        String token = sim.mintToken();

        HttpResponse<String> login = login("alice", "secret", token, Http.HTML);
        HttpResponse<String> whoami = page("/secure/whoami");

        assertEquals(302, login.statusCode(), login::body);
        assertEquals("true", login.headers().firstValue(TOKEN_SPENT_HEADER).orElse(null), login::toString);
        assertEquals(200, whoami.statusCode(), whoami::body);
        assertEquals("alice", caller(whoami), whoami::body);
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void replayedToken_isRefused_withoutASecondLogin() throws Exception {
        page("/secure/whoami");
        String token = sim.mintToken();
        login("alice", "secret", token, Http.HTML);
        newBrowser();
        page("/secure/whoami");

        HttpResponse<String> replay = login("alice", "secret", token, Http.HTML);

        assertEquals(403, replay.statusCode(), replay::body);
        assertEquals("already_redeemed", echo(replay.body()).get("com.playtcha.error-code"), replay::body);
        assertEquals("", caller(page("/secure/whoami")), "logged in with a used token");
        assertEquals(2, sim.callCount(token), "the second post went to Playtcha, which refused it");
    }

    @Test
    void failOpenOutage_logsIn_withoutAVerdict() throws Exception {
        page("/secure/whoami");
        sim.inject(Fault.serverError(503, "unavailable"));
        try {
            HttpResponse<String> login = login("alice", "secret", sim.mintToken(), Http.HTML);

            assertEquals(302, login.statusCode(), login::body);
            assertEquals("true", login.headers().firstValue(TOKEN_SPENT_HEADER).orElse(null), login::toString);
        } finally {
            sim.clearFaults();
        }
        assertEquals("alice", caller(page("/secure/whoami")), "the filter fails open by default");
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
        String root = url.toString().endsWith("/") ? url.toString() : url + "/";
        return URI.create(root + path.substring(1));
    }

    /** The {@code CWWKS1100A} lines of {@code messages.log} that name {@code user}. */
    private static long registryRefusals(String user) throws IOException {
        Path log = Path.of(System.getProperty("it.container.logs"), "messages.log");
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(REGISTRY_REFUSED) && line.contains(user)).count();
        }
    }

    /** Liberty writes its log on its own thread: polls it until {@code count} lines name {@code user}, up to 30 s. */
    private static boolean awaitRegistryRefusals(String user, long count) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (registryRefusals(user) < count) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** The caller {@link WhoAmI} names on a page, or "" when the page is no WhoAmI page (the login page). */
    private static String caller(HttpResponse<String> page) {
        return page.statusCode() == 200 ? echo(page.body()).getOrDefault("caller", "") : "";
    }

    private static Map<String, String> echo(String body) {
        return new Http.Reply(200, "", null, body).echo();
    }
}
