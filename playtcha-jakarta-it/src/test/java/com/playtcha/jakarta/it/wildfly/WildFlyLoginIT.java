package com.playtcha.jakarta.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.FormLoginBypassMatrix;
import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.wildfly.login.Browser;
import com.playtcha.jakarta.it.wildfly.login.LoginWar;
import com.playtcha.jakarta.it.wildfly.login.RealmAudit;
import com.playtcha.jakarta.it.wildfly.login.SecuritySettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Container FORM login guarded in a real WildFly 39, as a user sets it up: a {@code PlaytchaFilter}
 * mapped onto {@code /j_security_check} in web.xml, nothing else. WildFly finds the library's Undertow
 * door in WEB-INF/lib, and the door hands every login post to the library's login guard before
 * Elytron's FORM mechanism asks the {@code ApplicationDomain} for the password (users from
 * src/test/wildfly-conf). {@link RealmAudit} counts those password checks in Elytron's audit log.
 *
 * <p>Two WARs: {@code login} fails open (and reports its ledger's reconciliations at
 * {@code /reconciled}; no client budget, for the {@link FormLoginBypassMatrix}), {@code loginclosed}
 * fails closed; both with the breaker off, so an outage
 * is seen on every verify.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(SecuritySettings.class)
class WildFlyLoginIT {

    private static final String RECONCILED_SERVLET = "com.playtcha.jakarta.it.app.ReconciledServlet";
    private static final String LISTENER = "com.playtcha.jakarta.it.app.QueueingListener";

    @ArquillianResource
    @OperateOnDeployment("login")
    URL login;

    @ArquillianResource
    @OperateOnDeployment("loginclosed")
    URL loginClosed;

    @Deployment(name = "login", testable = false)
    static WebArchive failOpen() {
        WebArchive war = LoginWar.of("login", playtchaFilter(Map.of("client-budget.enabled", "false"))
                + Wars.servlet("reconciled", RECONCILED_SERVLET, "/reconciled"))
                .addAsWebInfResource(new StringAsset(LISTENER + "\n"),
                        "classes/META-INF/services/com.playtcha.jakarta.core.PlaytchaListener");
        return Wars.withClassesByName(war, RECONCILED_SERVLET, LISTENER);
    }

    @Deployment(name = "loginclosed", testable = false)
    static WebArchive failClosed() {
        return LoginWar.of("loginclosed", playtchaFilter(Map.of("fail-closed", "true")));
    }

