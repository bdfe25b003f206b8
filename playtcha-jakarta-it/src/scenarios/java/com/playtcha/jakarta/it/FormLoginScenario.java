package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container's own FORM login ({@code j_security_check}) guarded by a PlaytchaFilter mapped onto
 * the login post, on a runtime whose login hook hands that post to the library before the password
 * check (Tomcat's and Payara's valve). What a user of the library writes: a FORM login with
 * {@code /login}, form-error page {@code /login-error} and {@code /secure/*} for role "user"
 * ({@link #formLoginWebXml}), and the filter.
 *
 * <p>A runtime's test extends this class and gives what is its own: two deployments, {@code open}
 * (failing open, the default) at {@code /guarded-login} and {@code closed} (failing closed), the
 * realm's user and password, how it counts the realm's password checks, and which redirect follows a
 * login. The {@code open} WAR's filter keeps no client budget ({@code client-budget.enabled=false}):
 * {@link FormLoginBypassMatrix} spends more verifies from one address than the default allows. The
 * fail-open test runs last: the ledger re-verifies its token later, and that call must not land in
 * another test's count or take its injected fault.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class FormLoginScenario {

    @ArquillianResource
    @OperateOnDeployment("open")
    URL open;

    @ArquillianResource
    @OperateOnDeployment("closed")
    URL closed;

    /** The user the realm knows. */
    protected abstract String user();

    /** That user's password. */
    protected abstract String password();

    /** How many times the realm has checked {@link #user()}'s password so far, seen from {@code browser}'s application. */
    protected abstract int realmCalls(Browser browser) throws IOException, InterruptedException;

    /** Whether {@link #realmCalls} may be read around each of the bypass matrix's cases (hundreds). */
    protected boolean realmCountIsCheap() {
        return true;
    }

    /** Whether {@code status} is the redirect this runtime answers a successful login with. */
    protected boolean redirectsAfterLogin(int status) {
        return status == 302 || status == 303;
    }

    /**
     * The FORM login of web.xml: the pages servlet {@code pages} at {@code /login}, {@code /login-error},
     * {@code /secure/*} and {@code realmPage}, the secured area, the login config and the role.
     */
    public static String formLoginWebXml(Class<?> pages, String realmPage) {
        return """
                  <servlet><servlet-name>pages</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>pages</servlet-name>
                    <url-pattern>/login</url-pattern><url-pattern>/login-error</url-pattern>
                    <url-pattern>/secure/*</url-pattern><url-pattern>%s</url-pattern>
                  </servlet-mapping>
                """.formatted(pages.getName(), realmPage) + Wars.formLogin("user", "/login");
    }

    /** The login filter's init-params: the simulator's URL and secret, then {@code filterParams}. */
    public static Map<String, String> loginFilterParams(Map<String, String> filterParams) {
        Map<String, String> params = new TreeMap<>(Map.of("api-url", Playtcha.simulator().url().toString(),
                "secret", Playtcha.simulator().secret()));
        params.putAll(filterParams);
        return params;
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void loginWithoutToken_isRefused_andTheRealmIsNeverAsked() throws Exception {
        Browser browser = new Browser(open);
        int realm = realmCalls(browser);

        Reply reply = logIn(browser, password(), null, Browser.HTML);

        assertEquals(403, reply.status(), reply::toString);
        Map<String, String> page = reply.lines();
        assertEquals("login-error", page.get("page"), reply::toString);
        assertEquals("missing_token", page.get("com.playtcha.error-code"), reply::toString);
        assertEquals("false", page.get("com.playtcha.token-spent"), reply::toString);
        assertEquals("false", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertFalse(reply.setsSession(), () -> "nothing of the container's login may happen: " + reply);
        assertEquals(realm, realmCalls(browser), "the realm must not be asked");
        assertNull(browser.user(), "not logged in");
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    void loginWithoutToken_fromAJsonClient_getsTheEnvelope() throws Exception {
        Browser browser = new Browser(open);
        int realm = realmCalls(browser);

        Reply reply = logIn(browser, password(), null, Browser.JSON);

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        assertTrue(reply.body().contains("\"missing_token\""), reply::toString);
        assertEquals("false", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertEquals(realm, realmCalls(browser));
    }

    @Test
    void junkToken_isRefused_theRealmIsNeverAsked_andTheTokenIsSpent() throws Exception {
        Browser browser = new Browser(open);
        int realm = realmCalls(browser);

        Reply reply = logIn(browser, password(), "ptk_default_forged", Browser.HTML);

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("token_invalid", reply.lines().get("com.playtcha.error-code"), reply::toString);
        assertEquals("true", reply.lines().get("com.playtcha.token-spent"), reply::toString);
        assertEquals("true", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertEquals(realm, realmCalls(browser));
        assertNull(browser.user());
    }

    @Test
    void validToken_logsIn() throws Exception {
        Browser browser = new Browser(open);
        int realm = realmCalls(browser);
        String token = Playtcha.simulator().mintToken();

        Reply reply = logIn(browser, password(), token, Browser.HTML);

        assertTrue(redirectsAfterLogin(reply.status()), reply::toString);
        assertTrue(reply.header("Location").endsWith("/guarded-login/secure/whoami"), reply::toString);
        assertEquals(user(), browser.user());
        assertEquals(realm + 1, realmCalls(browser));
        assertEquals(1, Playtcha.simulator().callCount(token));
    }

    @Test
    void replayedToken_isRefused() throws Exception {
        String token = Playtcha.simulator().mintToken();
        assertEquals(user(), loggedIn(new Browser(open), token));
        Browser second = new Browser(open);
        int realm = realmCalls(second);

        Reply reply = logIn(second, password(), token, Browser.HTML);

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("already_redeemed", reply.lines().get("com.playtcha.error-code"), reply::toString);
        assertEquals("true", reply.header("Playtcha-Token-Spent"), reply::toString);
        assertEquals(realm, realmCalls(second));
        assertNull(second.user());
    }

    @Test
    void wrongPassword_withAValidToken_asksTheRealmOnce_andTheErrorPageSaysTheTokenIsSpent() throws Exception {
        Browser browser = new Browser(open);
        int realm = realmCalls(browser);

        Reply reply = logIn(browser, "not the password", Playtcha.simulator().mintToken(), Browser.HTML);

        assertEquals(200, reply.status(), reply::toString); // the container forwards to the form-error page as it is
        assertEquals("login-error", reply.lines().get("page"), reply::toString);
        assertEquals("verified", reply.lines().get("com.playtcha.outcome"), reply::toString);
        assertEquals("true", reply.lines().get("com.playtcha.token-spent"), reply::toString);
        assertEquals(realm + 1, realmCalls(browser));
        assertNull(browser.user());
    }

    @Test
    void failClosedOutage_answers503_withoutAskingTheRealm() throws Exception {
        Browser browser = new Browser(closed);
        int realm = realmCalls(browser);
        Playtcha.simulator().injectOnce(Fault.serverError(500, "db_error"));

        Reply reply = logIn(browser, password(), Playtcha.simulator().mintToken(), Browser.HTML);

        assertEquals(503, reply.status(), reply::toString);
        assertEquals("login-error", reply.lines().get("page"), reply::toString);
        assertEquals("db_error", reply.lines().get("com.playtcha.error-code"), reply::toString);
        assertEquals(realm, realmCalls(browser));
        assertNull(browser.user());
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: see the class's documentation
    void failOpenOutage_logsIn_andTheLedgerVerifiesTheTokenOnceLater() throws Exception {
        PlaytchaSimulator simulator = Playtcha.simulator();
        Browser browser = new Browser(open);
        int realm = realmCalls(browser);
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.serverError(500, "db_error"));

        assertEquals(user(), loggedIn(browser, token));
        assertEquals(realm + 1, realmCalls(browser));
        assertTrue(simulator.awaitCallCount(token, 2, Duration.ofSeconds(30)),
                () -> "the failed call, then the ledger's re-verification; calls: " + simulator.callCount(token));
        assertEquals(2, simulator.callCount(token), "re-verified once");
    }

    @Test
    void everyWayIntoTheLogin_needsAValidToken() throws Exception {
        Browser counter = new Browser(open);
        FormLoginBypassMatrix.run(new FormLoginBypassMatrix.Target(open, user(), password(), "secure/whoami",
                "user=" + user(), true, () -> realmCalls(counter), realmCountIsCheap()), Playtcha.simulator());
    }

    private Reply logIn(Browser browser, String password, String token, String accept) throws IOException, InterruptedException {
        return browser.logIn(user(), password, token, accept);
    }

    /** Logs {@code browser} in with {@code token}; the user the secured page then sees. */
    private String loggedIn(Browser browser, String token) throws IOException, InterruptedException {
        Reply reply = logIn(browser, password(), token, Browser.HTML);
        assertTrue(redirectsAfterLogin(reply.status()), reply::toString);
        return browser.user();
    }

    /** A browser on one login WAR: keeps its cookies, follows no redirect. */
    public static final class Browser {

        public static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";
        public static final String JSON = "application/json";

        private final URI root;
        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        public Browser(URL application) {
            this(URI.create(application.toString().endsWith("/") ? application.toString() : application + "/"));
        }

        private Browser(URI root) {
            this.root = root;
        }

        /** Another browser on the same WAR, with no cookies: a logged-in request cannot log in again. */
        public Browser stranger() {
            return new Browser(root);
        }

        public Reply get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(root.resolve(path)).header("Accept", HTML).GET());
        }

        /**
         * A FORM login as a browser does it: asks for the secured page (the container keeps the request
         * in a new session and shows the login page), then posts the form; {@code token} null posts none.
         */
        public Reply logIn(String user, String password, String token, String accept) throws IOException, InterruptedException {
            Reply page = get("secure/whoami");
            if (!"login".equals(page.lines().get("page"))) {
                throw new IllegalStateException("expected the login page: " + page);
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("j_username", user);
            form.put("j_password", password);
            if (token != null) {
                form.put("playtcha-token", token);
            }
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(root.resolve("j_security_check")).header("Accept", accept)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** A request as written: {@code method} on {@code path}, with {@code headers} and a form {@code body} (or none). */
        public Reply request(String method, String path, Map<String, String> headers, String body)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).header("Accept", HTML)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/x-www-form-urlencoded");
            }
            headers.forEach(request::header);
            return send(request);
        }

        /** The logged-in user, or null when the secured page answers with the login page. */
        public String user() throws IOException, InterruptedException {
            Reply page = get("secure/whoami");
            return "whoami".equals(page.lines().get("page")) ? page.lines().get("user") : null;
        }

        private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers(), response.body());
        }
    }

    /** One answer. */
    public record Reply(int status, HttpHeaders headers, String body) {

        /** The pages' {@code key=value} lines. */
        public Map<String, String> lines() {
            return Http.lines(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Whether the answer sets a session cookie: a login that went as far as the container's. */
        public boolean setsSession() {
            return headers.allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID="));
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + "\n" + body;
        }
    }
}
