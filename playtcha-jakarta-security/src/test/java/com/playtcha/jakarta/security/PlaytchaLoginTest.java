package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @PlaytchaLogin} on a real mechanism bean, through Weld's interceptors, called the way a
 * Jakarta Security runtime calls it ({@link SecurityRuntime}, over HTTP). Tokens are verified by the
 * CDI verifier against the simulator.
 */
class PlaytchaLoginTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(CountingMechanism.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.fail-closed", "true",
                    "playtcha.breaker.enabled", "false");

    private final PlaytchaSimulator sim = APP.sim();
    private CountingMechanism mechanism;

    @BeforeEach
    void findTheMechanism() {
        mechanism = APP.bean(CountingMechanism.class);
    }

    private HttpResponse<String> post(String path, String form, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(APP.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return APP.send(request);
    }

    private static String login(String user, String token) {
        String form = "user=" + user;
        return token == null ? form : form + "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Test
    void loginWithoutToken_isRefused_andTheMechanismIsNeverCalled() throws Exception {
        HttpResponse<String> response = post("/api/login", login("alice", null), null);

        assertEquals(403, response.statusCode(), response::body);
        assertEquals("false", response.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null),
                "the login guard's header, spelled the same");
        assertEquals(0, mechanism.calls(), "the mechanism was called");
        assertEquals(0, sim.callCount());
    }

    @Test
    void loginWithAValidToken_reachesTheMechanism_withTheAttributes() throws Exception {
        String token = sim.mintToken();

        HttpResponse<String> response = post("/api/login", login("alice", token), null);

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("status=SUCCESS caller=alice outcome=verified spent=true", response.body());
        assertEquals("true", response.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).orElse(null));
        assertEquals(1, mechanism.calls());
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void jsonClient_withAnExpiredToken_getsTheEnvelope_andIsToldTheTokenIsSpent() throws Exception {
        HttpResponse<String> response = post("/api/login", login("alice", sim.mintExpiredToken()), "application/json");

        assertEquals(403, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(response.body().startsWith("{\"error\":{\"code\":\"token_expired\""), response.body());
        assertEquals("true", response.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(0, mechanism.calls());
    }

    @Test
    void replayedToken_isRefused_withoutAskingPlaytchaAgain() throws Exception {
        String token = sim.mintToken();
        assertEquals(200, post("/api/login", login("alice", token), null).statusCode());

        HttpResponse<String> replay = post("/api/login", login("mallory", token), "application/json");

        assertEquals(403, replay.statusCode(), replay::body);
        assertTrue(replay.body().contains("\"code\":\"already_redeemed\""), replay.body());
        assertEquals(1, mechanism.calls(), "only the first login reached the mechanism");
    }

    @Test
    void failClosedOutage_isRefused503_withoutCallingTheMechanism() throws Exception {
        sim.injectOnce(Fault.serverError(503, "db_error"));

        HttpResponse<String> response = post("/api/login", login("alice", sim.mintToken()), "application/json");

        assertEquals(503, response.statusCode(), response::body);
        assertEquals(0, mechanism.calls());
    }

    @Test
    void requestsThatAreNoLogin_reachTheMechanism_unverified() throws Exception {
        HttpResponse<String> other = post("/orders", "user=alice", null);
        HttpResponse<String> get = APP.send(HttpRequest.newBuilder(APP.uri("/api/login"))
                .GET());

        assertEquals("status=NOT_DONE caller=null outcome=null spent=null", other.body());
        assertEquals("status=NOT_DONE caller=null outcome=null spent=null", get.body());
        assertEquals(2, mechanism.calls());
        assertTrue(other.headers().firstValue(LoginProtocol.TOKEN_SPENT_HEADER).isEmpty(), "no login, no header");
        assertEquals(0, sim.callCount());
    }

    @Test
    void authenticateWithCredentials_isALoginAttempt_onAnyPath() throws Exception {
        HttpResponse<String> refused = post("/account?authenticate=alice", "", null);
        HttpResponse<String> allowed = post("/account?authenticate=alice", "playtcha-token=" + sim.mintToken(), null);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("status=SUCCESS caller=alice outcome=verified spent=true", allowed.body());
        assertEquals(1, mechanism.calls());
    }
}
