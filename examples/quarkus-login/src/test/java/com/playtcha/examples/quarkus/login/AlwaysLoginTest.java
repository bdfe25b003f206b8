package com.playtcha.examples.quarkus.login;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
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
 * {@code playtcha.login.require=always}: no login without a valid token, Basic or form, nor through a caller that forgot
 * the request's routing context, although {@code playtcha.login.outside-requests=true}; a token logs in once.
 */
@QuarkusTest
@TestProfile(AlwaysLoginTest.Always.class)
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class AlwaysLoginTest {

    /** The application under {@code always}. */
    public static class Always implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // outside-requests: a batch job's checks may go on; an HTTP login never goes on without a token (issue 93)
            return Map.of("playtcha.login.require", "always", "playtcha.login.outside-requests", "true");
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

    /**
     * Issue 93: a mechanism and a resource that ask the manager without the request's routing context make HTTP logins,
     * which need a token under {@code always} whatever {@code playtcha.login.outside-requests} says; the guard finds the
     * request and reads its token, which passes once. Failed on 9ca7ce49: decided as checks outside requests, each went
     * on without a token and alice logged in.
     */
    @Test
    void loginsWhoseCallerForgotTheRequest_needAToken_thenATokenPassesOnce() {
        for (int i = 0; i < 3; i++) {
            given().redirects().follow(false).header(ForgetfulMechanism.HEADER, "alice:correct-horse").get("/account").then()
                    .statusCode(not(200)).header("Playtcha-Login-Needs-Token", "true");
            ApiLoginTest.login("alice", "correct-horse").post("/forgetful/login").then().statusCode(401)
                    .header("Playtcha-Login-Needs-Token", "true");
            ApiLoginTest.login("alice", "correct-horse").post("/forgetful/blocking-login").then().statusCode(401)
                    .header("Playtcha-Login-Needs-Token", "true");
        }
        assertEquals(0, judged.of("alice"));

        String token = playtcha.mintToken();
        given().redirects().follow(false).header(ForgetfulMechanism.HEADER, "dora:guess").header("Playtcha-Token", token)
                .get("/account").then().statusCode(not(200));
        assertEquals(1, judged.of("dora"), "the token's check reached the providers");
        ApiLoginTest.login("dora", "guess").header("Playtcha-Token", token).post("/forgetful/blocking-login")
                .then().statusCode(401).header("Playtcha-Token-Spent", "true");
        assertEquals(1, judged.of("dora"), "its replay was refused before any provider");
        ApiLoginTest.login("erin", "guess").header("Playtcha-Token", playtcha.mintToken()).post("/forgetful/login")
                .then().statusCode(401);
        assertEquals(1, judged.of("erin"));
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
