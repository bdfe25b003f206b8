package com.playtcha.examples.quarkus.login;

import static io.restassured.RestAssured.given;
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

/** {@code playtcha.login.require=always}: no login without a valid token, Basic or form; a token logs in once. */
@QuarkusTest
@TestProfile(AlwaysLoginTest.Always.class)
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class AlwaysLoginTest {

    /** The application under {@code always}. */
    public static class Always implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("playtcha.login.require", "always");
        }
    }

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    JudgedLog judged;

    @Test
    void tenTokenlessLogins_judgeNothing_basicAndForm() {
        for (int i = 0; i < 5; i++) {
            AfterFailuresLoginTest.basic("alice", "correct-horse").get("/account").then().statusCode(401)
                    .header("Playtcha-Login-Needs-Token", "true");
            AfterFailuresLoginTest.form("alice", "correct-horse").post("/j_security_check").then().statusCode(302)
                    .header("Location", endsWith("/login.html?error"));
        }
        AfterFailuresLoginTest.basic("alice", "correct-horse").accept("application/json").get("/account").then().statusCode(403)
                .body(containsString("\"code\":\"missing_token\"")).body(containsString("\"login_needs_token\":true"));
        assertEquals(0, judged.of("alice"));
    }

    @Test
    void aTokenLogsInOnce() {
        String token = playtcha.mintToken();
        AfterFailuresLoginTest.basic("bob", "battery-staple").header("Playtcha-Token", token).get("/account")
                .then().statusCode(200).body(equalTo("logged in as bob"));
        AfterFailuresLoginTest.basic("bob", "battery-staple").header("Playtcha-Token", token).accept("application/json")
                .get("/account").then().statusCode(403).body(containsString("\"code\":\"already_redeemed\""))
                .header("Playtcha-Token-Spent", "true");
        AfterFailuresLoginTest.form("bob", "battery-staple").formParam("playtcha-token", playtcha.mintToken())
                .post("/j_security_check").then().statusCode(302).header("Location", endsWith("/account"));
        assertEquals(2, judged.of("bob"));
        given().get("/login.html").then().statusCode(200);
    }
}
