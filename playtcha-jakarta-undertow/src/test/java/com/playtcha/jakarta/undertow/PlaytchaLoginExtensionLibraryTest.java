package com.playtcha.jakarta.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole WildFly login, embedded: Undertow's own FORM login, the library's door found through its
 * service file, and the library's login guard published by {@code PlaytchaInitializer} for a
 * {@code PlaytchaFilter} mapped onto {@code /j_security_check}, verifying against the simulator over
 * loopback. What the realm is asked, what the browser and a script are answered.
 */
class PlaytchaLoginExtensionLibraryTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static final String LOGIN = "/j_security_check";

    private static FormLoginUndertow start(String... settings) throws Exception {
        PlaytchaSimulator simulator = PLAYTCHA.simulator();
        Map<String, String> initParams = new HashMap<>(Map.of("api-url", simulator.url().toString(),
                "secret", simulator.secret()));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            initParams.put(settings[i], settings[i + 1]);
        }
        return FormLoginUndertow.withPlaytchaFilter(initParams);
    }

    /** A visitor: asks for the secure page first (Undertow saves the request), then logs in. */
    private static HttpResponse<String> login(FormLoginUndertow app, Browser browser, String password, String token)
            throws Exception {
        assertEquals("login page", browser.get(app.uri("/secure/whoami")).body());
        return browser.post(app.uri(LOGIN), "j_username", CountingIdentityManager.USER, "j_password", password,
                "playtcha-token", token);
    }

    @Test
    void loginWithoutToken_isRefusedOnTheFormErrorPage_andTheRealmIsNeverAsked() throws Exception {
        try (FormLoginUndertow app = start()) {
            HttpResponse<String> refused = new Browser().post(app.uri(LOGIN),
                    "j_username", CountingIdentityManager.USER, "j_password", CountingIdentityManager.PASSWORD);

            assertEquals(403, refused.statusCode(), refused::body);
            assertEquals("login failed code=missing_token spent=false", refused.body());
            assertEquals("false", refused.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null));
            assertEquals(List.of(), refused.headers().allValues("Set-Cookie"), "no session");
            assertEquals(0, app.passwordChecks());
            assertEquals(0, PLAYTCHA.simulator().callCount());
        }
    }

    @Test
    void junkToken_isRefused_theRealmNeverAsked_andTheTokenIsSpent() throws Exception {
        try (FormLoginUndertow app = start()) {
            HttpResponse<String> refused = login(app, new Browser(), CountingIdentityManager.PASSWORD, "junk");

            assertEquals(403, refused.statusCode(), refused::body);
            assertTrue(refused.body().startsWith("login failed code="), refused::body);
            assertTrue(refused.body().endsWith(" spent=true"), refused::body);
            assertEquals("true", refused.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null));
            assertEquals(0, app.passwordChecks());
        }
    }

    @Test
    void validToken_logsIn_andAReplayOfItIsRefused() throws Exception {
        try (FormLoginUndertow app = start()) {
            String token = PLAYTCHA.simulator().mintToken();
            Browser browser = new Browser();
            HttpResponse<String> login = login(app, browser, CountingIdentityManager.PASSWORD, token);

            assertEquals(302, login.statusCode(), login::body);
            assertEquals("true", login.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null));
            assertEquals("user=alice", browser.get(app.uri("/secure/whoami")).body());
            assertEquals(1, app.passwordChecks());
            assertEquals(1, PLAYTCHA.simulator().callCount(token));

            HttpResponse<String> replay = login(app, new Browser(), CountingIdentityManager.PASSWORD, token);
            assertEquals(403, replay.statusCode(), replay::body);
            assertEquals("login failed code=already_redeemed spent=true", replay.body());
            assertEquals(1, app.passwordChecks(), "the replay never reached the realm");
        }
    }

    @Test
    void wrongPassword_withAValidToken_asksTheRealmOnce_andThePageSaysTheTokenIsSpent() throws Exception {
        try (FormLoginUndertow app = start()) {
            HttpResponse<String> failed = login(app, new Browser(), "wrong", PLAYTCHA.simulator().mintToken());

            assertEquals(200, failed.statusCode(), failed::body);
            assertEquals("login failed spent=true", failed.body());
            assertEquals("true", failed.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null));
            assertEquals(1, app.passwordChecks());
        }
    }

    @Test
    void failClosedOutage_answers503_withoutAskingTheRealm() throws Exception {
        try (FormLoginUndertow app = start("fail-closed", "true", "breaker.enabled", "false")) {
            PLAYTCHA.simulator().inject(Fault.serverError(503, "maintenance"));
            HttpResponse<String> refused = login(app, new Browser(), CountingIdentityManager.PASSWORD,
                    PLAYTCHA.simulator().mintToken());

            assertEquals(503, refused.statusCode(), refused::body);
            assertTrue(refused.body().startsWith("login failed code="), refused::body);
            assertEquals(0, app.passwordChecks());
        }
    }

    @Test
    void failOpenOutage_logsIn() throws Exception {
        try (FormLoginUndertow app = start("breaker.enabled", "false")) {
            PLAYTCHA.simulator().inject(Fault.serverError(503, "maintenance"));
            Browser browser = new Browser();
            HttpResponse<String> login = login(app, browser, CountingIdentityManager.PASSWORD,
                    PLAYTCHA.simulator().mintToken());

            assertEquals(302, login.statusCode(), login::body);
            assertEquals("user=alice", browser.get(app.uri("/secure/whoami")).body());
            assertEquals(1, app.passwordChecks());
        }
    }

    @Test
    void aScriptThatAsksForJson_getsTheEnvelope() throws Exception {
        try (FormLoginUndertow app = start()) {
            HttpResponse<String> refused = new Browser().postJson(app.uri(LOGIN), "j_username", "alice",
                    "j_password", "secret", "playtcha-token", "junk");

            assertEquals(403, refused.statusCode(), refused::body);
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    refused.headers()::toString);
            assertTrue(refused.body().startsWith("{\"error\":{\"code\":"), refused::body);
            assertEquals("true", refused.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null));
            assertEquals(0, app.passwordChecks());
        }
    }

    @Test
    void observeMode_logsInWithoutAToken() throws Exception {
        try (FormLoginUndertow app = start("mode", "observe")) {
            Browser browser = new Browser();
            HttpResponse<String> login = login(app, browser, CountingIdentityManager.PASSWORD, null);

            assertEquals(302, login.statusCode(), login::body);
            assertEquals("false", login.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null));
            assertEquals(1, app.passwordChecks());
        }
    }

    /**
     * Undertow (and Elytron, and Tomcat) take any path whose last segment is j_security_check for a
     * login post, and the door hands them all to the guard, which guards every one of them, though the
     * filter's pattern names {@code /j_security_check} only.
     */
    @Test
    void loginPostToADeeperPath_isGuardedToo() throws Exception {
        try (FormLoginUndertow app = start()) {
            HttpResponse<String> refused = new Browser().post(app.uri("/deep/j_security_check"),
                    "j_username", CountingIdentityManager.USER, "j_password", CountingIdentityManager.PASSWORD);

            assertEquals(403, refused.statusCode(), refused::body);
            assertEquals(0, app.passwordChecks());
        }
    }
}
