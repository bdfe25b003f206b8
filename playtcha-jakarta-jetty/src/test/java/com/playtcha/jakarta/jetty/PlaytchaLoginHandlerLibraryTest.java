package com.playtcha.jakarta.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The door with the real library: a PlaytchaFilter mapped onto {@code /j_security_check} and the
 * library's initializer in the context (what a WAR with playtcha-jakarta has), the simulator as
 * Playtcha, Jetty's FORM login with a counting login service.
 */
class PlaytchaLoginHandlerLibraryTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TestSettings.SLACK)
            .build();
    private FormLoginServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private FormLoginServer start(boolean dispatch, String... settings) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        Map<String, String> params = new HashMap<>(Map.of("api-url", sim.url().toString(), "secret", sim.secret()));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            params.put(settings[i], settings[i + 1]);
        }
        server = new FormLoginServer(dispatch, true, params);
        return server;
    }

    @Test
    void loginWithoutToken_showsTheErrorPage_withTheStatus_andTheLoginServiceIsNeverAsked() throws Exception {
        start(true);

        HttpResponse<String> reply = login(FormLoginServer.PASSWORD, null, "text/html", "/j_security_check");

        assertEquals(403, reply.statusCode(), reply::body);
        assertEquals("error page: code=missing_token spent=false status=403 session=false", reply.body());
        assertEquals("false", reply.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertTrue(reply.headers().allValues("Set-Cookie").isEmpty(), () -> "no session: " + reply.headers());
        assertEquals(0, server.passwordChecks());
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void junkToken_fromAjax_getsTheEnvelope_andTheHeaderSaysTheTokenIsSpent() throws Exception {
        start(false);

        HttpResponse<String> reply = login(FormLoginServer.PASSWORD, "ptk_default_forged", "application/json",
                "/j_security_check");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), reply::body);
        assertTrue(reply.body().contains("\"token_invalid\""), reply::body);
        assertEquals("true", reply.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(0, server.passwordChecks());
    }

    @Test
    void validToken_logsIn() throws Exception {
        start(false);
        String token = PLAYTCHA.simulator().mintToken();

        HttpResponse<String> reply = login(FormLoginServer.PASSWORD, token, "text/html", "/j_security_check");

        assertEquals(303, reply.statusCode(), reply::body);
        assertEquals("true", reply.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(1, server.passwordChecks());
        assertEquals(1, PLAYTCHA.simulator().callCount(token));
        assertEquals("user=alice", browser.send(HttpRequest.newBuilder(server.uri("/secure/whoami")).timeout(TestSettings.WAIT).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void failClosedOutage_inABrowser_isRedirectedToTheErrorPage_withoutAskingTheLoginService() throws Exception {
        start(false, "fail-closed", "true");
        PLAYTCHA.simulator().injectOnce(Fault.serverError(500, "db_error"));

        HttpResponse<String> reply = login(FormLoginServer.PASSWORD, PLAYTCHA.simulator().mintToken(), "text/html",
                "/j_security_check");

        assertEquals(303, reply.statusCode(), reply::body);
        assertTrue(reply.headers().firstValue("Location").orElse("").contains("/app/login-error"),
                () -> reply.headers().toString());
        assertEquals(0, server.passwordChecks());
    }

    @Test
    void aPathJettyLogsInAt_thatTheGuardWouldLetThrough_isRefused() throws Exception {
        start(false);

        HttpResponse<String> reply = login(FormLoginServer.PASSWORD, null, "text/html", "/j_security_check/more");

        assertEquals(403, reply.statusCode(), reply::body);
        assertEquals(0, server.passwordChecks());
    }

    @Test
    void withoutTheDoor_theApplicationDoesNotStart_sayingWhatToAdd() {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        Map<String, String> params = Map.of("api-url", sim.url().toString(), "secret", sim.secret());

        Exception failure = assertThrows(Exception.class, () -> server = new FormLoginServer(false, false, params));

        assertTrue(String.valueOf(failure.getMessage()).contains("PlaytchaLoginHandler"), failure::toString);
    }

    private HttpResponse<String> login(String password, String token, String accept, String path) throws Exception {
        String form = "j_username=" + FormLoginServer.USER + "&j_password=" + password
                + (token == null ? "" : "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return browser.send(HttpRequest.newBuilder(server.uri(path)).timeout(TestSettings.WAIT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
