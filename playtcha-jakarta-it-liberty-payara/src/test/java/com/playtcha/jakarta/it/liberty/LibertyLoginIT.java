package com.playtcha.jakarta.it.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.FormLoginBypassMatrix;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
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
 * <p>Two WARs, both with the breaker off so that an outage is seen on every verify: {@code login}
 * fails open (and reports its ledger's reconciliations at {@code /reconciled}; no client budget, for
 * the {@link FormLoginBypassMatrix}), {@code loginclosed} fails closed.
 *
 * <p>The registry's answers are counted from the server's {@code messages.log}: every password it
 * refuses is logged as {@code CWWKS1100A} with the user ID. A test that must show a post never
 * reached the registry makes it with a fresh user ID and then sends a marker, the same user with a
 * wrong password and a valid token, which the registry refuses: exactly one such line for that user
 * means the earlier post was never checked.
 */
@ExtendWith(ArquillianExtension.class)
class LibertyLoginIT {

    private static final String REGISTRY_REFUSED = "CWWKS1100A";
    private static final String TOKEN_SPENT_HEADER = "Playtcha-Token-Spent";
    private static final String RECONCILED_SERVLET = "com.playtcha.jakarta.it.app.ReconciledServlet";
    private static final String LISTENER = "com.playtcha.jakarta.it.app.QueueingListener";
    private static final AtomicLong USERS = new AtomicLong(System.nanoTime());

    @ArquillianResource
    @OperateOnDeployment("login")
    URL login;

    @ArquillianResource
    @OperateOnDeployment("loginclosed")
    URL loginClosed;

    private final PlaytchaSimulator sim = Playtcha.simulator();
    /**
     * The browser of one test: keeps its cookies, follows no redirect, speaks HTTP/1.1. Over HTTP/2
     * (the JDK client upgrades a cleartext connection with h2c) Open Liberty 26.0.0.3 answers a
     * refused login's form-error page with 200 when the login post is the request that upgrades the
     * connection, although the page is reached with the refusal's status set (it reads 403); the same
     * post sent again on that HTTP/2 connection gets 403.
     */
    private HttpClient browser;

    @Deployment(name = "login", testable = false)
    public static WebArchive failOpen() {
        WebArchive war = war("login", Map.of("client-budget.enabled", "false"),
                Wars.servlet("reconciled", RECONCILED_SERVLET, "/reconciled"))
                .addAsWebInfResource(new StringAsset(LISTENER + "\n"),
                        "classes/META-INF/services/com.playtcha.jakarta.core.PlaytchaListener");
        return Wars.withClassesByName(war, RECONCILED_SERVLET, LISTENER);
    }

    @Deployment(name = "loginclosed", testable = false)
    public static WebArchive failClosed() {
        return war("loginclosed", Map.of("fail-closed", "true"), "");
    }

