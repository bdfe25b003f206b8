package com.playtcha.jakarta.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The door over a real FORM login (embedded Jetty 12 ee10, loopback), against a stub guard that speaks
 * the login protocol's describe mode: what reaches the login service, what the client gets.
 */
class PlaytchaLoginHandlerTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PASSWORD = FormLoginServer.PASSWORD;

    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private FormLoginServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void refusedLogin_neverReachesTheLoginService_andStartsNoSession() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.refusingWithoutPage(403);
        server.guard(guard);

        HttpResponse<String> response = post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals(403, response.statusCode());
        assertEquals(0, server.loginCalls());
        assertEquals(1, guard.calls.get());
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), "no session: " + response.headers());
        assertEquals("false", response.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertTrue(response.body().contains("Error 403"), "no <error-page> for 403: Jetty's own: " + response.body());
    }

    @Test
    void guardIsAskedInDescribeMode_withTheFormErrorPage_andTheServletRequest() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.refusing(403);
        server.guard(guard);

        post("/j_security_check", loginForm(PASSWORD) + "&playtcha-token=tok_1", "text/html");

        assertEquals(Boolean.TRUE, guard.describeSeen);
        assertEquals("/login-error", guard.errorPageSeen);
        assertEquals("tok_1", guard.tokenSeen);
        assertFalse(guard.committedAfterCall, "in describe mode nothing is written while the guard runs");
    }

    @Test
    void jsonRefusal_isAnswered_withStatusHeadersAndEnvelope() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(StubGuard.refusing(429));

        HttpResponse<String> response = post("/j_security_check", loginForm(PASSWORD), "application/json");

        assertEquals(429, response.statusCode());
        assertEquals(StubGuard.ENVELOPE, response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("")
                .equalsIgnoreCase("application/json;charset=UTF-8"), response.headers().toString());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("false", response.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(0, server.loginCalls());
    }

    @Test
    void pageRefusal_withDispatch_showsTheErrorPage_withTheStatusAndTheAttributes() throws Exception {
        server = new FormLoginServer(true, true);
        server.guard(StubGuard.refusing(503));

        HttpResponse<String> response = post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals(503, response.statusCode());
        assertEquals("error page: code=missing_token spent=false status=503 session=false", response.body());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, server.loginCalls());
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), "no session: " + response.headers());
    }

    @Test
    void aRestartedContext_isGuardedAsBefore() throws Exception {
        server = new FormLoginServer(true, true);
        server.restartContext();
        server.guard(StubGuard.refusing(403));

        HttpResponse<String> response = post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals("jetty", server.hookAtContextInitialized());
        assertEquals(403, response.statusCode());
        assertEquals("error page: code=missing_token spent=false status=403 session=false", response.body());
        assertEquals(0, server.loginCalls());
    }

    @Test
    void pageRefusal_withoutDispatch_redirectsToTheErrorPage_asJettysFormLoginDoes() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(StubGuard.refusing(403));

        HttpResponse<String> response = post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals(303, response.statusCode());
        assertEquals(server.uri("/login-error").getPath(),
                URI.create(response.headers().firstValue("Location").orElseThrow()).getPath());
        assertEquals("false", response.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(0, server.loginCalls());
    }

    @Test
    void refusalWithoutPage_answersTheStatus_withTheApplicationsErrorPage() throws Exception {
        server = new FormLoginServer(true, true);
        server.guard(StubGuard.refusingWithoutPage(503));

        HttpResponse<String> response = post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals(503, response.statusCode());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, server.loginCalls());
        assertEquals("application error page: status=503", response.body());
    }

    @Test
    void continuedLogin_asksTheLoginServiceOnce_andLogsIn() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.goingOn();
        server.guard(guard);
        HttpResponse<String> challenge = get("/secure/whoami");
        assertEquals(302, challenge.statusCode(), "the constraint sends the login page first");

        HttpResponse<String> login = post("/j_security_check", loginForm(PASSWORD) + "&playtcha-token=tok_2",
                "text/html");

        assertEquals(1, guard.calls.get());
        assertEquals("tok_2", guard.tokenSeen);
        assertEquals(1, server.loginCalls());
        assertEquals(303, login.statusCode());
        assertEquals(server.uri("/secure/whoami").getPath(),
                URI.create(login.headers().firstValue("Location").orElseThrow()).getPath());
        assertEquals("user=alice", get("/secure/whoami").body());
        assertEquals(List.of(true), guard.outcomes(1), "the login service accepted the password");
    }

    @Test
    void continuedLogin_withAWrongPassword_failsAsJettySays() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.goingOn();
        server.guard(guard);

        HttpResponse<String> login = post("/j_security_check", loginForm("wrong"), "text/html");

        assertEquals(1, server.loginCalls());
        assertEquals(303, login.statusCode());
        assertEquals(server.uri("/login-error").getPath(),
                URI.create(login.headers().firstValue("Location").orElseThrow()).getPath());
        assertEquals(List.of(false), guard.outcomes(1), "the login service refused the password");
    }

    @Test
    void outcomes_areReportedOnce_perPostTheGuardLetGoOn_alsoWhenJettyDispatchesTheErrorPage() throws Exception {
        server = new FormLoginServer(true, 2, null);
        StubGuard guard = StubGuard.goingOn();
        server.guard(guard);

        post("/j_security_check", loginForm("wrong"), "text/html");
        assertEquals(List.of(false), guard.outcomes(1));
        get("/secure/whoami");
        post("/j_security_check", loginForm(PASSWORD), "text/html");
        assertEquals(List.of(false, true), guard.outcomes(2));
        post("/j_security_check", loginForm("wrong"), "text/html");

        assertEquals(List.of(false, true, false), guard.outcomes(3), "a logged-in session is checked again by Jetty");
        assertEquals(3, server.loginCalls());
    }

    @Test
    void refusedLogin_reportsNoOutcome() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.refusing(403);
        server.guard(guard);

        post("/j_security_check", loginForm("wrong"), "text/html");

        assertEquals(List.of(), guard.outcomes());
        assertEquals(0, server.loginCalls());
        assertEquals(Boolean.TRUE, server.servletContext().getAttribute(PlaytchaLoginHandler.OUTCOMES));
    }

    @Test
    void withoutAGuard_theLoginIsJettysAlone() throws Exception {
        server = new FormLoginServer(false, true);
        get("/secure/whoami");

        HttpResponse<String> login = post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals(1, server.loginCalls());
        assertEquals(303, login.statusCode());
        assertEquals("user=alice", get("/secure/whoami").body());
    }

    @Test
    void insertedTwice_theGuardIsAskedOnce() throws Exception {
        server = new FormLoginServer(true, 2, null);
        StubGuard guard = StubGuard.refusing(403);
        server.guard(guard);

        HttpResponse<String> response = post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals(1, guard.calls.get());
        assertEquals("error page: code=missing_token spent=false status=403 session=false", response.body());
        assertEquals(0, server.loginCalls());
    }

    @Test
    void theDoorIsAnnounced_beforeTheApplicationsListenersRun() throws Exception {
        server = new FormLoginServer(false, true);

        assertEquals("jetty", server.hook());
        assertEquals("jetty", server.hookAtContextInitialized());
    }

    @Test
    void withoutTheDoor_nothingIsAnnounced_andTheGuardIsNeverAsked() throws Exception {
        server = new FormLoginServer(false, false);
        StubGuard guard = StubGuard.refusing(403);
        server.guard(guard);

        post("/j_security_check", loginForm(PASSWORD), "text/html");

        assertEquals(null, server.hookAtContextInitialized());
        assertEquals(0, guard.calls.get());
        assertEquals(1, server.loginCalls(), "what the door is for: without it the password is checked");
    }

    @Test
    void otherPaths_areNotHandedOver() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.refusing(403);
        server.guard(guard);

        assertEquals("other", post("/other", loginForm(PASSWORD), "text/html").body());
        assertEquals("login page", get("/login.html").body());
        assertEquals("default", post("/j_security_checker", loginForm(PASSWORD), "text/html").body());

        assertEquals(0, guard.calls.get());
    }

    @Test
    void everyLoginPostTheGuardKnows_isHandedOver_whateverTheMethod() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.refusingWithoutPage(403);
        server.guard(guard);

        assertEquals(403, post("/j_security_check;jsessionid=x", loginForm(PASSWORD), "text/html").statusCode());
        assertEquals(403, post("/deep/j_security_check", loginForm(PASSWORD), "text/html").statusCode());
        assertEquals(403, post("/j_security_check/", loginForm(PASSWORD), "text/html").statusCode());
        assertEquals(403, get("/j_security_check?j_username=alice&j_password=secret").statusCode());

        assertEquals(4, guard.calls.get());
        assertEquals(0, server.loginCalls());
    }

    @Test
    void aPathJettyLogsInAt_butTheGuardWouldNotTakeForALogin_isRefused() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.goingOn();
        server.guard(guard);

        assertEquals(403, post("/j_security_check/more", loginForm(PASSWORD), "text/html").statusCode());

        assertEquals(0, guard.calls.get());
        assertEquals(0, server.loginCalls());
    }

    @Test
    void withoutAGuard_Jetty_logsInWhereverItLikes() throws Exception {
        server = new FormLoginServer(false, true);

        post("/j_security_check/more", loginForm(PASSWORD), "text/html");

        assertEquals(1, server.loginCalls());
    }

    @Test
    void aGuardThatFails_failsTheRequest_andTheLoginServiceIsNotAsked() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(StubGuard.failing());

        assertEquals(500, post("/j_security_check", loginForm(PASSWORD), "text/html").statusCode());
        assertEquals(0, server.loginCalls());
    }

    @Test
    void aGuardThatStopsThePostWithoutDescribingIt_isARefusal() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(StubGuard.refusingWithoutDescribing());

        assertEquals(403, post("/j_security_check", loginForm(PASSWORD), "text/html").statusCode());
        assertEquals(0, server.loginCalls());
    }

    @Test
    void insertedOutsideAServletContext_failsToStart_sayingWhere() {
        Server bare = new Server();
        bare.setHandler(new PlaytchaLoginHandler());

        Exception failure = assertThrows(IllegalStateException.class, bare::start);

        assertTrue(failure.getMessage().contains("insertHandler"), failure.getMessage());
    }

    /** The one list of login posts (the library's login-posts.txt): its path, guard, tomcat, jetty and payara columns. */
    static List<String[]> loginPosts() throws Exception {
        return Files.readAllLines(Path.of("../playtcha-jakarta/src/test/resources/login-posts.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+")).toList();
    }

    @Test
    void exactlyWhatTheListSays_isHandedOver_orRefused() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = StubGuard.refusingWithoutPage(429);
        server.guard(guard);

        for (String[] row : loginPosts()) {
            int before = guard.calls.get();
            // A new connection per row: a row Jetty refuses as a bad request closes the connection,
            // and a POST sent on it meanwhile is not retried by the client.
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri(row[0]))
                    .header("Content-Type", FORM).header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(loginForm(PASSWORD), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String done = guard.calls.get() > before ? "guard" : response.statusCode() == 403 ? "403" : "-";
            assertEquals(row[3], done, () -> row[0] + ": " + response.statusCode() + " " + response.body());
        }
        assertEquals(0, server.loginCalls());
    }

    private static String loginForm(String password) {
        return "j_username=" + FormLoginServer.USER + "&j_password=" + password;
    }

    private HttpResponse<String> post(String path, String form, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", FORM)
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
