package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PlaytchaSimulator#calls()}: what a test asserts "how many upstream calls, with what" on. */
class RecordedCallsTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private PlaytchaSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = PlaytchaSimulator.builder().clock(Clock.fixed(START, ZoneOffset.UTC)).start();
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void normalCall_recordsWhatTheClientSent_andTheStatusAnswered() throws Exception {
        String token = simulator.mintToken();
        simulator.advanceTime(Duration.ofSeconds(30));

        client.verify(token).assertSuccess(false);

        List<RecordedCall> calls = simulator.calls();
        assertEquals(1, calls.size());
        RecordedCall call = calls.get(0);
        assertEquals(START.plusSeconds(30), call.at());
        assertEquals("127.0.0.1", call.remoteAddress());
        assertEquals("POST", call.method());
        assertEquals("application/json", call.contentType());
        assertEquals(SimulatorClient.USER_AGENT, call.userAgent());
        assertEquals(simulator.secret(), call.secret());
        assertEquals(token, call.token());
        assertEquals(200, call.status());
        assertNull(call.fault());
    }

    @Test
    void errorAnswers_recordTheirStatus() throws Exception {
        String token = simulator.mintToken();
        client.verify(token);
        client.verify(token);
        client.verify("sk_test_wrong", simulator.mintToken());
        client.verify("garbage");

        assertEquals(List.of(200, 409, 401, 401), simulator.calls().stream().map(RecordedCall::status).toList());
    }

    @Test
    void callsArriveInOrder() throws Exception {
        String first = simulator.mintToken();
        String second = simulator.mintToken();
        client.verify(second);
        client.verify(first);

        assertEquals(List.of(second, first), simulator.calls().stream().map(RecordedCall::token).toList());
    }

    @Test
    void contentTypeAndUserAgent_areRecordedAsSent() throws Exception {
        client.send(client.post(simulator.verifyUrl(), "text/plain;charset=UTF-8",
                        SimulatorClient.verifyBody(simulator.secret(), simulator.mintToken()))
                .setHeader("User-Agent", "curl/8.0")
                .build());

        RecordedCall call = simulator.calls().get(0);
        assertEquals("text/plain;charset=UTF-8", call.contentType());
        assertEquals("curl/8.0", call.userAgent());
        // The simulator does not insist on application/json.
        assertEquals(200, call.status());
    }

    @Test
    void bodyThatIsNotJson_recordsNoSecretAndNoToken() throws Exception {
        client.postJson("secret=x&token=y");
        client.postJson("{\"secret\": 7, \"token\": false}");

        for (RecordedCall call : simulator.calls()) {
            assertNull(call.secret(), call::toString);
            assertNull(call.token(), call::toString);
            assertEquals(400, call.status());
        }
        assertEquals(2, simulator.callCount());
    }

    @Test
    void faultThatAnswersNothing_recordsStatusZero_andTheFault() throws Exception {
        Fault reset = Fault.reset();
        Fault lost = Fault.lostReply();
        Fault raw = Fault.raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        simulator.injectOnce(reset);
        simulator.injectOnce(lost);
        simulator.injectOnce(raw);
        String token = simulator.mintToken();

        assertThrows(IOException.class, () -> client.verify(token));
        assertThrows(IOException.class, () -> client.verify(token));
        client.verify(token);

        List<RecordedCall> calls = simulator.calls();
        assertEquals(3, calls.size());
        assertSame(reset, calls.get(0).fault());
        assertSame(lost, calls.get(1).fault());
        assertSame(raw, calls.get(2).fault());
        for (RecordedCall call : calls) {
            assertEquals(0, call.status(), call::toString);
            assertEquals(token, call.token());
        }
    }

    @Test
    void faultThatAnswers_recordsTheStatusItAnswered() throws Exception {
        simulator.injectOnce(Fault.html(502));
        simulator.injectOnce(Fault.delay(Duration.ofMillis(5)));
        simulator.injectOnce(Fault.drip(Duration.ofMillis(1)));
        client.verify(simulator.mintToken());
        client.verify(simulator.mintToken());
        client.verify("garbage");

        assertEquals(List.of(502, 200, 401), simulator.calls().stream().map(RecordedCall::status).toList());
    }

    @Test
    void callCountOfAToken_countsOnlyThatToken() throws Exception {
        String token = simulator.mintToken();
        String other = simulator.mintToken();
        client.verify(token);
        client.verify(token);
        client.verify(other);
        client.verify(simulator.secret(), token);

        assertEquals(3, simulator.callCount(token));
        assertEquals(1, simulator.callCount(other));
        assertEquals(0, simulator.callCount(simulator.mintToken()));
        assertEquals(0, simulator.callCount("never-sent"));
        assertEquals(4, simulator.callCount());
    }

    @Test
    void callsAreCountedEvenWhenTheClientGetsNoAnswer() throws Exception {
        String token = simulator.mintToken();
        simulator.injectOnce(Fault.reset());
        assertThrows(IOException.class, () -> client.verify(token));

        assertEquals(1, simulator.callCount(token));
    }

    /**
     * Only POSTs to {@code /v1/verify} are recorded: a client that GETs, or posts to a wrong path,
     * leaves {@code calls()} empty although it did reach the simulator.
     */
    @Test
    void wrongMethodOrPath_isNotRecorded() throws Exception {
        client.get(simulator.verifyUrl());
        client.send(client.post(simulator.url().resolve("/v1/other"), "application/json", "{}").build());

        assertEquals(0, simulator.callCount());
        assertTrue(simulator.calls().isEmpty());
    }

    @Test
    void calls_isASnapshot() throws Exception {
        List<RecordedCall> before = simulator.calls();
        client.verify(simulator.mintToken());

        assertTrue(before.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> simulator.calls().clear());
    }

    @Test
    void recordedCall_toString_masksTheSecret() throws Exception {
        client.verify(simulator.mintToken());

        RecordedCall call = simulator.calls().get(0);
        assertFalse(call.toString().contains(simulator.secret()), call::toString);
        assertTrue(call.toString().contains("secret=****"), call::toString);
        assertTrue(call.toString().contains(call.token()), call::toString);
    }

    @Test
    void recordedCall_toString_masksAWrongSecretToo() throws Exception {
        client.verify("sk_live_leaked_secret", simulator.mintToken());

        assertFalse(simulator.calls().get(0).toString().contains("sk_live_leaked_secret"));
    }

    @Test
    void simulatedProject_toString_masksTheSecret() {
        SimulatedProject project = simulator.createProject("shop");

        assertFalse(project.toString().contains(project.secret()), project::toString);
        assertFalse(simulator.defaultProject().toString().contains(simulator.secret()));
        assertTrue(project.toString().contains("shop"), project::toString);
        assertFalse(simulator.toString().contains(simulator.secret()), simulator::toString);
    }

    @Test
    void createProject_refusesBadOrDuplicateIds() {
        assertThrows(IllegalArgumentException.class, () -> simulator.createProject("Not Valid"));
        assertThrows(IllegalArgumentException.class, () -> simulator.createProject(PlaytchaSimulator.DEFAULT_PROJECT));
        assertTrue(simulator.createProject("ok-1").secret().startsWith("sk_test_"));
    }

    @Test
    void requestWithoutContentTypeOrUserAgent_recordsNulls() throws Exception {
        String body = SimulatorClient.verifyBody(simulator.secret(), simulator.mintToken());
        try (RawConnection connection = RawConnection.open(simulator)) {
            connection.write("POST /v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body);
            assertEquals(200, connection.readResponse().status());
        }

        RecordedCall call = simulator.calls().get(0);
        assertNull(call.contentType());
        assertNull(call.userAgent());
    }

    @Test
    void awaitCallCount_returnsOnceThePostArrived_evenWhileItsAnswerIsHeld() throws Exception {
        String token = simulator.mintToken();
        simulator.inject(Fault.hang());
        java.util.concurrent.CompletableFuture<Void> inFlight = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                client.verify(token);
            } catch (java.io.IOException | InterruptedException | RuntimeException answerNeverComes) {
                // the hang holds it until the simulator closes
            }
        });

        assertTrue(simulator.awaitCallCount(token, 1, Duration.ofSeconds(10)));
        assertEquals(1, simulator.callCount(token));
        assertFalse(simulator.awaitCallCount(token, 2, Duration.ofMillis(50)), "a second post never came");
        assertFalse(inFlight.isDone(), "still waiting for its answer");
    }
}