    /** A WAR with the FORM login, its filter configured by {@code settings} on top of the simulator's. */
    private static WebArchive war(String name, Map<String, String> settings, String moreWebXml) {
        Map<String, String> filter = new HashMap<>(Map.of("api-url", Playtcha.simulator().url().toString(),
                "secret", Playtcha.simulator().secret(), "breaker.enabled", "false"));
        filter.putAll(settings);
        return Wars.withLibrary(name).addClass(WhoAmI.class)
                .addClass("com.playtcha.jakarta.it.app.security.LoginEcho")
                .addAsWebResource(new StringAsset("""
                        <!DOCTYPE html><form method="post" action="j_security_check">
                        <input name="j_username"><input name="j_password" type="password"></form>
                        """), "login.html")
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("playtcha", "/j_security_check", filter) + moreWebXml
                        + Wars.formLogin("**", "/login.html"))));
    }

    @BeforeEach
    void freshBrowser() {
        sim.reset();
        newBrowser();
    }

    @AfterEach
    void heal() {
        sim.clearFaults();
    }

    /** A second visitor, with no cookies of the first. */
    private void newBrowser() {
        browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The matrix posts alice's right password, so a password check shows as a login; the registry's
     * refusals of alice (none expected) are its count of checks.
     */
    @Test
    void everyWayIntoTheLogin_needsAValidToken() throws Exception {
        FormLoginBypassMatrix.run(new FormLoginBypassMatrix.Target(login, "alice", "secret", "secure/whoami",
                "caller=alice\n", false, () -> registryRefusals("alice"), true), sim);
    }

    @Test
    void loginWithoutToken_isRefused_andTheRegistryIsNeverAsked() throws Exception {
        String user = freshUser();

        HttpResponse<String> refused = login(login, user, "wrong", null, Http.HTML);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(1, registryRefusalsAfterAMarker(login, user), "the registry was asked for the post without a token");
    }

    @Test
    void loginWithoutToken_isAnsweredOnTheFormErrorPage_withTheRefusalsStatus() throws Exception {
        page(login, "/secure/whoami");

        HttpResponse<String> refused = login(login, "alice", "secret", null, Http.HTML);

        assertEquals(403, refused.statusCode(), () -> refused.headers().map() + "\n" + refused.body());
        assertEquals("false", spent(refused), refused::toString);
        Map<String, String> page = echo(refused.body());
        assertEquals("missing_token", page.get("com.playtcha.error-code"), refused::body);
        assertEquals("false", page.get("com.playtcha.token-spent"), refused::body);
    }

    @Test
    void junkToken_isRefused_theRegistryNeverAsked_theTokenIsSpent_andNoSessionIsMade() throws Exception {
        String user = freshUser();
        page(login, "/secure/whoami");

        HttpResponse<String> refused = login(login, user, "wrong", "junk", Http.HTML);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("true", spent(refused), refused::toString);
        assertEquals("token_invalid", echo(refused.body()).get("com.playtcha.error-code"), refused::body);
        assertTrue(refused.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("LtpaToken2=")),
                () -> refused.headers().toString());
        assertEquals("", caller(page(login, "/secure/whoami")), "logged in without a token");
        assertEquals(1, registryRefusalsAfterAMarker(login, user), "the registry was asked for the post with junk");
    }

    @Test
    void jsonClientWithoutToken_getsTheEnvelope() throws Exception {
        HttpResponse<String> refused = login(login, "alice", "secret", null, Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertEquals("false", spent(refused), refused::toString);
        assertEquals(0, sim.callCount());
    }

    @Test
    void validToken_logsIn_andSaysTheTokenIsSpent() throws Exception {
        page(login, "/secure/whoami");
        String token = sim.mintToken();

        HttpResponse<String> loggedIn = login(login, "alice", "secret", token, Http.HTML);
        HttpResponse<String> whoami = page(login, "/secure/whoami");

        assertEquals(302, loggedIn.statusCode(), loggedIn::body);
        assertEquals("true", spent(loggedIn), loggedIn::toString);
        assertEquals(200, whoami.statusCode(), whoami::body);
        assertEquals("alice", caller(whoami), whoami::body);
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void replayedToken_isRefused_withoutASecondLogin() throws Exception {
        page(login, "/secure/whoami");
        String token = sim.mintToken();
        login(login, "alice", "secret", token, Http.HTML);
        newBrowser();
        page(login, "/secure/whoami");

        HttpResponse<String> replay = login(login, "alice", "secret", token, Http.HTML);

        assertEquals(403, replay.statusCode(), replay::body);
        assertEquals("already_redeemed", echo(replay.body()).get("com.playtcha.error-code"), replay::body);
        assertEquals("true", spent(replay), replay::toString);
        assertEquals("", caller(page(login, "/secure/whoami")), "logged in with a used token");
        assertEquals(2, sim.callCount(token), "the second post went to Playtcha, which refused it");
    }

    /**
     * Liberty answers a wrong password with a redirect to the form-error page, so the page is a new
     * request that cannot read the post's attributes: the redirect itself says the token is spent.
     */
    @Test
    void wrongPassword_withAValidToken_asksTheRegistryOnce_andSaysTheTokenIsSpent() throws Exception {
        String user = freshUser();
        page(login, "/secure/whoami");
        String token = sim.mintToken();

        HttpResponse<String> failed = login(login, user, "wrong", token, Http.HTML);

        assertEquals(302, failed.statusCode(), () -> failed.headers().map() + "\n" + failed.body());
        assertTrue(failed.headers().firstValue("Location").orElse("").endsWith("/login/login-error"),
                failed.headers()::toString);
        assertEquals("true", spent(failed), failed::toString);
        assertTrue(awaitRegistryRefusals(user, 1), "the registry never refused " + user);
        assertEquals(1, registryRefusals(user), "the registry was asked more than once");
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void failClosedOutage_answers503_onTheFormErrorPage_withoutAskingTheRegistry() throws Exception {
        String user = freshUser();
        sim.inject(Fault.serverError(503, "maintenance"));

        HttpResponse<String> refused = login(loginClosed, user, "wrong", sim.mintToken(), Http.HTML);

        assertEquals(503, refused.statusCode(), refused::body);
        Map<String, String> page = echo(refused.body());
        assertEquals("unavailable", page.get("com.playtcha.outcome"), refused::body);
        assertEquals("true", page.get("com.playtcha.token-spent"), refused::body);
        assertEquals("true", spent(refused), refused::toString);
        sim.clearFaults();
        assertEquals(1, registryRefusalsAfterAMarker(loginClosed, user), "the registry was asked during the outage");
    }

    @Test
    void failClosedOutage_answersAJsonClient503_withTheEnvelope() throws Exception {
        sim.inject(Fault.serverError(503, "maintenance"));

        HttpResponse<String> refused = login(loginClosed, "alice", "secret", sim.mintToken(), Http.JSON);

        assertEquals(503, refused.statusCode(), refused::body);
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                refused.headers()::toString);
        assertTrue(refused.body().contains("\"maintenance\""), refused::body);
        assertEquals("true", spent(refused), refused::toString);
        assertEquals("", caller(page(loginClosed, "/secure/whoami")), "logged in while failing closed");
    }

    @Test
    void failOpenOutage_logsIn_andIsReconciledWhenPlaytchaIsBack() throws Exception {
        page(login, "/secure/whoami");
        sim.inject(Fault.serverError(503, "maintenance"));
        String token = sim.mintToken();

        HttpResponse<String> loggedIn = login(login, "alice", "secret", token, Http.HTML);

        assertEquals(302, loggedIn.statusCode(), loggedIn::body);
        assertEquals("true", spent(loggedIn), loggedIn::toString);
        assertEquals("alice", caller(page(login, "/secure/whoami")), "the filter fails open by default");

        sim.clearFaults();
        Http.Reply reconciled = Http.get(login, "/reconciled?wait=20");
        assertEquals(200, reconciled.status(), () -> "no reconciliation within 20 s: " + reconciled);
        assertEquals("confirmed", reconciled.echo().get("outcome"), reconciled::toString);
        assertTrue(reconciled.echo().get("path").endsWith("/j_security_check"), reconciled::toString);
        assertTrue(sim.callCount(token) >= 2, "the ledger verified the token again: " + sim.calls());
        assertEquals(204, Http.get(login, "/reconciled?wait=2").status(), "one ledger entry, reported once");
    }

    /** A user ID no other test and no earlier run has posted: the registry knows nothing of it. */
    private static String freshUser() {
        return "mallory-" + USERS.incrementAndGet();
    }

    /**
     * Posts the marker, {@code user} with a wrong password and a valid token from a new browser, which
     * the registry refuses, and answers how many refusals of {@code user} the log then holds: 1 when
     * no earlier post of {@code user} reached the registry.
     */
    private long registryRefusalsAfterAMarker(URL app, String user) throws IOException, InterruptedException {
        newBrowser();
        HttpResponse<String> marker = login(app, user, "wrong", sim.mintToken(), Http.HTML);
        assertEquals(302, marker.statusCode(), () -> "the marker was refused: " + marker.body());
        assertTrue(awaitRegistryRefusals(user, 1), "the registry never refused the marker of " + user);
        return registryRefusals(user);
    }

    private HttpResponse<String> login(URL app, String user, String password, String token, String accept)
            throws IOException, InterruptedException {
        String form = "j_username=" + user + "&j_password=" + password;
        if (token != null) {
            form += "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        }
        return browser.send(HttpRequest.newBuilder(uri(app, "/j_security_check")).timeout(Duration.ofSeconds(30))
                .header("Accept", accept).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> page(URL app, String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri(app, path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(URL app, String path) {
        String root = app.toString().endsWith("/") ? app.toString() : app + "/";
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
            Thread.sleep(100); // polls the file for a line Liberty's log thread has yet to write
        }
        return true;
    }

    /** The caller {@link WhoAmI} names on a page, or "" when the page is no WhoAmI page (the login page). */
    private static String caller(HttpResponse<String> page) {
        return page.statusCode() == 200 ? echo(page.body()).getOrDefault("caller", "") : "";
    }

    private static String spent(HttpResponse<String> response) {
        return response.headers().firstValue(TOKEN_SPENT_HEADER).orElse(null);
    }

    private static Map<String, String> echo(String body) {
        return new Http.Reply(200, "", null, body).echo();
    }
}
