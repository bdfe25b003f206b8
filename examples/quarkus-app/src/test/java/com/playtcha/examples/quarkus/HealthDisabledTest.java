package com.playtcha.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;

import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code playtcha.health.enabled=false} is honoured in ArC (the library's CDI Lite extension reads it
 * when the application is built): no {@code playtcha} check. A profile of its own, so Quarkus builds
 * and starts the application a second time for this class.
 */
@QuarkusTest
@TestProfile(HealthDisabledTest.Disabled.class)
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class HealthDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("playtcha.health.enabled", "false");
        }
    }

    @Test
    void healthDisabled_noPlaytchaCheck() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.findAll { it.name == 'playtcha' }", empty());
    }
}
