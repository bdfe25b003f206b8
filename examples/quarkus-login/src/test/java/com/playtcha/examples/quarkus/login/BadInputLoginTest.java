package com.playtcha.examples.quarkus.login;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What a client controls, sent badly, under {@code after-failures}: a clear 4xx or the policy's refusal, never a 500 and
 * never a password judged past what the policy allows. Each test on accounts of its own.
 */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class BadInputLoginTest {

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    JudgedLog judged;

    private static void atItsLimit(String account) {
        for (int i = 0; i < 3; i++) {
            AfterFailuresLoginTest.basic(account, "wrong").get("/account").then().statusCode(401);
        }
    }

    @Test
    void aTokenFieldSentTwice_isNoToken() {
        atItsLimit("gina");
        AfterFailuresLoginTest.form("gina", "x").formParam("playtcha-token", playtcha.mintToken())
                .formParam("playtcha-token", playtcha.mintToken()).post("/j_security_check")
                .then().statusCode(302).header("Location", endsWith("/login.html?error")).header("Playtcha-Login-Needs-Token", "true");
        assertEquals(3, judged.of("gina"));
    }

    @Test
    void aTokenFieldOverQuarkusLimit_isAnsweredByQuarkus_nothingJudged() {
        atItsLimit("hank");
        AfterFailuresLoginTest.form("hank", "x").formParam("playtcha-token", "t".repeat(64 * 1024)).post("/j_security_check")
                .then().statusCode(lessThan(500));
        assertEquals(3, judged.of("hank"));
    }

    @Test
    void aNamePastTheLimit_needsAToken_whateverItsCounts() {
        String name = "i".repeat(300);
        AfterFailuresLoginTest.basic(name, "x").get("/account").then().statusCode(401).header("Playtcha-Login-Needs-Token", "true");
        assertEquals(0, judged.of(name));
    }

    /**
     * Issue 93: an empty or blank user name is an account the guard cannot read, as in every door: it needs a token from
     * its first attempt, and no provider judges it without one. The client is shown below its limit first (a named
     * account's wrong password goes on), so the refusal is the name's. Failed on 9ca7ce49: a blank name was counted on no
     * account and judged.
     */
    @Test
    void anEmptyOrBlankName_needsAToken_fromItsFirstAttempt() {
        AfterFailuresLoginTest.basic("lena", "wrong").get("/account").then().statusCode(401)
                .header("Playtcha-Login-Needs-Token", "false");
        for (String name : new String[] {"", "   "}) {
            String basic = "Basic " + Base64.getEncoder().encodeToString((name + ":x").getBytes(StandardCharsets.UTF_8));
            given().header("Authorization", basic).get("/account").then().statusCode(401)
                    .header("Playtcha-Login-Needs-Token", "true");
            AfterFailuresLoginTest.form(name, "x").post("/j_security_check").then().statusCode(302)
                    .header("Location", endsWith("/login.html?error")).header("Playtcha-Login-Needs-Token", "true");
        }
        assertEquals(0, judged.all().stream().filter(j -> j.account() == null || j.account().isBlank()).count());
    }

    @Test
    void twoBasicHeaders_makeOneCheck_ofTheFirst() {
        atItsLimit("ivan");
        String first = "Basic " + Base64.getEncoder().encodeToString("ivan:x".getBytes(StandardCharsets.UTF_8));
        String second = "Basic " + Base64.getEncoder().encodeToString("judy:x".getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", first).header("Authorization", second).get("/account")
                .then().statusCode(401).header("Playtcha-Login-Needs-Token", "true");
        assertEquals(3, judged.of("ivan"));
        assertEquals(0, judged.of("judy"));
    }

    @Test
    void aFormBodyThatDoesNotParse_isNoCheck() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .body("j_username=kim%zz&j_password=%%%").post("/j_security_check").then().statusCode(lessThan(500));
        given().redirects().follow(false).contentType("multipart/form-data; boundary=none")
                .body("garbage".getBytes(StandardCharsets.UTF_8)).post("/j_security_check").then().statusCode(lessThan(500));
        assertEquals(0, judged.all().stream().filter(j -> j.account().startsWith("kim")).count());
    }
}
