package com.playtcha.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** An outage fails open (the default) with the request marked; the readiness check is there, once, and UP. */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class FailOpenAndReadinessTest {

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Test
    void playtchaDown_theSignupFailsOpen_marked() {
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(500, "db_error"));
        given().formParam("email", "b@example.com").formParam("playtcha-token", token).post("/signup")
                .then().statusCode(200).body(equalTo("signed up b@example.com [unavailable, failed open]"));
    }

    @Test
    void readiness_hasThePlaytchaCheck_once_andUp() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.findAll { it.name == 'playtcha' }", hasSize(1))
                .body("checks.find { it.name == 'playtcha' }.status", equalTo("UP"))
                .body("checks.name", hasItem("playtcha"));
    }
}
