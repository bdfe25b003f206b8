package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.SimulatorClient.Answer;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Playtcha's {@code /v1/verify} contract: every status and code, and the shapes of both replies. */
@ExtendWith(PlaytchaSimulatorExtension.class)
class VerifyContractTest {

    private final PlaytchaSimulator simulator;
    private final SimulatorClient client;

    /** One simulator per class; the extension resets it before each test. */
    VerifyContractTest(PlaytchaSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimulatorClient(simulator);
    }

    @Test
    void freshToken_answers200Success_notDegraded_withRequestIdAndUnknownFields() throws Exception {
        String token = simulator.mintToken();

        JsonObject reply = client.verify(token).assertSuccess(false);

        assertTrue(reply.getString("request_id").startsWith("req_"), reply::toString);
        // The real service sends more than the contract names; clients must ignore it.
        assertEquals(PlaytchaSimulator.DEFAULT_PROJECT, reply.getString("project"));
        assertTrue(reply.get("challenge_ts") instanceof JsonNumber, reply::toString);
        assertTrue(reply.keySet().size() > 3, () -> "no unknown fields in " + reply);
    }

    @Test
    void success_isServedAsJson() throws Exception {
        Answer answer = client.verify(simulator.mintToken());

        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void secondVerify_ofSameToken_answers409AlreadyRedeemed() throws Exception {
        String token = simulator.mintToken();
        client.verify(token).assertSuccess(false);

        client.verify(token).assertError(409, "already_redeemed");
    }

    @Test
    void mintedRedeemedToken_answers409AlreadyRedeemed() throws Exception {
        client.verify(simulator.mintRedeemedToken()).assertError(409, "already_redeemed");
    }

    @Test
    void mintedExpiredToken_answers410TokenExpired() throws Exception {
        client.verify(simulator.mintExpiredToken()).assertError(410, "token_expired");
    }

    @Test
    void tokenOlderThanFiveMinutesOnTheAdvancedClock_answers410TokenExpired() throws Exception {
        String token = simulator.mintToken();

        simulator.advanceTime(Duration.ofMinutes(5));

        client.verify(token).assertError(410, "token_expired");
    }

    @Test
    void tokenJustUnderFiveMinutesOld_stillVerifies() throws Exception {
        String token = simulator.mintToken();

        simulator.advanceTime(Duration.ofMinutes(5).minusSeconds(2));

        client.verify(token).assertSuccess(false);
    }

    @Test
    void tokenMintedWithAnAge_expiresOnlyPastFiveMinutes() throws Exception {
        client.verify(simulator.mintToken(Duration.ofMinutes(4))).assertSuccess(false);
        client.verify(simulator.mintToken(Duration.ofMinutes(5))).assertError(410, "token_expired");
    }

    @Test
    void expiredToken_isNotRedeemed_andStaysExpired() throws Exception {
        String token = simulator.mintExpiredToken();
        client.verify(token).assertError(410, "token_expired");

        client.verify(token).assertError(410, "token_expired");
    }

    @Test
    void advanceTime_backwards_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> simulator.advanceTime(Duration.ofSeconds(-1)));
    }

    @Test
    void wrongSecret_answers401BadSecret_andLeavesTokenUnredeemed() throws Exception {
        String token = simulator.mintToken();

        client.verify("sk_test_wrong", token).assertError(401, "bad_secret");

        client.verify(token).assertSuccess(false);
    }

    @Test
    void secretOfAnotherProject_answers401BadSecret() throws Exception {
        SimulatedProject other = simulator.createProject("other");

        client.verify(other.secret(), simulator.mintToken()).assertError(401, "bad_secret");
        client.verify(other.secret(), simulator.mintToken(other)).assertSuccess(false);
    }

    @Test
    void garbageToken_answers401TokenInvalid_withLiveVsTestHint() throws Exception {
        JsonObject error = client.verify("not-a-playtcha-token").assertError(401, "token_invalid");

        assertTrue(error.getString("message").contains("live vs test"), error::toString);
    }

    @Test
    void tokenOfDeletedProject_answers404UnknownProject() throws Exception {
        SimulatedProject doomed = simulator.createProject("doomed");
        String token = simulator.mintToken(doomed);

        simulator.deleteProject(doomed);

        client.verify(doomed.secret(), token).assertError(404, "unknown_project");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "secret=SECRET&token=TOKEN",
            "",
            "{\"secret\": \"SECRET\", \"token\": ",
            "[\"SECRET\", \"TOKEN\"]",
            "\"TOKEN\"",
            "null",
            "{}",
            "{\"secret\": \"SECRET\"}",
            "{\"token\": \"TOKEN\"}",
            "{\"secret\": \"SECRET\", \"token\": 42}",
            "{\"secret\": null, \"token\": \"TOKEN\"}",
            "{\"secret\": [\"SECRET\"], \"token\": \"TOKEN\"}"})
    void bodyNotJsonOrWithoutStringSecretAndToken_answers400InvalidRequest(String template) throws Exception {
        String token = simulator.mintToken();
        String body = template.replace("SECRET", simulator.secret()).replace("TOKEN", token);

        client.postJson(body).assertError(400, "invalid_request");

        client.verify(token).assertSuccess(false);
    }

    @Test
    void get_answers405WithAllowPost() throws Exception {
        Answer answer = client.get(simulator.verifyUrl());

        answer.assertError(405, "method_not_allowed");
        assertEquals("POST", answer.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void put_answers405() throws Exception {
        Answer answer = client.send(client.verifyRequest(simulator.secret(), simulator.mintToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        answer.assertError(405, "method_not_allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1/verify/", "/v1/Verify", "/v2/verify", "/v1/siteverify"})
    void otherPath_answers404Envelope(String path) throws Exception {
        Answer answer = client.send(client.post(simulator.url().resolve(path), "application/json",
                SimulatorClient.verifyBody(simulator.secret(), simulator.mintToken())).build());

        answer.assertError(404, "not_found");
    }

    @Test
    void queryString_isNotPartOfThePath() throws Exception {
        Answer answer = client.send(client.post(simulator.verifyUrl().resolve("/v1/verify?debug=1"), "application/json",
                SimulatorClient.verifyBody(simulator.secret(), simulator.mintToken())).build());

        answer.assertSuccess(false);
    }

    @Test
    void everyAnswer_hasItsOwnRequestId() throws Exception {
        String token = simulator.mintToken();
        SimulatedProject doomed = simulator.createProject("doomed");
        String doomedToken = simulator.mintToken(doomed);
        simulator.deleteProject(doomed);

        List<Answer> answers = new ArrayList<>();
        answers.add(client.verify(token));
        answers.add(client.verify(token));
        answers.add(client.verify(token));
        answers.add(client.verify(simulator.mintExpiredToken()));
        answers.add(client.verify("sk_test_wrong", simulator.mintToken()));
        answers.add(client.verify("garbage"));
        answers.add(client.verify("garbage"));
        answers.add(client.verify(doomed.secret(), doomedToken));
        answers.add(client.postJson("not json"));
        answers.add(client.get(simulator.verifyUrl()));
        answers.add(client.get(simulator.url().resolve("/elsewhere")));
        answers.add(client.verify(simulator.mintToken()));

        Set<String> ids = new HashSet<>();
        for (Answer answer : answers) {
            assertTrue(ids.add(answer.requestId()), () -> "request id reused: " + answer + " in " + answers);
        }
        assertEquals(answers.size(), ids.size());
    }

    @Test
    void errorEnvelope_mayCarryMoreFields() throws Exception {
        JsonObject error = client.verify("garbage").assertError(401, "token_invalid");

        assertEquals("https://docs.playtcha.com/errors#token_invalid", error.getString("docs"));
    }
}
