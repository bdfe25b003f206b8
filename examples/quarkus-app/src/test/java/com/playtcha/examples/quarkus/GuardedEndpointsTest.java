package com.playtcha.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocking and the reactive endpoints, guarded in Quarkus REST; the verify never on the event loop. */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class GuardedEndpointsTest {

    @PlaytchaSimulatorResource.Simulator
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

    /**
     * Quarkus REST matches the {@code Accept} header against {@code @Produces} before any filter runs: a client that
     * accepts only JSON gets Quarkus's empty 406 from a {@code text/plain} resource, token or not, and the token is not
     * verified (nor spent).
     */
    @Test
    void aJsonOnlyClient_ofATextResource_getsQuarkuss406_beforeTheFilter() {
        String token = playtcha.mintToken();
        given().accept("application/json").formParam("email", "a@example.com").formParam("playtcha-token", token)
                .post("/signup").then().statusCode(406).body(equalTo(""));
        given().accept("application/json").formParam("email", "a@example.com").post("/signup").then().statusCode(406);
        assertFalse(verified(token), "the token was verified");

        given().formParam("email", "a@example.com").formParam("playtcha-token", token)
                .post("/signup").then().statusCode(200).body(equalTo("signed up a@example.com [verified]"));
    }

    /**
     * A guarded {@code GET} never reads the query string (a browser's {@code <form method="get">} puts the widget's
     * field there): {@code missing_token}, nothing verified. The header is read, and an urlencoded body when a client
     * sends one with its {@code GET} (a browser never does).
     */
    @Test
    void aGuardedGet_readsTheHeaderOrABody_neverTheQueryString() {
        String inQuery = playtcha.mintToken();
        given().queryParam("playtcha-token", inQuery).get("/reactive/download").then().statusCode(403);
        assertFalse(verified(inQuery), "the query's token was verified");

        given().header("Playtcha-Token", playtcha.mintToken()).get("/reactive/download")
                .then().statusCode(200).body(equalTo("download [verified]"));
        given().contentType("application/x-www-form-urlencoded").body("playtcha-token=" + playtcha.mintToken())
                .get("/reactive/download").then().statusCode(200).body(equalTo("download [verified]"));
    }

    private boolean verified(String token) {
        return playtcha.calls().stream().anyMatch(call -> token.equals(call.token()));
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
