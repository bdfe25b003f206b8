package com.playtcha.jakarta.it.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.FormLoginBypassMatrix;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
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
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A container FORM login guarded on the embedded Jetty 12 (ee10): WARs with a {@code <login-config>}
 * (login page {@code /login.html}, error page {@code /login-error}), a constraint on {@code /secure/*}
 * and a PlaytchaFilter mapped onto {@code /j_security_check}; each WAR's {@code WEB-INF/jetty-ee10-web.xml}
 * inserts {@code PlaytchaLoginHandler} (the playtcha-jakarta-jetty jar is on the server's class path, the
 * test class path here) and sets the counting {@link JettyLoginService} ({@link JettyLoginWars}). Four
 * WARs: {@code login} (fail open, the error page dispatched in place, no client budget: the
 * {@link FormLoginBypassMatrix} runs there), {@code login-closed} (fail closed,
 * Jetty's default redirect to the error page), {@code login-observe} (observe mode) and
 * {@code login-budget} (a client budget of one verify).
 */
@ExtendWith(ArquillianExtension.class)
// The fail-open login runs last: its ledger re-verifies the token about a second later, which must not
// land in another test's call count.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JettyLoginIT {

    private static final String ERROR_PAGE_CODE = "code=";

    @ArquillianResource
    @OperateOnDeployment("login")
    URL login;

    @ArquillianResource
    @OperateOnDeployment("login-closed")
    URL closed;

    @ArquillianResource
    @OperateOnDeployment("login-observe")
    URL observe;

    @ArquillianResource
    @OperateOnDeployment("login-budget")
    URL budget;

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Deployment(name = "login", testable = false)
    public static WebArchive login() {
        return JettyLoginWars.war("login", Map.of("client-budget.enabled", "false"), true, true);
    }

    @Deployment(name = "login-closed", testable = false)
    public static WebArchive closed() {
        return JettyLoginWars.war("login-closed", Map.of("fail-closed", "true"), false, true);
    }

    @Deployment(name = "login-observe", testable = false)
    public static WebArchive observe() {
        return JettyLoginWars.war("login-observe", Map.of("mode", "observe"), true, true);
    }

    @Deployment(name = "login-budget", testable = false)
    public static WebArchive budget() {
        return JettyLoginWars.war("login-budget", Map.of("client-budget.burst", "1", "client-budget.per-minute", "1"),
                true, true);
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void theDoorIsAnnounced_toTheApplication() throws Exception {
        assertEquals("hook=jetty", get(login, "/hook").body());
    }

    @Test
    void loginWithoutToken_isRefused_andTheLoginServiceIsNeverAsked() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(login, JettyLoginService.PASSWORD, null, "text/html");

        assertEquals(403, reply.statusCode(), reply::body);
        assertEquals("error-page status=403 outcome=rejected code=missing_token spent=false session=false", reply.body());
        assertEquals(before, JettyLoginService.calls());
        assertTrue(reply.headers().allValues("Set-Cookie").isEmpty(), () -> "no session: " + reply.headers());
        assertEquals("false", reply.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    void loginWithoutToken_fromAjax_getsTheEnvelope() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(login, JettyLoginService.PASSWORD, null, "application/json");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), reply::body);
        assertTrue(reply.body().contains("\"missing_token\""), reply::body);
        assertEquals("false", reply.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(before, JettyLoginService.calls());
    }

    @Test
    void junkToken_isRefused_theLoginServiceNeverAsked_andTheTokenIsSpent() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(login, JettyLoginService.PASSWORD, "ptk_default_forged", "text/html");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains(ERROR_PAGE_CODE + "token_invalid spent=true"), reply::body);
        assertEquals("true", reply.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(before, JettyLoginService.calls());
    }

    @Test
    void validToken_logsIn_andReturnsToTheSavedPage() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        assertTrue(get(login, "/secure/whoami").body().contains("login page"), "the constraint asks for a login first");
        int before = JettyLoginService.calls();
        String token = sim.mintToken();

        HttpResponse<String> reply = postLogin(login, JettyLoginService.PASSWORD, token, "text/html");

        assertEquals(303, reply.statusCode(), reply::body);
        assertEquals(resolve(login, "/secure/whoami").getPath(), location(reply));
        assertEquals(before + 1, JettyLoginService.calls());
        assertEquals(1, sim.callCount(token));
        assertEquals("user=" + JettyLoginService.USER, get(login, "/secure/whoami").body());
    }

    @Test
    void replayedToken_isRefused_andTheLoginServiceNeverAsked() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(login, JettyLoginService.PASSWORD,
                Playtcha.simulator().mintRedeemedToken(), "text/html");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains(ERROR_PAGE_CODE + "already_redeemed spent=true"), reply::body);
        assertEquals(before, JettyLoginService.calls());
    }

    @Test
    void wrongPassword_withValidToken_asksTheLoginServiceOnce_andTheErrorPageSaysTheTokenIsSpent() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(login, "wrong", Playtcha.simulator().mintToken(), "text/html");

        assertEquals(before + 1, JettyLoginService.calls());
        assertTrue(reply.body().startsWith("error-page"), reply::body);
        assertTrue(reply.body().contains("outcome=verified code=null spent=true"), reply::body);
    }

    @Test
    void failClosedOutage_answers503_withoutAskingTheLoginService() throws Exception {
        Playtcha.simulator().injectOnce(Fault.serverError(500, "db_error"));
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(closed, JettyLoginService.PASSWORD, Playtcha.simulator().mintToken(),
                "application/json");

        assertEquals(503, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("\"db_error\""), reply::body);
        assertEquals(before, JettyLoginService.calls());
    }

    @Test
    void failClosedOutage_inABrowser_isRedirectedToTheErrorPage_asJettyDoesAfterAFailedLogin() throws Exception {
        Playtcha.simulator().injectOnce(Fault.serverError(500, "db_error"));
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(closed, JettyLoginService.PASSWORD, Playtcha.simulator().mintToken(),
                "text/html");

        assertEquals(303, reply.statusCode(), reply::body);
        assertEquals(resolve(closed, "/login-error").getPath(), location(reply));
        assertEquals(before, JettyLoginService.calls());
    }

    @Test
    void observeMode_logsIn_withoutAToken() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = postLogin(observe, JettyLoginService.PASSWORD, null, "text/html");

        assertEquals(303, reply.statusCode(), reply::body);
        assertEquals(before + 1, JettyLoginService.calls());
        assertEquals("user=" + JettyLoginService.USER, get(observe, "/secure/whoami").body());
    }

    @Test
    void clientOverItsBudget_isRefused429_withRetryAfter_andTheTokenIsNotSpent() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        postLogin(budget, "wrong", sim.mintToken(), "text/html"); // the one verify this client may spend
        int before = JettyLoginService.calls();
        String token = sim.mintToken();

        HttpResponse<String> reply = postLogin(budget, JettyLoginService.PASSWORD, token, "text/html");

        assertEquals(429, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains(ERROR_PAGE_CODE + "client_rate_limited spent=false"), reply::body);
        assertTrue(Long.parseLong(reply.headers().firstValue("Retry-After").orElse("0")) >= 1, reply::body);
        assertEquals("false", reply.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(before, JettyLoginService.calls());
        assertEquals(0, sim.callCount(token));
    }

    @Test
    void aPathJettyLogsInAt_thatTheGuardDoesNotTakeForALogin_isRefused() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> reply = browser.send(HttpRequest.newBuilder(resolve(login, "/j_security_check/more"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=" + JettyLoginService.USER + "&j_password="
                        + JettyLoginService.PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, reply.statusCode(), reply::body);
        assertEquals(before, JettyLoginService.calls());
    }

    @Test
    void everyWayIntoTheLogin_needsAValidToken() throws Exception {
        FormLoginBypassMatrix.run(new FormLoginBypassMatrix.Target(login, JettyLoginService.USER,
                JettyLoginService.PASSWORD, "secure/whoami", "user=" + JettyLoginService.USER, false,
                JettyLoginService::calls, true), Playtcha.simulator());
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: see the class's @TestMethodOrder
    void failOpenOutage_logsIn_andTheLedgerVerifiesTheTokenLater() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        sim.injectOnce(Fault.serverError(500, "db_error"));
        int before = JettyLoginService.calls();
        String token = sim.mintToken();

        HttpResponse<String> reply = postLogin(login, JettyLoginService.PASSWORD, token, "text/html");

        assertEquals(303, reply.statusCode(), reply::body);
        assertEquals(before + 1, JettyLoginService.calls());
        assertTrue(sim.awaitCallCount(token, 2, Duration.ofSeconds(30)),
                "the fail-open ledger recorded the token and verified it once Playtcha was back");
    }

    private HttpResponse<String> postLogin(URL base, String password, String token, String accept) throws Exception {
        String form = "j_username=" + JettyLoginService.USER + "&j_password=" + password
                + (token == null ? "" : "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return browser.send(HttpRequest.newBuilder(resolve(base, "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URL base, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(resolve(base, path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The path a redirect points to, without Jetty's {@code ;jsessionid=} for a client it has not seen a cookie from. */
    private static String location(HttpResponse<String> reply) {
        String path = URI.create(reply.headers().firstValue("Location").orElse("")).getPath();
        int parameters = path.indexOf(';');
        return parameters < 0 ? path : path.substring(0, parameters);
    }

    private static URI resolve(URL base, String path) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return URI.create(root + path);
    }
}