    private static String playtchaFilter(Map<String, String> more) {
        PlaytchaSimulator sim = Playtcha.simulator();
        Map<String, String> settings = new java.util.HashMap<>(Map.of("api-url", sim.url().toString(),
                "secret", sim.secret(), "breaker.enabled", "false"));
        settings.putAll(more);
        return Wars.filter("playtcha-login", "/j_security_check", settings);
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @AfterEach
    void heal() {
        Playtcha.simulator().clearFaults();
    }

    @Test
    void everyWayIntoTheLogin_needsAValidToken() throws Exception {
        FormLoginBypassMatrix.run(new FormLoginBypassMatrix.Target(login, "alice", "secret", "secure/whoami",
                "user=alice", false, RealmAudit::passwordChecks, true), Playtcha.simulator());
    }

    @Test
    void loginWithoutToken_isRefused_andTheRealmIsNeverAsked() throws Exception {
        long before = RealmAudit.passwordChecks();
        HttpResponse<String> refused = new Browser(login).post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret");

        assertEquals(403, refused.statusCode(), refused::body);
        Map<String, String> page = lines(refused);
        assertEquals("login-error", page.get("page"), refused::body);
        assertEquals("missing_token", page.get("com.playtcha.error-code"), refused::body);
        assertEquals("false", page.get("com.playtcha.token-spent"), refused::body);
        assertEquals("false", page.get("session"), refused::body);
        assertEquals("undertow", page.get("hook"), refused::body);
        assertEquals("false", spent(refused));
        assertEquals(List.of(), refused.headers().allValues("Set-Cookie"), "no session");
        assertEquals(before, RealmAudit.passwordChecks(), RealmAudit::log);
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    void loginWithoutToken_fromAScript_getsTheJsonEnvelope_andTheServerLogsNoError() throws Exception {
        long before = RealmAudit.passwordChecks();
        int logged = RealmAudit.serverLog(0).length();
        assertTrue(logged > 0, "the server logs to server.log");
        Browser browser = new Browser(login);
        HttpResponse<String> refused = browser.post("/j_security_check", Browser.JSON,
                "j_username", "alice", "j_password", "secret");
        // The next request on the same connection is read once the refused one has ended, whatever it logged.
        browser.get("/login.html");
        String log = RealmAudit.serverLog(logged);
        assertFalse(log.contains("UT005023") || log.contains("already commited"), log);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                refused.headers()::toString);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertEquals("false", spent(refused));
        assertEquals(before, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void junkToken_isRefused_realmNeverAsked_andTheTokenIsSpent() throws Exception {
        long before = RealmAudit.passwordChecks();
        HttpResponse<String> refused = new Browser(login).post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret", "playtcha-token", "junk");

        assertEquals(403, refused.statusCode(), refused::body);
        Map<String, String> page = lines(refused);
        assertEquals("login-error", page.get("page"), refused::body);
        assertTrue(page.containsKey("com.playtcha.error-code"), refused::body);
        assertEquals("true", page.get("com.playtcha.token-spent"), refused::body);
        assertEquals("true", spent(refused));
        assertEquals(before, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void validToken_logsIn_andItsReplayIsRefused() throws Exception {
        String token = Playtcha.simulator().mintToken();
        Browser browser = new Browser(login);
        assertEquals("page=login\n", browser.get("/secure/whoami").body());
        long before = RealmAudit.passwordChecks();

        HttpResponse<String> loggedIn = browser.post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret", "playtcha-token", token);

        assertEquals(302, loggedIn.statusCode(), loggedIn::body);
        assertTrue(loggedIn.headers().firstValue("Location").orElse("").endsWith("/login/secure/whoami"),
                loggedIn.headers()::toString);
        assertEquals("true", spent(loggedIn));
        assertEquals("user=alice\n", browser.get("/secure/whoami").body());
        assertEquals(before + 1, RealmAudit.passwordChecks(), RealmAudit::log);
        assertEquals(1, Playtcha.simulator().callCount(token));

        HttpResponse<String> replay = new Browser(login).post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret", "playtcha-token", token);
        assertEquals(403, replay.statusCode(), replay::body);
        assertEquals("already_redeemed", lines(replay).get("com.playtcha.error-code"), replay::body);
        assertEquals("true", spent(replay));
        assertEquals(before + 1, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void wrongPassword_withAValidToken_asksTheRealmOnce_andTheErrorPageSaysTheTokenIsSpent() throws Exception {
        long before = RealmAudit.passwordChecks();
        HttpResponse<String> failed = new Browser(login).post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "wrong", "playtcha-token", Playtcha.simulator().mintToken());

        assertEquals(200, failed.statusCode(), failed::body);
        Map<String, String> page = lines(failed);
        assertEquals("login-error", page.get("page"), failed::body);
        assertEquals("verified", page.get("com.playtcha.outcome"), failed::body);
        assertEquals("true", page.get("com.playtcha.token-spent"), failed::body);
        assertEquals(before + 1, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void failClosedOutage_answers503_withoutAskingTheRealm() throws Exception {
        Playtcha.simulator().inject(Fault.serverError(503, "maintenance"));
        long before = RealmAudit.passwordChecks();
        HttpResponse<String> refused = new Browser(loginClosed).post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret", "playtcha-token", Playtcha.simulator().mintToken());

        assertEquals(503, refused.statusCode(), refused::body);
        Map<String, String> page = lines(refused);
        assertEquals("login-error", page.get("page"), refused::body);
        assertEquals("unavailable", page.get("com.playtcha.outcome"), refused::body);
        assertEquals(before, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void failOpenOutage_logsIn_andIsReconciledWhenPlaytchaIsBack() throws Exception {
        Playtcha.simulator().inject(Fault.serverError(503, "maintenance"));
        String token = Playtcha.simulator().mintToken();
        Browser browser = new Browser(login);
        browser.get("/secure/whoami");
        long before = RealmAudit.passwordChecks();

        HttpResponse<String> loggedIn = browser.post("/j_security_check", Browser.HTML,
                "j_username", "alice", "j_password", "secret", "playtcha-token", token);
        assertEquals(302, loggedIn.statusCode(), loggedIn::body);
        assertEquals("user=alice\n", browser.get("/secure/whoami").body());
        assertEquals(before + 1, RealmAudit.passwordChecks(), RealmAudit::log);

        Playtcha.simulator().clearFaults();
        Reply reconciled = Http.get(login, "/reconciled?wait=20");
        assertEquals(200, reconciled.status(), () -> "no reconciliation within 20 s: " + reconciled);
        assertEquals("confirmed", reconciled.echo().get("outcome"), reconciled::toString);
        assertTrue(reconciled.echo().get("path").endsWith("/j_security_check"), reconciled::toString);
        assertEquals(204, Http.get(login, "/reconciled?wait=2").status(), "one ledger entry, reported once");
    }

    /** Elytron takes each of these for a login post; none reaches the realm without a token. */
    @Test
    void everyPathElytronTakesForALoginPost_isGuarded() throws Exception {
        long before = RealmAudit.passwordChecks();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (String path : List.of("/deep/j_security_check", "/x%2Fj_security_check", "/j_security_check;jsessionid=x",
                "/j_security_%63heck")) {
            statuses.add(new Browser(login).post(path, Browser.HTML, "j_username", "alice", "j_password", "secret")
                    .statusCode());
        }

        assertEquals(List.of(403, 403, 403, 403), statuses);
        assertEquals(before, RealmAudit.passwordChecks(), RealmAudit::log);
    }

    @Test
    void otherRequests_areNotTheGuardsBusiness() throws Exception {
        Reply page = Http.post(login, "/signup", Http.HTML, null);

        assertEquals(200, page.status(), page::toString);
        assertFalse(page.body().contains("com.playtcha."), page::toString);
        assertEquals(0, Playtcha.simulator().callCount());
    }

    private static String spent(HttpResponse<String> response) {
        return response.headers().firstValue("Playtcha-Token-Spent").orElse(null);
    }

    /** The {@code key=value} lines of a page. */
    private static Map<String, String> lines(HttpResponse<String> response) {
        Map<String, String> seen = new java.util.LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return seen;
    }
}
