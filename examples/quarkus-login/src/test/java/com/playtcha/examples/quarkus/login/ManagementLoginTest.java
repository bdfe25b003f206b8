package com.playtcha.examples.quarkus.login;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The management interface's Basic login (its own port, its own mechanism) under {@code after-failures}: decided by the
 * same guard, counted on the same accounts.
 */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class ManagementLoginTest {

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    JudgedLog judged;

    @TestHTTPResource(value = "whoami", management = true)
    URL whoami;

    @Test
    void threeFailures_thenATokenIsNeeded_onTheManagementInterfaceToo() throws Exception {
        for (int i = 0; i < 3; i++) {
            given().auth().preemptive().basic("olga", "wrong").get(whoami.toURI()).then().statusCode(401)
                    .header("Playtcha-Login-Needs-Token", "false");
        }
        given().auth().preemptive().basic("olga", "wrong").get(whoami.toURI()).then().statusCode(401)
                .header("Playtcha-Login-Needs-Token", "true");
        assertEquals(3, judged.of("olga"), "the refused login reached no provider");

        given().auth().preemptive().basic("bob", "battery-staple").header("Playtcha-Token", playtcha.mintToken())
                .get(whoami.toURI()).then().statusCode(200);
    }
}
