package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.servlet.LoginPage;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @PlaytchaLogin} under {@code playtcha.login.require=after-failures}: the account comes from the
 * parameter the binding names or from the credential given to {@code SecurityContext.authenticate}, and
 * the mechanism's {@code AuthenticationStatus} is counted ({@code SEND_FAILURE} a failure,
 * {@code SUCCESS} clears nothing: issue 49, it would tell whose owner logged in since).
 */
class PlaytchaLoginPolicyTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(PasswordMechanism.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.login.require", "after-failures");

    private final PlaytchaSimulator sim = APP.sim();
    private PasswordMechanism mechanism;

    @BeforeEach
    void findTheMechanism() {
        mechanism = APP.bean(PasswordMechanism.class);
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return APP.send(HttpRequest.newBuilder(APP.uri(path)).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                );
    }

    private static String login(String user, String password, String token) {
        String form = "user=" + user + "&password=" + password;
        return token == null ? form : form + "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String needsToken(HttpResponse<String> response) {
        return response.headers().firstValue(LoginPage.NEEDS_TOKEN_HEADER).orElse(null);
    }

    @Test
    void threeFailures_thenTokenRequired_withoutCallingTheMechanism_thenATokenLogsIn_andTheCountStays() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = post("/api/login", login("alice", "wrong", null));
            assertEquals("status=SEND_FAILURE caller=null outcome=null spent=false", failed.body());
            assertEquals("false", needsToken(failed));
            assertEquals("false false", mechanism.page(), "the attribute and the EL name, as a page forwarded to reads them");
            assertEquals(i, mechanism.checks());
        }

        HttpResponse<String> refused = post("/api/login", login("Alice", "secret", null));

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().startsWith("{\"error\":{\"code\":\"token_required\""), refused.body());
        assertTrue(refused.body().contains("\"login_needs_token\":true"), refused.body());
        assertEquals("true", needsToken(refused));
        assertEquals(3, mechanism.checks(), "the mechanism was not called");

        HttpResponse<String> loggedIn = post("/api/login", login("alice", "secret", sim.mintToken()));
        assertEquals("status=SUCCESS caller=alice outcome=verified spent=true", loggedIn.body());

        HttpResponse<String> afterSuccess = post("/api/login", login("alice", "wrong", null));
        assertEquals(403, afterSuccess.statusCode(), "the success cleared nothing: alice answers as before, as any name at its limit");
        assertEquals("true", needsToken(afterSuccess));
        assertEquals(4, mechanism.checks(), "the mechanism was not called");
    }

    @Test
    void theAccountOfSecurityContextAuthenticate_isTheCredentialsCaller() throws Exception {
        for (int i = 0; i < 3; i++) {
            post("/api/login", login("bob", "wrong", null));
        }

        HttpResponse<String> refused = post("/account?authenticate=bob", "");
        HttpResponse<String> other = post("/account?authenticate=carol", "");

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"token_required\""), refused.body());
        assertEquals("status=SUCCESS caller=carol outcome=null spent=false", other.body());
    }

    /**
     * The mechanism reads {@code user} with {@code getParameter}, from the query string whatever the body;
     * so does the interceptor, or a post whose credentials ride in the query of a text/plain body would
     * never be counted against the account, and the fourth guess would reach the mechanism without a token
     * (found by the review of issue 39).
     */
    @Test
    void afterThreeFailures_credentialsInTheQueryOfATextPlainPost_needAToken() throws Exception {
        for (int i = 1; i <= 3; i++) {
            post("/api/login", login("alice", "wrong", null));
        }
        assertEquals(3, mechanism.checks());

        HttpResponse<String> inQuery = APP.send(HttpRequest.newBuilder(APP.uri("/api/login?user=alice&password=guess"))
                .header("Accept", "application/json").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")));

        assertEquals(3, mechanism.checks(), "the mechanism must not be called without a token: " + inQuery.body());
        assertTrue(inQuery.body().contains("\"token_required\""), inQuery.body());
    }
}
