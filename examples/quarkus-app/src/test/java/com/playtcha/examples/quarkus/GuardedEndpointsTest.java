package com.playtcha.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocking and the reactive endpoints, guarded in Quarkus REST; the verify never on the event loop. */
@QuarkusTest
@QuarkusTestResource(SimulatorResource.class)
class GuardedEndpointsTest {

    @SimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    VerifyThreads threads;

    @Test
    void blockingForm_withAToken_isVerified_andWithoutOne_isRefused() {
        given().formParam("email", "a@example.com").formParam("playtcha-token", playtcha.mintToken())
                .post("/signup").then().statusCode(200).body(equalTo("signed up a@example.com [verified]"));
        given().formParam("email", "a@example.com").post("/signup").then().statusCode(403);
    }

    @Test
    void reactiveForm_isVerifiedOffTheEventLoop() {
        String token = playtcha.mintToken();
        given().formParam("text", "hello").formParam("playtcha-token", token)
                .post("/reactive/comment").then().statusCode(200).body(equalTo("comment hello [verified]"));
        given().formParam("text", "hello").formParam("playtcha-token", token)
                .post("/reactive/comment").then().statusCode(403);
        assertNoVerifyOnTheEventLoop();
    }

    @Test
    void annotatedGet_isGuarded() {
        given().get("/reactive/download").then().statusCode(403);
        given().header("Playtcha-Token", playtcha.mintToken()).get("/reactive/download")
                .then().statusCode(200).body(equalTo("download [verified]"));
        assertNoVerifyOnTheEventLoop();
    }

    private void assertNoVerifyOnTheEventLoop() {
        List<VerifyThreads.Seen> seen = threads.seen();
        assertFalse(seen.isEmpty(), "no verify was observed");
        for (VerifyThreads.Seen one : seen) {
            assertFalse(one.eventLoop(), "verified on the event loop: " + one);
        }
        assertTrue(seen.stream().anyMatch(s -> s.path().startsWith("/reactive")), seen::toString);
    }
}
