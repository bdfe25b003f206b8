package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.SimulatorClient.Answer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code PlaytchaSimulator}'s {@code main}, run as a user runs it (a JVM of its own, read from its
 * output): the settings it prints, tokens from the token page verified over plain HTTP as the
 * library would, the state switch, bad arguments, and a clean stop.
 */
class StandaloneSimulatorTest {

    private static final String SECRET = "sk_test_standalone";
    private static final HttpClient HTTP = SimulatorClient.newHttpClient();

    private static SimulatorProcess simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = SimulatorProcess.start("--port", "0", "--secret", SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        simulator.close();
    }

    @AfterEach
    void backToNormal() throws Exception {
        post(simulator.mintUrl().resolve("faults/normal"), null);
    }

    @Test
    void printsTheApiBaseUrlAndTheSecretFirst_thenTheTokenPage() {
        List<String> lines = simulator.lines();

        assertTrue(lines.get(0).matches("PLAYTCHA_API_URL=http://127\\.0\\.0\\.1:[1-9]\\d*"), lines::toString);
        assertEquals("PLAYTCHA_SECRET=" + SECRET, lines.get(1));
        assertEquals("127.0.0.1", simulator.mintUrl().getHost());
        assertNotEquals(simulator.apiUrl().getPort(), simulator.mintUrl().getPort());
        assertEquals("", simulator.stderr(), "nothing on standard error (no SLF4J warning)");
    }

    @Test
    void mintedToken_verifiesOnce_thenIsAlreadyRedeemed() throws Exception {
        String token = post(simulator.mintUrl().resolve("tokens"), null).body().trim();

        verify(token).assertSuccess(false);
        verify(token).assertError(409, "already_redeemed");
    }

    @Test
    void expiredAndRedeemedTokens_answer410And409() throws Exception {
        String expired = post(simulator.mintUrl().resolve("tokens/expired"), null).body().trim();
        String redeemed = post(simulator.mintUrl().resolve("tokens/redeemed"), null).body().trim();

        verify(expired).assertError(410, "token_expired");
        verify(redeemed).assertError(409, "already_redeemed");
    }

    @Test
    void tokenAsJson_whenAskedFor() throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(simulator.mintUrl().resolve("tokens"))
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertTrue(reply.body().matches("\\{\"token\":\"ptk_default_[0-9a-f]+\"}"), reply::body);
    }

    @Test
    void tokenPage_isNotAVerifyEndpoint() throws Exception {
        URI onMintPort = simulator.mintUrl().resolve("/v1/verify");

        assertEquals(404, send(onMintPort, SimulatorClient.verifyBody(SECRET, "ptk_default_00")).status());
    }

    @Test
    void outage_answers500_untilSwitchedBackToNormal() throws Exception {
        assertEquals("outage", post(simulator.mintUrl().resolve("faults/outage"), null).body().trim());
        assertEquals("outage", get(simulator.mintUrl().resolve("faults")).trim());

        verify(mint()).assertError(500, "db_error");

        post(simulator.mintUrl().resolve("faults/normal"), null);
        verify(mint()).assertSuccess(false);
    }

    @Test
    void degraded_isStillASuccess_flagged() throws Exception {
        post(simulator.mintUrl().resolve("faults/degraded"), null);

        verify(mint()).assertSuccess(true);
    }

    @Test
    void rateLimited_answers429_withRetryAfter() throws Exception {
        post(simulator.mintUrl().resolve("faults/rate-limited"), null);

        Answer reply = verify(mint());

        reply.assertError(429, "rate_limited_ip");
        assertEquals("30", reply.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void unknownState_is404_namingTheStates() throws Exception {
        Answer reply = post(simulator.mintUrl().resolve("faults/broken"), null);

        assertEquals(404, reply.status());
        assertTrue(reply.body().contains("normal,outage,slow,rate-limited,degraded,hang"), reply::toString);
    }

    @Test
    void postFromAnotherOrigin_isRefused_andChangesNothing() throws Exception {
        Answer reply = post(simulator.mintUrl().resolve("faults/outage"), "http://attacker.example");

        assertEquals(403, reply.status());
        assertEquals("normal", get(simulator.mintUrl().resolve("faults")).trim());
    }

    @Test
    void page_offersTheTokensAndEveryState() throws Exception {
        String page = get(simulator.mintUrl());

        assertTrue(page.contains("PLAYTCHA_API_URL=" + simulator.apiUrl()), page);
        for (SimulatedState state : SimulatedState.values()) {
            assertTrue(page.contains("data-state=\"" + state.label() + "\""), state::label);
        }
        assertTrue(page.contains("data-mint=\"tokens/expired\""), page);
    }

    @Test
    void badArgument_exits2_namingIt() throws Exception {
        SimulatorProcess notANumber = SimulatorProcess.exited("--port", "eighty");
        SimulatorProcess unknown = SimulatorProcess.exited("--prot", "8089");

        assertEquals(2, notANumber.process().exitValue());
        assertTrue(notANumber.stderr().startsWith("PlaytchaSimulator: --port must be a port number 0-65535, not 'eighty'"),
                notANumber::stderr);
        assertTrue(notANumber.stderr().contains("usage: PlaytchaSimulator"), notANumber::stderr);
        assertEquals(2, unknown.process().exitValue());
        assertTrue(unknown.stderr().startsWith("PlaytchaSimulator: unknown argument '--prot'"), unknown::stderr);
    }

    @Test
    void help_printsUsage_andExits0() throws Exception {
        SimulatorProcess help = SimulatorProcess.exited("--help");

        assertEquals(0, help.process().exitValue());
        assertTrue(help.lines().get(0).startsWith("usage: PlaytchaSimulator [--port N]"), help.lines()::toString);
    }

    @Test
    void takenPort_exits1_namingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SimulatorProcess second = SimulatorProcess.exited("--port", String.valueOf(taken.getLocalPort()));

            assertEquals(1, second.process().exitValue());
            assertTrue(second.stderr().contains("127.0.0.1:" + taken.getLocalPort()), second::stderr);
        }
    }

    @Test
    void sigterm_stopsBothServers_cleanly() throws Exception {
        SimulatorProcess own = SimulatorProcess.start("--port", "0");
        URI api = own.apiUrl();
        URI mint = own.mintUrl();

        own.close();

        assertFalse(own.process().isAlive());
        own.awaitLine("PlaytchaSimulator: stopped."::equals);
        assertThrows(ConnectException.class, () -> new Socket(api.getHost(), api.getPort()).close());
        assertThrows(ConnectException.class, () -> new Socket(mint.getHost(), mint.getPort()).close());
    }

    private static String mint() throws IOException, InterruptedException {
        return post(simulator.mintUrl().resolve("tokens"), null).body().trim();
    }

    private static Answer verify(String token) throws IOException, InterruptedException {
        return send(simulator.apiUrl().resolve("/v1/verify"), SimulatorClient.verifyBody(SECRET, token));
    }

    private static Answer send(URI uri, String json) throws IOException, InterruptedException {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(reply.statusCode(), reply.headers(), reply.body());
    }

    private static Answer post(URI uri, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        HttpResponse<String> reply = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(reply.statusCode(), reply.headers(), reply.body());
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
