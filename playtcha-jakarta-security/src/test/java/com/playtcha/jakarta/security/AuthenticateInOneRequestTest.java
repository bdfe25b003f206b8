package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every call of a mechanism in one request is decided on the account it names
 * ({@code playtcha.login.require=after-failures}): the runtime's own call, which names no account (a JSON
 * body), never stands in for application code's {@code SecurityContext.authenticate} naming bob; a call for
 * the account this request already went on for is that same attempt, counted once; and a token verified
 * for this request is not sent to Playtcha again.
 */
class AuthenticateInOneRequestTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(JsonLoginMechanism.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.login.require", "after-failures");

    private final PlaytchaSimulator sim = APP.sim();
    private JsonLoginMechanism mechanism;

    @BeforeEach
    void findTheMechanism() {
        mechanism = APP.bean(JsonLoginMechanism.class);
    }

    /** A JSON login: the runtime's call reads no account, then the resource authenticates {@code user:password}. */
    private HttpResponse<String> json(String credential, String token) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(APP.uri("/api/session"))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .header(SecurityRuntime.AUTHENTICATE, credential)
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + credential + "\"}"));
        if (token != null) {
            post.header("Playtcha-Token", token);
        }
        // A client of its own: a refusal leaves the JSON body unread, and the server then drops the connection.
        return HttpClient.newBuilder().connectTimeout(GuardedMechanism.WAIT).build()
                .send(post.timeout(GuardedMechanism.WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form post whose parameter names {@code named}, then the resource authenticates {@code credential}. */
    private HttpResponse<String> form(String named, String credential, String token) throws Exception {
        String body = "user=" + named + (token == null ? "" : "&playtcha-token=" + token);
        return APP.send(HttpRequest.newBuilder(APP.uri("/api/session"))
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .header(SecurityRuntime.AUTHENTICATE, credential)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void bobAtHisLimit() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = json("bob:wrong" + i, null);
            assertEquals("status=SEND_FAILURE caller=null outcome=null spent=false", failed.body());
            assertEquals(i, mechanism.checks());
        }
    }

    @Test
    void jsonGuesses_atTheAccountsLimit_neverReachThePasswordCheck_andOnlyAValidTokenLogsIn() throws Exception {
        bobAtHisLimit();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> refused = json("bob:guess" + i, null);
            assertEquals(403, refused.statusCode(), refused::body);
            assertTrue(refused.body().contains("\"token_required\""), refused.body());
        }
        HttpResponse<String> rightPassword = json("bob:secret", null);
        String rejectedToken = sim.mintExpiredToken();
        HttpResponse<String> rejected = json("bob:secret", rejectedToken);

        assertEquals(403, rightPassword.statusCode(), rightPassword::body);
        assertTrue(rightPassword.body().contains("\"token_required\""), rightPassword.body());
        assertEquals(403, rejected.statusCode(), rejected::body);
        assertEquals(3, mechanism.checks(), "no guess without a valid token reached the password check");

        String token = sim.mintToken();
        HttpResponse<String> loggedIn = json("bob:secret", token);

        assertEquals("status=SUCCESS caller=bob outcome=verified spent=true", loggedIn.body());
        assertEquals(1, sim.callCount(token), "the valid token was sent to Playtcha once");
        assertEquals(1, sim.callCount(rejectedToken));
    }

    /**
     * A JSON login is one attempt for its client: the runtime's call for no account is given back when
     * {@code authenticate} names one. Before, each JSON login counted its client twice, and the sixth wrong
     * one of a client (the default limit is 10) needed a token.
     */
    @Test
    void wrongJsonLogins_onAsManyAccounts_countTheirClientOnceEach() throws Exception {
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> failed = json("user" + i + ":wrong", null);
            assertEquals("status=SEND_FAILURE caller=null outcome=null spent=false", failed.body(), "login " + i);
        }

        HttpResponse<String> eleventh = json("user11:wrong", null);

        assertEquals(403, eleventh.statusCode(), eleventh::body);
        assertTrue(eleventh.body().contains("\"token_required\""), eleventh.body());
        assertEquals(10, mechanism.checks(), "the client's ten failures were its limit");
    }

    @Test
    void anEarlierCallForAnotherAccount_neverStandsForTheAccountAuthenticated() throws Exception {
        bobAtHisLimit();

        HttpResponse<String> decoy = form("carol", "bob:secret", null);

        assertEquals(403, decoy.statusCode(), decoy::body);
        assertTrue(decoy.body().contains("\"token_required\""), decoy.body());
        assertEquals(3, mechanism.checks());
    }

    @Test
    void aSecondCallForTheSameAccount_isTheSameAttempt_countedOnce() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = form("bob", "bob:wrong", null);
            assertEquals("status=SEND_FAILURE caller=null outcome=null spent=false", failed.body());
        }

        HttpResponse<String> fourth = form("bob", "bob:wrong", null);

        assertEquals(3, mechanism.checks(), "three attempts, three counts: " + fourth.body());
        assertTrue(fourth.body().contains("\"token_required\""), fourth.body());
    }

    @Test
    void aTokenVerifiedForThisRequest_coversALaterCall_withoutAskingPlaytchaAgain() throws Exception {
        for (int i = 1; i <= 3; i++) {
            form("bob", "bob:wrong", null);
        }
        String token = sim.mintToken();

        HttpResponse<String> loggedIn = form("bob", "carol:secret", token);

        assertEquals("status=SUCCESS caller=carol outcome=verified spent=true", loggedIn.body());
        assertEquals(1, sim.callCount(token));
    }

    /**
     * Under {@code paths = "/*"} every request that could carry credentials is a login attempt, yet one the
     * mechanism answers {@code NOT_DONE} checked no password and counts nothing. Before, each such post was
     * counted against its client in advance and never given back: the eleventh ordinary post of a client
     * (the client limit is 10) and every login after it needed a token.
     */
    @Test
    void ordinaryPosts_underEveryPath_countNothing_andTheLoginAfterThemNeedsNoToken() throws Exception {
        for (int i = 1; i <= 20; i++) {
            HttpResponse<String> ordinary = APP.send(HttpRequest.newBuilder(APP.uri("/contact"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=visitor&message=hello+" + i)));
            assertEquals("status=NOT_DONE caller=null outcome=null spent=false", ordinary.body(), "post " + i);
        }

        HttpResponse<String> login = json("carol:wrong", null);

        assertEquals("status=SEND_FAILURE caller=null outcome=null spent=false", login.body());
        assertEquals(1, mechanism.checks());
    }
}
