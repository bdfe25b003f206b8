package com.playtcha.examples.quarkus.login;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The API login of the application's own, whose provider compares bcrypt hashes, under {@code after-failures}. */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class ApiLoginTest {

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    JudgedLog judged;

    static RequestSpecification login(String name, String password) {
        return given().formParam("name", name).formParam("password", password);
    }

    @Test
    void threeFailures_thenATokenIsNeeded_beforeTheComparison() {
        for (int i = 0; i < 3; i++) {
            login("carol", "wrong").post("/api/login").then().statusCode(401).header("Playtcha-Login-Needs-Token", "false");
        }
        login("carol", "tr0ub4dor&3").post("/api/login").then().statusCode(401).header("Playtcha-Login-Needs-Token", "true");
        assertEquals(3, judged.of("carol"), "the refused login reached no provider");

        login("carol", "tr0ub4dor&3").header("Playtcha-Token", playtcha.mintToken()).post("/api/login")
                .then().statusCode(200).body(equalTo("session for carol"));
    }
}
