package com.playtcha.examples.quarkus.login;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.http.auth.proactive=false}: Quarkus authenticates when something first asks for the identity (here the
 * path's permission check), and the guard decides the same; a refusal keeps Quarkus's own answer and the guard's headers,
 * and a client that prefers JSON gets the envelope.
 */
@QuarkusTest
@TestProfile(LazyAuthenticationLoginTest.Lazy.class)
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class LazyAuthenticationLoginTest {

    /** The application under {@code always}, authenticating lazily. */
    public static class Lazy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("playtcha.login.require", "always", "quarkus.http.auth.proactive", "false");
        }
    }

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    JudgedLog judged;

    @Test
    void tokenlessLogins_judgeNothing_andATokenLogsIn() {
        for (int i = 0; i < 3; i++) {
            AfterFailuresLoginTest.basic("alice", "correct-horse").get("/account").then().statusCode(401)
                    .header("Playtcha-Login-Needs-Token", "true");
            AfterFailuresLoginTest.form("alice", "correct-horse").post("/j_security_check").then().statusCode(302)
                    .header("Location", endsWith("/login.html?error"));
        }
        assertEquals(0, judged.of("alice"));

        AfterFailuresLoginTest.basic("alice", "correct-horse").header("Playtcha-Token", playtcha.mintToken()).get("/account")
                .then().statusCode(200).body(equalTo("logged in as alice"));
        AfterFailuresLoginTest.form("bob", "battery-staple").formParam("playtcha-token", playtcha.mintToken())
                .post("/j_security_check").then().statusCode(302).header("Location", endsWith("/account"));
        assertEquals(1, judged.of("alice"));
        assertEquals(1, judged.of("bob"));
    }

    @Test
    void aClientThatPrefersJson_getsTheEnvelope_withBasicsChallenge() {
        AfterFailuresLoginTest.basic("carol", "whatever").accept("application/json").get("/account").then().statusCode(403)
                .header("Content-Type", containsString("application/json")).header("WWW-Authenticate", containsString("basic"))
                .header("Playtcha-Login-Needs-Token", "true")
                .body(containsString("\"code\":\"missing_token\"")).body(containsString("\"login_needs_token\":true"));
        AfterFailuresLoginTest.basic("carol", "whatever").header("Playtcha-Token", "not-a-token").accept("application/json")
                .get("/account").then().statusCode(403).header("Playtcha-Token-Spent", "true")
                .body(containsString("\"login_needs_token\":true"));
        AfterFailuresLoginTest.basic("carol", "whatever").get("/account").then().statusCode(401)
                .header("WWW-Authenticate", containsString("basic")).header("Playtcha-Login-Needs-Token", "true");
        assertEquals(0, judged.of("carol"));
    }
}
