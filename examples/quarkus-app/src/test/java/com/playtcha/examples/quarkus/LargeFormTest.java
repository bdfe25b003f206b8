package com.playtcha.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A form over the filter's bound (1 MiB, as on every Jakarta REST runtime): the token is looked for
 * only within it, so a token behind it is {@code missing_token}, and a form whose token comes first
 * reaches the endpoint whole, its last field included, on the blocking and the reactive endpoint.
 * Each padding field stays under Quarkus's own {@code max-form-attribute-size} (2 KiB by default).
 */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class LargeFormTest {

    /** Over 1 MiB of small fields: 600 of them, 2,000 bytes each. */
    private static final String PADDING = padding(600, 2000);

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    VerifyThreads threads;

    @Test
    void blockingForm_withItsTokenFirst_reachesTheEndpointWhole() {
        post("/signup", "playtcha-token=" + playtcha.mintToken() + "&" + PADDING + "&email=last%40example.com")
                .then().statusCode(200).body(equalTo("signed up last@example.com [verified]"));
    }

    @Test
    void reactiveForm_withItsTokenFirst_reachesTheEndpointWhole_offTheEventLoop() {
        post("/reactive/comment", "playtcha-token=" + playtcha.mintToken() + "&" + PADDING + "&text=last")
                .then().statusCode(200).body(equalTo("comment last [verified]"));
        assertFalse(threads.seen().stream().anyMatch(VerifyThreads.Seen::eventLoop), () -> threads.seen().toString());
    }

    @Test
    void tokenAfterTheBound_isMissing_blockingAndReactive() {
        for (String path : new String[] {"/signup", "/reactive/comment"}) {
            post(path, PADDING + "&email=a%40example.com&text=a&playtcha-token=" + playtcha.mintToken())
                    .then().statusCode(403).body("error.code", equalTo("missing_token"));
        }
    }

    @Test
    void tokenAfterOneLargeField_isMissing_blockingAndReactive() {
        String large = "notes=" + "n".repeat(1024 * 1024 + 10);
        for (String path : new String[] {"/signup", "/reactive/comment"}) {
            post(path, large + "&playtcha-token=" + playtcha.mintToken())
                    .then().statusCode(403).body("error.code", equalTo("missing_token"));
        }
    }

    /** Quarkus's own limit, as without the library: the reactive endpoint's form is parsed by Quarkus REST's parser too. */
    @Test
    void aFieldOverQuarkussAttributeLimit_behindAValidToken_isQuarkussOwn413_blockingAndReactive() {
        for (String path : new String[] {"/signup", "/reactive/comment"}) {
            post(path, "playtcha-token=" + playtcha.mintToken() + "&email=a%40example.com&text=" + "t".repeat(3000))
                    .then().statusCode(413);
        }
    }

    /** Text for the endpoint's answer; a refusal, for a client that names no {@code text/html}, is the JSON envelope. */
    private static io.restassured.response.Response post(String path, String form) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8").accept("text/plain, application/json")
                .body(form).post(path);
    }

    private static String padding(int fields, int size) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields; i++) {
            form.append(i == 0 ? "" : "&").append("pad").append(i).append('=').append("p".repeat(size));
        }
        return form.toString();
    }
}
