package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.app.security.ApiLoginMechanism;
import com.playtcha.jakarta.it.app.security.BuiltInForm;
import com.playtcha.jakarta.it.app.security.CountingIdentityStore;
import com.playtcha.jakarta.it.app.security.CustomFormLogin;
import com.playtcha.jakarta.it.app.security.ElsewhereCheckMechanism;
import com.playtcha.jakarta.it.app.security.JsonLoginMechanism;
import com.playtcha.jakarta.it.app.security.JsonLoginResource;
import com.playtcha.jakarta.it.app.security.LenientLoginMechanism;
import com.playtcha.jakarta.it.app.security.CodeLogin;
import com.playtcha.jakarta.it.app.security.OutsidePathsMechanism;
import com.playtcha.jakarta.it.app.security.ProducedStore;
import com.playtcha.jakarta.it.app.security.RememberedLogins;
import com.playtcha.jakarta.it.app.security.StoreCountServlet;
import com.playtcha.jakarta.it.app.security.WhoAmI;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logins through Jakarta Security, guarded by Playtcha, on a runtime that implements it (WildFly,
 * Open Liberty, Payara). Three applications, each with a {@link CountingIdentityStore} that says how
 * many passwords it was asked to check:
 * <ul>
 *   <li>{@code jsec-form}: case (a), the built-in Custom FORM mechanism; the form posts to a servlet
 *       that calls {@code SecurityContext.authenticate}, and a plain {@code PlaytchaFilter} on that
 *       servlet's URL guards it: the password is checked inside the request, after the filters.</li>
 *   <li>{@code jsec-own}: case (b), the application's own mechanism annotated
 *       {@code @PlaytchaLogin(paths = "/api/login")}: refused logins never reach it.</li>
 *   <li>{@code jsec-builtin}: case (c), the built-in FORM mechanism ({@link BuiltInForm}), whose form
 *       posts to {@code j_security_check} and whose password check runs in the runtime's security
 *       layer, before the filters: a {@code PlaytchaFilter} on {@code /j_security_check} guards it
 *       through the runtime's door (WildFly: the library's Undertow security wrapper; Payara: the
 *       {@code playtcha-jakarta-payara} valve; Liberty: none, its filters run first).</li>
 *   <li>{@code jsec-lenient}: case (b) again, with a mechanism as lenient as an attacker could hope
 *       ({@link LenientLoginMechanism}: any method, any spelling of {@code /api/login}, credentials
 *       from anywhere), for the login-bypass matrix ({@link LoginBypassMatrix}); no client budget,
 *       as the matrix sends a few hundred tokens from one address.</li>
 *   <li>{@code jsec-json}: {@code @PlaytchaLogin(paths = "/*")} with {@code login.require=after-failures}
 *       and a JSON resource that calls {@code SecurityContext.authenticate} ({@link JsonLoginResource}):
 *       the runtime's own call and the resource's are decided each on its own account.</li>
 *   <li>{@code jsec-outside}: a mechanism that checks passwords at any path while its binding names only
 *       {@code /login} and exempts {@code /bearer/*} ({@link OutsidePathsMechanism}, with
 *       {@code @AutoApplySession} and {@code @RememberMe}): each check it has the identity store make is
 *       decided where it is made, and a session or a remember-me cookie still logs in;
 *       {@code jsec-outside-counted}, the same under {@code login.require=after-failures}.</li>
 *   <li>{@code jsec-elsewhere}: a mechanism that asks an identity store a producer method made, or the
 *       handler on a thread of its own ({@link ElsewhereCheckMechanism}), under {@code after-failures}:
 *       each check is counted on its account, and none reaches a store without a token at its limit.</li>
 * </ul>
 */
@ExtendWith(ArquillianExtension.class)
public abstract class JakartaSecurityLoginScenario {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @ArquillianResource
    @OperateOnDeployment("jsec-form")
    URL customForm;

    @ArquillianResource
    @OperateOnDeployment("jsec-own")
    protected URL ownMechanism;

    @ArquillianResource
    @OperateOnDeployment("jsec-builtin")
    URL builtInForm;

    @ArquillianResource
    @OperateOnDeployment("jsec-lenient")
    URL lenient;

    @ArquillianResource
    @OperateOnDeployment("jsec-json")
    URL jsonLogin;

    @ArquillianResource
    @OperateOnDeployment("jsec-outside")
    URL outsidePaths;

    @ArquillianResource
    @OperateOnDeployment("jsec-outside-counted")
    URL outsidePathsCounted;

    @ArquillianResource
    @OperateOnDeployment("jsec-elsewhere")
    URL elsewhere;

    private final PlaytchaSimulator sim = Playtcha.simulator();

    @Deployment(name = "jsec-form", testable = false)
    public static WebArchive customFormApplication() {
        return application("jsec-form").addClasses(CustomFormLogin.class, CustomFormLogin.Definition.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("playtcha", "/login", Map.of()))));
    }

    @Deployment(name = "jsec-own", testable = false)
    public static WebArchive ownMechanismApplication() {
        return application("jsec-own").addClass(ApiLoginMechanism.class)
                .setWebXML(new StringAsset(Wars.webXml("")));
    }

    @Deployment(name = "jsec-builtin", testable = false)
    public static WebArchive builtInFormApplication() {
        return application("jsec-builtin").addClass(BuiltInForm.class)
                .addAsWebResource(new StringAsset("<!DOCTYPE html><form method=\"post\" action=\"j_security_check\">"
                        + "<input name=\"j_username\"><input name=\"j_password\" type=\"password\"></form>\n"), "login.html")
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("playtcha", "/j_security_check", Map.of()) + """
                          <security-constraint>
                            <web-resource-collection><web-resource-name>secure</web-resource-name>
                              <url-pattern>/secure/*</url-pattern></web-resource-collection>
                            <auth-constraint><role-name>**</role-name></auth-constraint>
                          </security-constraint>
                        """)));
    }

    @Deployment(name = "jsec-lenient", testable = false)
    public static WebArchive lenientMechanismApplication() {
        // The echo on every path: what follows a login is a page, not the default servlet's 404, 405 or 501.
        return application("jsec-lenient", "playtcha.client-budget.enabled=false\n").addClass(LenientLoginMechanism.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.servlet("echo", WhoAmI.class.getName(), "/"))));
    }

    @Deployment(name = "jsec-json", testable = false)
    public static WebArchive jsonLoginApplication() {
        // Only the account's count is under test: the client's would ask for a token after five logins.
        return application("jsec-json", "playtcha.login.require=after-failures\nplaytcha.login.client-failures=100\n")
                .addClasses(JsonLoginMechanism.class, JsonLoginResource.class, CodeLogin.class)
                .setWebXML(new StringAsset(Wars.webXml("")));
    }

    @Deployment(name = "jsec-outside", testable = false)
    public static WebArchive outsidePathsApplication() {
        return application("jsec-outside").addClasses(OutsidePathsMechanism.class, RememberedLogins.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.servlet("echo", WhoAmI.class.getName(), "/"))));
    }

    @Deployment(name = "jsec-outside-counted", testable = false)
    public static WebArchive outsidePathsCountedApplication() {
        return application("jsec-outside-counted", "playtcha.login.require=after-failures\n")
                .addClasses(OutsidePathsMechanism.class, RememberedLogins.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.servlet("echo", WhoAmI.class.getName(), "/"))));
    }

    @Deployment(name = "jsec-elsewhere", testable = false)
    public static WebArchive elsewhereApplication() {
        // Only the account's count is under test: one client makes every attempt.
        return application("jsec-elsewhere", "playtcha.login.require=after-failures\nplaytcha.login.client-failures=100\n")
                .addClasses(ElsewhereCheckMechanism.class, ProducedStore.class, ProducedStore.Made.class, ProducedStore.Store.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.servlet("echo", WhoAmI.class.getName(), "/"))));
    }

    protected static WebArchive application(String name) {
        return application(name, "");
    }

    /** The application's classes, and its MicroProfile Config: the simulator's address and {@code config}. */
    private static WebArchive application(String name, String config) {
        return Wars.withSecurity(Wars.withLibrary(name)).addClasses(CountingIdentityStore.class, StoreCountServlet.class, WhoAmI.class)
                .addClass("com.playtcha.jakarta.it.app.security.LoginEcho")
                .addAsResource(new StringAsset("playtcha.api-url=" + Playtcha.simulator().url() + "\n" + config),
                        "META-INF/microprofile-config.properties");
    }

    @BeforeEach
    void resetSimulator() {
        sim.reset();
    }

    // Case (a): Custom FORM + SecurityContext.authenticate, guarded by PlaytchaFilter.

    @Test
    void customForm_loginWithoutToken_isRefused_andTheIdentityStoreIsNeverAsked() throws Exception {
        int before = storeCount(customForm);

        HttpResponse<String> refused = post(customForm, "/login", credentials("alice", "secret", null), Http.HTML);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(before, storeCount(customForm), "the identity store was asked");
        assertEquals(0, sim.callCount());
    }

    @Test
    void customForm_validToken_logsIn() throws Exception {
        int before = storeCount(customForm);
        String token = sim.mintToken();

        HttpResponse<String> login = post(customForm, "/login", credentials("alice", "secret", token), Http.HTML);

        // The status is the runtime's (Liberty redirects to the saved request after a login): read the page.
        Map<String, String> seen = echo(login.body());
        assertEquals("SUCCESS", seen.get("status"), login::body);
        assertEquals("alice", seen.get("caller"), login::body);
        assertEquals("verified", seen.get("com.playtcha.outcome"), login::body);
        assertEquals("true", seen.get("com.playtcha.token-spent"), login::body);
        assertEquals(before + 1, storeCount(customForm));
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void customForm_wrongPassword_withValidToken_asksTheIdentityStoreOnce() throws Exception {
        int before = storeCount(customForm);

        HttpResponse<String> login = post(customForm, "/login", credentials("alice", "wrong", sim.mintToken()), Http.HTML);

        assertEquals("", echo(login.body()).getOrDefault("caller", ""), login::body);
        assertEquals(before + 1, storeCount(customForm));
    }

    // Case (b): the application's own mechanism, @PlaytchaLogin.

    @Test
    void ownMechanism_loginWithoutToken_isRefused_withTheEnvelope_andTheIdentityStoreIsNeverAsked() throws Exception {
        int before = storeCount(ownMechanism);

        HttpResponse<String> refused = post(ownMechanism, "/api/login", credentials("alice", "secret", null), Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("false", refused.headers().firstValue("Playtcha-Token-Spent").orElse(null), refused::toString);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertEquals(before, storeCount(ownMechanism), "the identity store was asked");
        assertEquals(0, sim.callCount());
    }

    @Test
    void ownMechanism_junkToken_isRefused_andTheTokenIsSpent() throws Exception {
        int before = storeCount(ownMechanism);

        HttpResponse<String> refused = post(ownMechanism, "/api/login", credentials("alice", "secret", "junk"), Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("true", refused.headers().firstValue("Playtcha-Token-Spent").orElse(null), refused::toString);
        assertTrue(refused.body().contains("\"code\":\"token_invalid\""), refused::body);
        assertEquals(before, storeCount(ownMechanism));
    }

    @Test
    void ownMechanism_htmlClientWithoutToken_getsTheStatus() throws Exception {
        int before = storeCount(ownMechanism);

        HttpResponse<String> refused = post(ownMechanism, "/api/login", credentials("alice", "secret", null), Http.HTML);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(before, storeCount(ownMechanism));
    }

    @Test
    void ownMechanism_validToken_logsIn_once() throws Exception {
        int before = storeCount(ownMechanism);
        String token = sim.mintToken();

        HttpResponse<String> login = post(ownMechanism, "/api/login", credentials("alice", "secret", token), Http.JSON);
        HttpResponse<String> replay = post(ownMechanism, "/api/login", credentials("alice", "secret", token), Http.JSON);

        assertEquals(200, login.statusCode(), login::body);
        Map<String, String> seen = echo(login.body());
        assertEquals("alice", seen.get("caller"), login::body);
        assertEquals("verified", seen.get("com.playtcha.outcome"), login::body);
        assertEquals("true", seen.get("com.playtcha.token-spent"), login::body);
        assertEquals(403, replay.statusCode(), replay::body);
        assertTrue(replay.body().contains("\"code\":\"already_redeemed\""), replay::body);
        assertEquals(before + 1, storeCount(ownMechanism), "the replay reached the identity store");
        assertEquals(2, sim.callCount(token), "Playtcha answered the replay");
    }

    @Test
    void ownMechanism_wrongPassword_withValidToken_asksTheIdentityStoreOnce() throws Exception {
        int before = storeCount(ownMechanism);

        HttpResponse<String> login = post(ownMechanism, "/api/login", credentials("alice", "wrong", sim.mintToken()), Http.JSON);

        assertEquals(401, login.statusCode(), login::body);
        assertEquals("true", login.headers().firstValue("Playtcha-Token-Spent").orElse(null), "reset the widget");
        assertEquals(before + 1, storeCount(ownMechanism));
    }

    @Test
    void ownMechanism_requestsThatAreNoLogin_needNoToken() throws Exception {
        HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(uri(ownMechanism, "/secure/whoami")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, page.statusCode(), page::body);
        assertEquals("null", echo(page.body()).get("com.playtcha.outcome"), page::body);
        assertEquals(0, sim.callCount());
    }

    // Case (b), the login-bypass matrix: every way into a lenient mechanism needs a valid token.

    /** Every spelling of {@code /api/login} that a runtime might hand the lenient mechanism. */
    static final List<String> LOGIN_PATH_FORMS = List.of("/api/login", "/api/login/", "/api;x=1/login;jsessionid=y",
            "/api/%6Cogin", "/api%2Flogin", "/x/.././api/./login", "//api//login", "/API/Login");

    @Test
    void bypassMatrix_withoutToken_neverLogsIn_norAsksTheIdentityStoreOrPlaytcha() throws Exception {
        int before = storeCount(lenient);

        List<String> wrong = sendMatrix("none", cell -> null, new TreeMap<>());

        assertEquals(List.of(), wrong);
        assertEquals(before, storeCount(lenient), "the identity store was asked");
        assertEquals(0, sim.callCount(), "Playtcha was asked without a token");
    }

    @Test
    void bypassMatrix_withAJunkToken_neverLogsIn_andAsksPlaytchaAtMostOncePerToken() throws Exception {
        int before = storeCount(lenient);
        Map<LoginBypassMatrix.Cell, String> tokens = new LinkedHashMap<>();
        for (LoginBypassMatrix.Cell cell : LoginBypassMatrix.cells(LOGIN_PATH_FORMS)) {
            tokens.put(cell, "junk" + tokens.size());
        }

        List<String> wrong = sendMatrix("junk", tokens::get, new TreeMap<>());

        tokens.forEach((cell, token) -> {
            if (sim.callCount(token) > 1) {
                wrong.add(cell + ": Playtcha asked " + sim.callCount(token) + " times");
            }
        });
        assertEquals(List.of(), wrong);
        assertEquals(before, storeCount(lenient), "the identity store was asked");
    }

    @Test
    void bypassMatrix_withAValidToken_logsIn_andAsksPlaytchaAtMostOncePerToken() throws Exception {
        int before = storeCount(lenient);
        Map<LoginBypassMatrix.Cell, String> tokens = new LinkedHashMap<>();
        for (LoginBypassMatrix.Cell cell : LoginBypassMatrix.cells(LOGIN_PATH_FORMS)) {
            tokens.put(cell, sim.mintToken());
        }
        Map<String, String> loggedIn = new TreeMap<>();

        List<String> wrong = sendMatrix("valid", tokens::get, loggedIn);

        tokens.forEach((cell, token) -> {
            if (sim.callCount(token) > 1) {
                wrong.add(cell + ": Playtcha asked " + sim.callCount(token) + " times");
            }
        });
        assertEquals(List.of(), wrong);
        assertEquals(before + loggedIn.size(), storeCount(lenient), "identity store calls besides the logins: " + loggedIn);
        // The mechanism is lenient enough for the matrix to mean something: with a valid token, credentials
        // in the query log in at every spelling of the path and with every method, and a POST with them in
        // any body, on all three runtimes (but /api%2Flogin, which Open Liberty answers 400 itself). Bodies of
        // other methods: WildFly logs them in, Payara hands a GET or HEAD body to no one, and a urlencoded one is no
        // form to Liberty or Payara (the token in it is not found: 403); the table sendMatrix prints shows each.
        for (LoginBypassMatrix.Cell cell : LoginBypassMatrix.cells(LOGIN_PATH_FORMS)) {
            boolean mustLogIn = !cell.path().contains("%2F")
                    && (cell.carrier() == LoginBypassMatrix.Carrier.QUERY || cell.method().equals("POST"));
            assertTrue(!mustLogIn || loggedIn.containsKey(cell.toString()), () -> cell + " did not log in with a valid token");
        }
    }

    /**
     * Sends the whole matrix to the lenient application with the token {@code tokens} gives each cell,
     * prints the statuses seen (per runtime, not asserted: a refusal may be the runtime's 400), and returns what
     * went wrong: a 5xx or a stack trace anywhere, a login without a valid token. Logins go into
     * {@code loggedIn} (cell, caller).
     */
    private List<String> sendMatrix(String kind, Function<LoginBypassMatrix.Cell, String> tokens, Map<String, String> loggedIn)
            throws IOException, InterruptedException {
        List<String> wrong = new ArrayList<>();
        Map<String, List<Integer>> statuses = new LinkedHashMap<>();
        for (LoginBypassMatrix.Cell cell : LoginBypassMatrix.cells(LOGIN_PATH_FORMS)) {
            String token = tokens.apply(cell);
            HttpResponse<String> response = LoginBypassMatrix.send(lenient, cell, "alice", "secret", token);
            wrong.addAll(LoginBypassMatrix.badShape(cell, response));
            String caller = response.headers().firstValue(LenientLoginMechanism.CALLER_HEADER).orElse(null);
            if (caller != null) {
                loggedIn.put(cell.toString(), caller);
                if (!kind.equals("valid")) {
                    wrong.add(cell + ": logged in as " + caller + " with token " + token);
                }
            }
            statuses.computeIfAbsent(cell.method() + " " + cell.path(), row -> new ArrayList<>()).add(response.statusCode());
        }
        StringBuilder table = new StringBuilder("bypass matrix [" + getClass().getSimpleName() + ", token " + kind
                + "], statuses for " + List.of(LoginBypassMatrix.Carrier.values()) + ":\n");
        statuses.forEach((row, seen) -> table.append("  ").append(row).append(' ').append(seen).append('\n'));
        List<String> notLoggedIn = !kind.equals("valid") ? List.<String>of() : LoginBypassMatrix.cells(LOGIN_PATH_FORMS).stream()
                .map(LoginBypassMatrix.Cell::toString).filter(cell -> !loggedIn.containsKey(cell)).toList();
        System.out.println(table.append("  logged in: ").append(loggedIn.size()).append(", not: ").append(notLoggedIn));
        return wrong;
    }

    // Case (c): the built-in FORM mechanism, a PlaytchaFilter on /j_security_check.

    @Test
    void builtInForm_loginWithoutToken_isRefused_andTheIdentityStoreIsNeverAsked() throws Exception {
        int before = storeCount(builtInForm);

        HttpResponse<String> refused = post(builtInForm, "/j_security_check", "j_username=alice&j_password=secret", Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertEquals(before, storeCount(builtInForm), "the identity store was asked before the guard");
        assertEquals(0, sim.callCount());
    }

    @Test
    void builtInForm_browserWithoutToken_getsTheStatus() throws Exception {
        int before = storeCount(builtInForm);

        HttpResponse<String> refused = post(builtInForm, "/j_security_check", "j_username=alice&j_password=secret", Http.HTML);

        // No <form-error-page> (the mechanism's errorPage is its own): the guard answers with the status alone.
        assertEquals(browserRefusalStatus(), refused.statusCode(), refused::body);
        assertEquals("false", refused.headers().firstValue("Playtcha-Token-Spent").orElse(null), refused::toString);
        assertEquals(before, storeCount(builtInForm), "the identity store was asked before the guard");
    }

    @Test
    void builtInForm_junkToken_isRefused_andTheIdentityStoreIsNeverAsked() throws Exception {
        int before = storeCount(builtInForm);

        HttpResponse<String> refused = post(builtInForm, "/j_security_check",
                "j_username=alice&j_password=secret&playtcha-token=junk", Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"token_invalid\""), refused::body);
        assertEquals("true", refused.headers().firstValue("Playtcha-Token-Spent").orElse(null), refused::toString);
        assertEquals(before, storeCount(builtInForm), "the identity store was asked before the guard");
    }

    @Test
    void builtInForm_validToken_logsIn_andTheSecuredPageIsServed() throws Exception {
        HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> loginPage = get(browser, builtInForm, "/secure/whoami");
        assertTrue(loginPage.body().contains("j_security_check"), () -> "the login page: " + loginPage.statusCode() + " "
                + loginPage.body());
        int before = storeCount(builtInForm);
        String token = sim.mintToken();

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri(builtInForm, "/j_security_check"))
                .timeout(Duration.ofSeconds(30)).header("Accept", Http.HTML)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=alice&j_password=secret&playtcha-token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = get(browser, builtInForm, "/secure/whoami");

        assertTrue(login.statusCode() == 302 || login.statusCode() == 303, () -> login.statusCode() + " " + login.body());
        assertEquals(200, page.statusCode(), page::body);
        assertEquals("alice", echo(page.body()).get("caller"), page::body);
        assertEquals(before + 1, storeCount(builtInForm));
        assertEquals(1, sim.callCount(token));
    }

    // SecurityContext.authenticate under paths = "/*": each call decided on the account it names.

    @Test
    void jsonLogin_atTheAccountsLimit_onlyAValidToken_reachesTheIdentityStore_andLogsIn() throws Exception {
        int before = storeCount(jsonLogin);
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = json(jsonLogin, "alice", "wrong" + i, null);
            assertEquals(401, failed.statusCode(), failed::body);
            assertEquals(before + i, storeCount(jsonLogin));
        }

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> refused = json(jsonLogin, "alice", "guess" + i, null);
            assertEquals(403, refused.statusCode(), refused::body);
            assertTrue(refused.body().contains("\"code\":\"token_required\""), refused::body);
        }
        HttpResponse<String> rightPassword = json(jsonLogin, "alice", "secret", null);
        String rejectedToken = sim.mintExpiredToken();
        HttpResponse<String> rejected = json(jsonLogin, "alice", "secret", rejectedToken);

        assertEquals(403, rightPassword.statusCode(), rightPassword::body);
        assertTrue(rightPassword.body().contains("\"code\":\"token_required\""), rightPassword::body);
        assertEquals(403, rejected.statusCode(), rejected::body);
        assertEquals(1, sim.callCount(rejectedToken));
        assertEquals(before + 3, storeCount(jsonLogin), "a tokenless or rejected login reached the identity store");

        String token = sim.mintToken();
        HttpResponse<String> login = json(jsonLogin, "alice", "secret", token);

        assertEquals(200, login.statusCode(), login::body);
        assertEquals("alice", echo(login.body()).get("caller"), login::body);
        assertEquals(1, sim.callCount(token), "the valid token was sent to Playtcha once");
        assertEquals(before + 4, storeCount(jsonLogin));
    }

    /**
     * Issue 57: {@code SecurityContext.authenticate} with the application's own credential type, which the
     * mechanism turns into a password check: the guard cannot read its account, so only a login with a
     * valid token reaches the identity store, whatever account a request parameter names.
     */
    @Test
    void jsonLogin_withTheApplicationsOwnCredential_onlyAValidToken_reachesTheIdentityStore() throws Exception {
        int before = storeCount(jsonLogin);
        for (String path : new String[] {"/api/session?code=123456", "/api/session?code=123456&username=decoy"}) {
            HttpResponse<String> refused = json(jsonLogin, path, "alice", "secret", null);
            assertEquals(403, refused.statusCode(), refused::body);
            assertTrue(refused.body().contains("\"code\":\"token_required\""), refused::body);
        }
        assertEquals(before, storeCount(jsonLogin), "no tokenless check reached the identity store");

        String token = sim.mintToken();
        HttpResponse<String> login = json(jsonLogin, "/api/session?code=123456", "alice", "secret", token);

        assertEquals(200, login.statusCode(), login::body);
        assertEquals("alice", echo(login.body()).get("caller"), login::body);
        assertEquals(before + 1, storeCount(jsonLogin));
    }

    // A mechanism that logs in outside @PlaytchaLogin(paths): decided where it checks; exempt paths and sessions go on.

    /**
     * Issue 57: the mechanism checks passwords at {@code /login/x}, which {@code paths = "/login"} does not
     * name; under {@code always} each check there needs a valid token before the identity store is asked.
     * Before, the store was asked, uncounted, and a right password answered 403 {@code login_not_guarded}
     * where a wrong one answered 401: an oracle without a token.
     */
    @Test
    void outsidePaths_aCheckThereWithoutAToken_neverReachesTheIdentityStore_andNoOneIsLoggedIn() throws Exception {
        int before = storeCount(outsidePaths);
        HttpClient browser = browser();
        HttpResponse<String> right = browser.send(formPost(outsidePaths, "/login/x", credentials("alice", "secret", null)),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = browser.send(formPost(outsidePaths, "/login/y", credentials("alice", "wrong", null)),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = get(browser, outsidePaths, "/secure/whoami");

        assertEquals(403, right.statusCode(), right::body);
        assertTrue(right.body().contains("\"code\":\"missing_token\""), right::body);
        assertEquals(right.statusCode(), wrong.statusCode(), "the same answer whatever the password: " + wrong.body());
        assertEquals("", echo(page.body()).getOrDefault("caller", ""), page::body);
        assertEquals(before, storeCount(outsidePaths), "no tokenless check reached the identity store");

        String token = sim.mintToken();
        HttpResponse<String> login = browser.send(formPost(outsidePaths, "/login/x", credentials("alice", "secret", token)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("alice", echo(login.body()).get("caller"), "a check the guard decided logs in: " + login.body());
        assertEquals(before + 1, storeCount(outsidePaths));
        assertEquals(1, sim.callCount(token));
    }

    /** The same under {@code after-failures}: counted there, and once the account needs a token, only a token reaches the store. */
    @Test
    void outsidePaths_underAfterFailures_checksThereAreCounted_andTheLimitHolds() throws Exception {
        int before = storeCount(outsidePathsCounted);
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = post(outsidePathsCounted, "/login/x", credentials("alice", "wrong" + i, null), Http.JSON);
            assertEquals(401, failed.statusCode(), failed::body);
        }
        assertEquals(before + 3, storeCount(outsidePathsCounted));

        for (String path : new String[] {"/login/x", "/login/y", "/login"}) {
            HttpResponse<String> refused = post(outsidePathsCounted, path, credentials("alice", "secret", null), Http.JSON);
            assertEquals(403, refused.statusCode(), path + ": " + refused.body());
            assertTrue(refused.body().contains("\"code\":\"token_required\""), refused::body);
        }
        assertEquals(before + 3, storeCount(outsidePathsCounted), "alice at her limit: no tokenless check reached the store");

        HttpResponse<String> login = post(outsidePathsCounted, "/login/x", credentials("alice", "secret", sim.mintToken()), Http.JSON);
        assertEquals("alice", echo(login.body()).get("caller"), "never a lockout: " + login.body());
    }

    /**
     * Issue 63, item 8: an identity store a producer method made, which CDI does not decorate, is guarded as a
     * store bean is: alice's checks at {@code /login/x} (outside {@code paths}) are counted on her, and at her
     * limit no tokenless check reaches it, at {@code /login} with her name in a field {@code accountParameter}
     * does not name either. Before, every guess reached the store uncounted, and the right one showed as 403
     * {@code login_not_guarded} against 401 (an oracle with no count), or logged in at {@code /login}.
     */
    @Test
    void elsewhere_aProducedStore_isGuarded_andTheAccountsLimitHolds() throws Exception {
        int before = storeCount(elsewhere);
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = post(elsewhere, "/login/x", credentials("alice", "wrong" + i, null), Http.JSON);
            assertEquals(401, failed.statusCode(), failed::body);
        }
        assertEquals(before + 3, storeCount(elsewhere));

        for (String path : new String[] {"/login/x", "/login"}) {
            HttpResponse<String> refused = post(elsewhere, path, credentials("alice", "secret", null), Http.JSON);
            assertEquals(403, refused.statusCode(), path + ": " + refused.body());
            assertTrue(refused.body().contains("\"code\":\"token_required\""), refused::body);
        }
        assertEquals(before + 3, storeCount(elsewhere), "alice at her limit: no tokenless check reached the produced store");

        HttpResponse<String> login = post(elsewhere, "/login/x", credentials("alice", "secret", sim.mintToken()), Http.JSON);
        assertEquals("alice", echo(login.body()).get("caller"), "never a lockout: " + login.body());
    }

    /**
     * Issue 63, item 8: a check the mechanism has made on a thread of its own, bound to no request, is counted on
     * its account and refused at the account's limit, never a free guess. Before, each reached the store uncounted.
     */
    @Test
    void elsewhere_aCheckOnAnotherThread_isCounted_andRefusedAtTheLimit() throws Exception {
        int before = storeCount(elsewhere);
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = post(elsewhere, "/login/x?async", credentials("carol", "wrong" + i, null), Http.JSON);
            assertEquals(401, failed.statusCode(), failed::body);
        }
        assertEquals(before + 3, storeCount(elsewhere));

        for (int i = 4; i <= 6; i++) {
            HttpResponse<String> refused = post(elsewhere, "/login/x?async", credentials("carol", "guess" + i, null), Http.JSON);
            assertTrue(refused.statusCode() == 401 || refused.statusCode() == 403, refused::body);
        }

        assertEquals(before + 3, storeCount(elsewhere), "carol at her limit: no check on another thread reached the store");
    }

    @Test
    void outsidePaths_anExemptPath_logsIn() throws Exception {
        HttpResponse<String> login = post(outsidePaths, "/bearer/orders", credentials("alice", "secret", null), Http.JSON);

        assertEquals(200, login.statusCode(), login::body);
        assertEquals("alice", echo(login.body()).get("caller"), login::body);
    }

    @Test
    void outsidePaths_aLoginAtItsPath_needsAToken_andTheSessionAndRememberMeCarryIt() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> tokenless = browser.send(formPost(outsidePaths, "/login", credentials("alice", "secret", null)),
                HttpResponse.BodyHandlers.ofString());
        String token = sim.mintToken();
        HttpResponse<String> login = browser.send(formPost(outsidePaths, "/login", credentials("alice", "secret", token)),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = get(browser, outsidePaths, "/secure/whoami");
        HttpResponse<String> post = browser.send(formPost(outsidePaths, "/orders", "item=1"), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, tokenless.statusCode(), tokenless::body);
        assertEquals("alice", echo(login.body()).get("caller"), login::body);
        assertEquals("alice", echo(page.body()).get("caller"), "@AutoApplySession continues the login: " + page.body());
        assertEquals(200, post.statusCode(), post::body);
        assertEquals("alice", echo(post.body()).get("caller"), post::body);

        // A browser with the remember-me cookie alone, no session: @RememberMe logs alice in again.
        CookieManager remembered = new CookieManager();
        for (HttpCookie cookie : ((CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies()) {
            if (cookie.getName().equals("JREMEMBERMEID")) {
                remembered.getCookieStore().add(uri(outsidePaths, "/"), cookie);
            }
        }
        assertEquals(1, remembered.getCookieStore().getCookies().size(), "the login set a remember-me cookie");
        HttpClient later = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(remembered)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> again = get(later, outsidePaths, "/secure/whoami");
        assertEquals("alice", echo(again.body()).get("caller"), "@RememberMe continues the login: " + again.body());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpRequest formPost(URL base, String path, String form) {
        return HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30)).header("Accept", Http.JSON)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    /** A JSON login: the body names the account where no guard reads it; the token rides in the header. */
    private static HttpResponse<String> json(URL base, String username, String password, String token)
            throws IOException, InterruptedException {
        return json(base, "/api/session", username, password, token);
    }

    private static HttpResponse<String> json(URL base, String path, String username, String password, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder post = HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30))
                .header("Accept", Http.JSON).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
        if (token != null) {
            post.header("Playtcha-Token", token);
        }
        // A client of its own: a refusal leaves the body unread, and the server may drop the connection.
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(post.build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The status a browser's refused post to {@code j_security_check} arrives with, where the
     * application has no {@code <form-error-page>} (case (c)): the refusal's, 403.
     */
    protected int browserRefusalStatus() {
        return 403;
    }

    private static HttpResponse<String> get(HttpClient browser, URL base, String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30)).header("Accept", Http.HTML)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String credentials(String username, String password, String token) {
        String form = "username=" + username + "&password=" + password;
        return token == null ? form : form + "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    protected static HttpResponse<String> post(URL base, String path, String form, String accept) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30)).header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static int storeCount(URL base) throws IOException, InterruptedException {
        HttpResponse<String> count = CLIENT.send(HttpRequest.newBuilder(uri(base, "/store-count")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, count.statusCode(), count::body);
        return Integer.parseInt(count.body().trim());
    }

    static URI uri(URL base, String path) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root + path.substring(1));
    }

    static Map<String, String> echo(String body) {
        return new Http.Reply(200, "", null, body).echo();
    }
}
