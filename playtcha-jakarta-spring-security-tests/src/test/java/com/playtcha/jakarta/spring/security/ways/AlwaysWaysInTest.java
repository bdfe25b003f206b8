package com.playtcha.jakarta.spring.security.ways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 63 under {@code playtcha.login.require=always}: every password check needs a token, whichever way
 * the application gave Spring Security its manager; one token covers one credential; a check with no
 * request is refused; remember-me needs none.
 */
@WithSimulator
@SpringBootTest(classes = WaysInApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=always")
class AlwaysWaysInTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void reset() {
        WaysInApplication.LOOKUPS.set(0);
    }

    @Test
    void aChainGivenItsOwnManager_needsAToken_formAndBasic() throws Exception {
        HttpResponse<String> form = new Browser(port).formLogin("/local/login", "alice", "secret", null, false);
        HttpResponse<String> basic = new Browser(port).basic("/local/whoami", "alice", "secret", null);

        assertTrue(form.headers().firstValue("Location").orElse("").endsWith("/local/login?error"), form::toString);
        assertEquals("true", form.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null));
        assertEquals(401, basic.statusCode(), basic::toString);
        assertEquals(0, WaysInApplication.LOOKUPS.get());

        Browser client = new Browser(port);
        HttpResponse<String> withToken = client.formLogin("/local/login", "alice", "secret", PLAYTCHA.mintToken(), false);
        assertTrue(withToken.headers().firstValue("Location").orElse("").endsWith("/local/whoami"), withToken::toString);
        assertEquals(1, PLAYTCHA.callCount());
    }

    @Test
    void theManagerAuthenticationConfigurationHandsOut_needsAToken() throws Exception {
        HttpResponse<String> login = new Browser(port).login("/api/config", "alice", "secret", null);

        assertEquals("PlaytchaLoginException", login.body());
        assertEquals(0, WaysInApplication.LOOKUPS.get());
        assertEquals("caller=alice", new Browser(port).login("/api/config", "alice", "secret", PLAYTCHA.mintToken()).body());
    }

    @Test
    void oneToken_coversOneCredential_notTheOtherPasswordsOfABatch() throws Exception {
        String passwords = IntStream.range(0, 25).mapToObj(i -> "\"guess" + i + "\"").collect(Collectors.joining(","));
        HttpResponse<String> batch = new Browser(port).json("/api/batch",
                "{\"username\":[\"bob\"],\"passwords\":[" + passwords + ",\"secret\"]}", PLAYTCHA.mintToken());

        assertEquals("accepted=0, refused=26", batch.body());
        assertEquals(1, WaysInApplication.LOOKUPS.get(), "the first credential only reached the store");
    }

    @Test
    void aCheckWithNoRequest_isRefused() throws Exception {
        HttpResponse<String> login = new Browser(port).login("/api/async", "alice", "secret", PLAYTCHA.mintToken());

        assertEquals("PlaytchaLoginException", login.body());
        assertEquals(0, WaysInApplication.LOOKUPS.get());
    }

    /** No password, no decision: the manager answers it as without the starter (here: no provider for it). */
    @Test
    void aPreAuthenticatedLogin_passesUndecided() throws Exception {
        HttpResponse<String> login = new Browser(port).login("/api/pre-authenticated", "alice", "", null);

        assertEquals("ProviderNotFoundException", login.body());
        assertEquals(0, PLAYTCHA.callCount());
    }

    /**
     * Issue 70, items 2, 3 and 6: a manager declared by an interface of the application's own (a lambda), one of a final
     * class declared by its interface, and a password token of the application's own type need a token like any other
     * check. Failed on 1cde289e: the first and the last reached the store, the right password logged in.
     */
    @Test
    void issue70sManagersAndTokenType_needAToken() throws Exception {
        for (String path : List.of("/api/manager/tenant", "/api/manager/final")) {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> login = new Browser(port).login(path, "rita", i == 9 ? "secret" : "guess" + i, null);
                assertEquals("PlaytchaLoginException", login.body(), path + ": " + login.body());
            }
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> login = new Browser(port).json("/api/email",
                    "{\"email\":\"rita@example.com\",\"named\":\"true\",\"password\":\"" + (i == 9 ? "secret" : "guess" + i) + "\"}", null);
            assertEquals("PlaytchaLoginException", login.body(), login::toString);
        }
        assertEquals(0, WaysInApplication.LOOKUPS.get());
        assertEquals("caller=rita", new Browser(port).login("/api/manager/tenant", "rita", "secret", PLAYTCHA.mintToken()).body());
        assertEquals("caller=rita", new Browser(port).json("/api/email",
                "{\"email\":\"rita@example.com\",\"password\":\"secret\"}", PLAYTCHA.mintToken()).body());
    }

    @Test
    void aRememberMeCookie_logsItsOwnerIn_inANewSession_withNoToken() throws Exception {
        Browser first = new Browser(port);
        first.formLogin("/login", "carol", "secret", PLAYTCHA.mintToken(), true);
        HttpCookie rememberMe = first.cookie("remember-me");
        assertNotNull(rememberMe);

        HttpResponse<String> whoami = first.withOnly(rememberMe).get("/whoami");

        assertEquals(200, whoami.statusCode(), whoami::toString);
        assertEquals("caller=carol", whoami.body());
        assertTrue(whoami.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("remember-me=;")), whoami::toString);
        assertEquals(1, PLAYTCHA.callCount(), "only the first login's token");
    }
}
