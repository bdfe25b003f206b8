package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.SimulatorClient.Answer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each {@link Fault}, seen from a real HTTP client, and what it does to the token: faults that
 * answer instead of Playtcha leave it unredeemed; delay, drip and lost reply redeem it.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class FaultTest {

    private final PlaytchaSimulator simulator;
    private final SimulatorClient client;

    /** One simulator per class; the extension resets it before each test. */
    FaultTest(PlaytchaSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimulatorClient(simulator);
    }

    @Test
    void delay_answersNormally_andRedeemsTheToken() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.delay(Duration.ofMillis(50)));

        client.verify(token).assertSuccess(false);

        client.verify(token).assertError(409, "already_redeemed");
    }

    @Test
    void faultForOneToken_failsEveryCallWithThatToken_andNoOther() throws Exception {
        String poison = simulator.mintToken();
        String good = simulator.mintToken();
        simulator.injectFor(poison, Fault.serverError(500, "db_error"));

        client.verify(poison).assertError(500, "db_error");
        client.verify(poison).assertError(500, "db_error");
        client.verify(good).assertSuccess(false);

        simulator.clearFaults();
        client.verify(poison).assertSuccess(false);
    }

    @Test
    void delay_ofAnError_answersTheErrorLate() throws Exception {
        simulator.injectOnce(Fault.delay(Duration.ofMillis(20)));

        client.verify("garbage").assertError(401, "token_invalid");
    }

    @Test
    void delayLongerThanTheClientWaits_timesOut_yetTheTokenIsRedeemed() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.delay(Duration.ofSeconds(5)));

        // 2 s of the delay's 5: at 200 ms a loaded machine's client could give up before its request arrived.
        assertThrows(HttpTimeoutException.class,
                () -> client.send(client.verifyRequest(simulator.secret(), token).timeout(Duration.ofSeconds(2)).build()));

        // The delay verifies first and waits after: the client cannot know its token was used.
        client.verify(token).assertError(409, "already_redeemed");
    }

    @Test
    void hang_isAbandonedByTheClientTimeout_andLeavesTheTokenUnredeemed() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.hang());
        // 2 s, not 300 ms: beside four busy loops the client gave up before its request reached the simulator,
        // which then had no call to record. The bound below allows a loaded machine's late wake-up.
        Duration timeout = Duration.ofSeconds(2);
        HttpRequest request = client.verifyRequest(simulator.secret(), token).timeout(timeout).build();

        long started = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> client.send(request));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(waited.compareTo(timeout.plusSeconds(10)) < 0, () -> "the client waited " + waited);
        RecordedCall hung = SimulatorClient.awaitCalls(simulator, 1).get(0);
        assertEquals(0, hung.status());
        assertEquals("Fault[hang]", String.valueOf(hung.fault()));
        client.verify(token).assertSuccess(false);
    }

    @Test
    void reset_failsTheClientWithIOException_andLeavesTheTokenUnredeemed() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.reset());

        IOException failure = assertThrows(IOException.class, () -> client.verify(token));

        assertFalse(failure instanceof HttpTimeoutException, failure::toString);
        client.verify(token).assertSuccess(false);
        assertEquals(2, simulator.callCount(token));
    }

    @Test
    void lostReply_failsTheClientWithIOException_yetTheTokenIsRedeemed() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.lostReply());

        IOException failure = assertThrows(IOException.class, () -> client.verify(token));

        assertFalse(failure instanceof HttpTimeoutException, failure::toString);
        client.verify(token).assertError(409, "already_redeemed");
    }

    @Test
    void reply_answersThatStatusContentTypeAndBody_andLeavesTheTokenUnredeemed() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.reply(418, "text/plain; charset=utf-8", "I'm a teapot"));

        Answer answer = client.verify(token);

        assertEquals(418, answer.status());
        assertEquals("text/plain; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(null));
        assertEquals("I'm a teapot", answer.body());
        client.verify(token).assertSuccess(false);
    }

    @Test
    void json_answersThatStatusAndJsonBody() throws Exception {
        simulator.injectOnce(Fault.json(200, "{\"success\":false,\"degraded\":\"maybe\"}"));

        Answer answer = client.verify(simulator.mintToken());

        assertEquals(200, answer.status());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(null));
        assertEquals(JsonValue.FALSE, answer.json().get("success"));
        assertEquals("maybe", answer.json().getString("degraded"));
    }

    @Test
    void serverError_answersTheStatusWithAnErrorEnvelope() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.serverError(500, "db_error"));

        client.verify(token).assertError(500, "db_error");

        client.verify(token).assertSuccess(false);
    }

    @Test
    void standingServerError_givesEachAnswerItsOwnRequestId() throws Exception {
        simulator.inject(Fault.serverError(500, "db_error"));

        Answer first = client.verify(simulator.mintToken());
        Answer second = client.verify(simulator.mintToken());

        first.assertError(500, "db_error");
        second.assertError(500, "db_error");
        assertNotEquals(first.requestId(), second.requestId());
    }

    @Test
    void serverError_takesAnyStatus() throws Exception {
        simulator.injectOnce(Fault.serverError(503, "maintenance"));

        client.verify(simulator.mintToken()).assertError(503, "maintenance");
    }

    @Test
    void html_answersAnHtmlPage_likeAProxyInFront() throws Exception {
        simulator.injectOnce(Fault.html(502));

        Answer answer = client.verify(simulator.mintToken());

        assertEquals(502, answer.status());
        assertEquals("text/html; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(null));
        assertTrue(answer.body().startsWith("<html>") && answer.body().contains("502"), answer::toString);
    }

    @Test
    void redirect_answersTheStatusWithLocation_andIsNotFollowed() throws Exception {
        String token = simulator.mintToken();
        String elsewhere = simulator.url().resolve("/v1/verify-elsewhere").toString();
        simulator.injectOnce(Fault.redirect(307, elsewhere));

        Answer answer = client.verify(token);

        assertEquals(307, answer.status());
        assertEquals(elsewhere, answer.headers().firstValue("Location").orElse(null));
        assertEquals("moved", answer.body());
        assertEquals(1, simulator.callCount());
        client.verify(token).assertSuccess(false);
    }

    @Test
    void withHeader_addsAResponseHeader() throws Exception {
        simulator.injectOnce(Fault.serverError(503, "overloaded").withHeader("Retry-After", "7"));

        Answer answer = client.verify(simulator.mintToken());

        answer.assertError(503, "overloaded");
        assertEquals("7", answer.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void oversizedBody_answersAValidSuccessOfAtLeastThatManyBytes() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.oversizedBody(100_000));

        Answer answer = client.verify(token);

        assertEquals(200, answer.status());
        assertTrue(answer.body().length() >= 100_000, () -> "body length " + answer.body().length());
        JsonObject json = answer.json();
        assertEquals(JsonValue.TRUE, json.get("success"));
        assertEquals(JsonValue.FALSE, json.get("degraded"));
        // A canned answer: the simulator never looked at the token.
        client.verify(token).assertSuccess(false);
    }

    /**
     * Jetty will not send a status outside 100-599, so {@code raw} writes it by hand. The JDK client
     * (17) takes any three-digit status: it hands 600 to the caller as an ordinary response. A verify
     * client has to range-check the status itself (the contract says: outside 200-599 is bad_response).
     */
    @Test
    void raw_status600_reachesTheJdkClientAsAnOrdinaryResponse() throws Exception {
        simulator.injectOnce(Fault.raw("HTTP/1.1 600 Weird\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));

        Answer answer = client.verify(simulator.mintToken());

        assertEquals(600, answer.status());
        assertEquals("{}", answer.body());
        assertEquals("2", answer.headers().firstValue("Content-Length").orElse(null));
        assertEquals(0, simulator.calls().get(0).status());
    }

    @Test
    void raw_garbageStatusLine_failsTheJdkClientWithIOException() throws Exception {
        simulator.injectOnce(Fault.raw("HTTP/1.1 2OO OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));

        assertThrows(IOException.class, () -> client.verify(simulator.mintToken()));
    }

    @Test
    void drip_deliversTheWholeValidBody_andRedeemsTheToken() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.drip(Duration.ofMillis(5)));

        client.verify(token).assertSuccess(false);

        client.verify(token).assertError(409, "already_redeemed");
    }

    @Test
    void drip_ofAnError_keepsTheErrorStatus() throws Exception {
        simulator.injectOnce(Fault.drip(Duration.ofMillis(1)));

        client.verify("garbage").assertError(401, "token_invalid");
    }

    @Test
    void drip_ofARateLimit_keepsRetryAfter() throws Exception {
        simulator.rateLimit(1, Duration.ofMinutes(1));
        client.verify(simulator.mintToken()).assertSuccess(false);
        simulator.injectOnce(Fault.drip(Duration.ofMillis(1)));

        Answer answer = client.verify(simulator.mintToken());

        answer.assertError(429, "rate_limited_ip");
        assertTrue(answer.headers().firstValue("Retry-After").isPresent(), answer::toString);
    }

    @Test
    void injectOnce_appliesToOneCallOnly_andQueuesInOrder() throws Exception {
        simulator.injectOnce(Fault.serverError(500, "db_error"));
        simulator.injectOnce(Fault.html(502));
        simulator.injectOnce(Fault.json(503, "{}"));

        assertEquals(500, client.verify(simulator.mintToken()).status());
        assertEquals(502, client.verify(simulator.mintToken()).status());
        assertEquals(503, client.verify(simulator.mintToken()).status());
        client.verify(simulator.mintToken()).assertSuccess(false);
        client.verify(simulator.mintToken()).assertSuccess(false);
    }

    @Test
    void inject_appliesToEveryCall_untilClearFaults() throws Exception {
        Fault unavailable = Fault.serverError(503, "unavailable");
        simulator.inject(unavailable);

        for (int i = 0; i < 3; i++) {
            client.verify(simulator.mintToken()).assertError(503, "unavailable");
        }
        simulator.clearFaults();

        client.verify(simulator.mintToken()).assertSuccess(false);
        List<RecordedCall> calls = simulator.calls();
        for (int i = 0; i < 3; i++) {
            assertSame(unavailable, calls.get(i).fault());
        }
        assertNull(calls.get(3).fault());
    }

    @Test
    void inject_replacesTheStandingFault() throws Exception {
        simulator.inject(Fault.html(502));
        simulator.inject(Fault.html(504));

        assertEquals(504, client.verify(simulator.mintToken()).status());
    }

    @Test
    void oneShotFaults_goBeforeTheStandingFault() throws Exception {
        simulator.inject(Fault.html(502));
        simulator.injectOnce(Fault.serverError(500, "db_error"));

        assertEquals(500, client.verify(simulator.mintToken()).status());
        assertEquals(502, client.verify(simulator.mintToken()).status());
        assertEquals(502, client.verify(simulator.mintToken()).status());
    }

    @Test
    void clearFaults_dropsQueuedOneShotFaultsToo() throws Exception {
        simulator.injectOnce(Fault.html(502));
        simulator.injectOnce(Fault.html(503));

        simulator.clearFaults();

        client.verify(simulator.mintToken()).assertSuccess(false);
    }

    @Test
    void faultsApplyToCallsWithBadBodiesToo() throws Exception {
        simulator.injectOnce(Fault.html(502));

        assertEquals(502, client.postJson("not json").status());
        client.postJson("not json").assertError(400, "invalid_request");
    }

    @Test
    void faultFactories_refuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Fault.delay(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Fault.delay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Fault.drip(null));
        assertThrows(IllegalArgumentException.class, () -> Fault.reply(600, "text/plain", "x"));
        assertThrows(IllegalArgumentException.class, () -> Fault.reply(99, "text/plain", "x"));
        assertThrows(IllegalStateException.class, () -> Fault.hang().withHeader("X", "y"));
        assertThrows(NullPointerException.class, () -> simulator.inject(null));
        assertThrows(NullPointerException.class, () -> simulator.injectOnce(null));
    }

    @Test
    void faults_describeThemselves() {
        assertEquals("Fault[delay 20ms]", Fault.delay(Duration.ofMillis(20)).toString());
        assertEquals("Fault[reply 503]", Fault.serverError(503, "x").toString());
        assertEquals("Fault[oversized body 100000B]", Fault.oversizedBody(100_000).toString());
        assertNotNull(Fault.raw("HTTP/1.1 200 OK\r\n\r\n").toString());
    }
}
