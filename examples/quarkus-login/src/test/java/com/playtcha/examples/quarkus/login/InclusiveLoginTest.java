package com.playtcha.examples.quarkus.login;

import static io.restassured.RestAssured.given;
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
 * Two ways Quarkus makes password checks that the other tests do not take, under {@code always}: the programmatic
 * {@code HttpSecurity} API's path-specific Basic ({@link ReportsSecurity}), and inclusive authentication, where every
 * mechanism of a request is asked, so that one request may carry two credentials (Basic and the form's), each a check
 * of its own, which one token does not both cover. A profile of its own: Quarkus builds and starts the application
 * once more (not on the LTS line, whose module skips it).
 */
@QuarkusTest
@TestProfile(InclusiveLoginTest.Inclusive.class)
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class InclusiveLoginTest {

    /** The application under {@code always}, with inclusive authentication (lax: one identity is enough) and three users of its own. */
    public static class Inclusive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("playtcha.login.require", "always",
                    "quarkus.http.auth.inclusive", "true",
                    "quarkus.http.auth.inclusive-mode", "lax",
                    "quarkus.security.users.embedded.users.grace", "correct-horse",
                    "quarkus.security.users.embedded.users.heidi", "correct-horse",
                    "quarkus.security.users.embedded.users.ivan", "battery-staple");
        }
    }

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    JudgedLog judged;

    @Test
    void theProgrammaticApisBasic_isUnderThePolicy() {
        for (int i = 0; i < 5; i++) {
            AfterFailuresLoginTest.basic("grace", "correct-horse").get("/reports").then().statusCode(401)
                    .header("Playtcha-Login-Needs-Token", "true");
        }
        assertEquals(0, judged.of("grace"));
        AfterFailuresLoginTest.basic("grace", "correct-horse").header("Playtcha-Token", playtcha.mintToken()).get("/reports")
                .then().statusCode(200).body(equalTo("reports for grace"));
        assertEquals(1, judged.of("grace"));
    }

    @Test
    void inclusive_tenTokenlessLogins_judgeNothing() {
        for (int i = 0; i < 10; i++) {
            AfterFailuresLoginTest.basic("judy", "correct-horse").get("/account").then().statusCode(401);
        }
        assertEquals(0, judged.of("judy"));
    }

    @Test
    void inclusive_oneRequestWithTwoCredentials_oneTokenCoversOnlyOne() {
        // Basic (priority 2000) is asked first and its check takes the token; the form's, asked next, finds it spent.
        given().redirects().follow(false).auth().preemptive().basic("heidi", "correct-horse")
                .header("Playtcha-Token", playtcha.mintToken())
                .formParam("j_username", "ivan").formParam("j_password", "battery-staple").post("/j_security_check")
                .then().statusCode(302).header("Location", endsWith("/login.html?error"))
                .header("Playtcha-Login-Needs-Token", "true").header("Playtcha-Token-Spent", "true");
        assertEquals(1, judged.of("heidi"));
        assertEquals(0, judged.of("ivan"), "the form's credential was judged on the token Basic's took");
    }
}
