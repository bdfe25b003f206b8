package com.playtcha.jakarta.internal.verifier;

import static com.playtcha.jakarta.core.Scenario.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testing.RecordedCall;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the decision table through the real verifier, over loopback HTTP, against the simulator. */
public class VerifierContractTest {

    /**
     * How late past its budget a verify may return here: thread scheduling on a busy machine, which
     * stalls a thread for seconds at load 15-27 on two cores. Generous on purpose: what these tests prove
     * is that a verify is cut off at its budget, and without that it would wait for a hung server for good.
     */

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    /** The budget of the rows that do not time out: long, so that a busy machine's slow reply is not a timeout. */
    static final Duration PATIENT = TestSettings.PATIENT;
    /** The pool's connections at the default settings: all free after every verify. */
    private static final int MAX_CONNECTIONS = PlaytchaSettings.builder("sk_test_defaults").build().maxConnections();

    private static TestVerifiers built;
    private static PlaytchaVerifier verifier;
    /** For the rows that do not time out: the same settings, a budget of {@link #PATIENT}. */
    private static TestVerifiers builtPatient;
    private static PlaytchaVerifier patient;

    @BeforeAll
    static void startVerifier() {
        built = TestVerifiers.of(settings(PLAYTCHA.simulator()).build());
        verifier = built.build();
        builtPatient = TestVerifiers.of(settings(PLAYTCHA.simulator()).timeout(PATIENT).build());
        patient = builtPatient.build();
    }

    @AfterAll
    static void closeVerifier() {
        verifier.close();
        patient.close();
    }

    /**
     * The breaker is off: one verifier runs every row, and the unavailable rows in a row would open
     * it. What a run of failures does is {@code CircuitBreakerTest}'s and {@code FaultMatrixTest}'s business.
     */
    static PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TIMEOUT)
                .connectTimeout(Duration.ofSeconds(1)).breakerEnabled(false);
    }

    static Stream<Arguments> rowsInBothFailModes() {
        return Stream.of(VerifyPath.values()).flatMap(path -> Scenario.all().stream()
                .flatMap(s -> Stream.of(Arguments.of(s, FailMode.OPEN, path), Arguments.of(s, FailMode.CLOSED, path))));
    }

    @ParameterizedTest(name = "{0}, fail {1}, {2}")
    @MethodSource("rowsInBothFailModes")
    void decisionTableRow(Scenario row, FailMode failMode, VerifyPath path) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = row.arrange().apply(sim);

        boolean timesOut = VerificationResult.TIMEOUT.equals(row.code());
        PlaytchaVerifier asked = timesOut ? verifier : patient;
        long start = System.nanoTime();
        VerificationResult result = path.ask(asked, token);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(row.outcome(), result.outcome(), () -> "outcome of " + result);
        assertEquals(row.code(), result.errorCode(), () -> "code of " + result);
        if (row.requestId()) {
            assertNotNull(result.requestId(), () -> "request id of " + result);
            assertTrue(result.requestId().startsWith("req_"), result::toString);
        } else {
            assertNull(result.requestId(), () -> "request id of " + result);
        }
        assertEquals(row.upstreamCalls(), sim.callCount(), "calls to Playtcha");
        Decision decision = Decision.of(result, failMode, Mode.ENFORCE, 403);
        int expectedStatus = failMode == FailMode.OPEN ? row.openStatus() : row.closedStatus();
        assertEquals(expectedStatus, decision.status(), () -> "decision " + decision);
        assertEquals(expectedStatus == 0, decision.proceeds());
        assertEquals(result instanceof VerificationResult.Unavailable && failMode == FailMode.OPEN, decision.failedOpen());
        Duration budget = timesOut ? TIMEOUT : PATIENT;
        assertTrue(took.compareTo(budget.plus(TestSettings.SLACK)) < 0, () -> "verify took " + took.toMillis() + "ms");
        sim.clearFaults();
        TestVerifiers.assertConnectionsFree(path.post, (timesOut ? built : builtPatient).transport(), MAX_CONNECTIONS, sim::mintToken);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void validToken_isPostedOnce_asJson_withSecretTokenAndUserAgent(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        VerificationResult result = path.ask(patient, token);

        assertInstanceOf(VerificationResult.Verified.class, result);
        RecordedCall call = sim.calls().get(0);
        assertEquals("POST", call.method());
        assertEquals("application/json; charset=UTF-8", call.contentType());
        assertEquals(sim.secret(), call.secret());
        assertEquals(token, call.token());
        assertTrue(call.userAgent().startsWith("playtcha-jakarta/0."), call.userAgent());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void tokenOfExactly8KiBVisibleAscii_goesToPlaytcha(VerifyPath path) {
        VerificationResult result = path.ask(patient, "x".repeat(8192));

        assertEquals("token_invalid", result.errorCode());
        assertEquals(1, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void degradedBand_isVerifiedAndDegraded(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.degradedAfter(1);

        VerificationResult first = path.ask(patient, sim.mintToken());
        VerificationResult second = path.ask(patient, sim.mintToken());

        assertEquals(false, first.degraded());
        assertEquals(true, second.degraded());
        assertInstanceOf(VerificationResult.Verified.class, second);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void secondVerifyOfOneToken_isRejectedAlreadyRedeemed(VerifyPath path) {
        String token = PLAYTCHA.simulator().mintToken();

        assertInstanceOf(VerificationResult.Verified.class, path.ask(patient, token));
        VerificationResult replay = path.ask(patient, token);

        assertEquals("already_redeemed", replay.errorCode());
        assertEquals(409, ((VerificationResult.Rejected) replay).httpStatus());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void tokenPastFiveMinutes_isRejectedExpired(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();
        sim.advanceTime(Duration.ofMinutes(5));

        assertEquals("token_expired", path.ask(patient, token).errorCode());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void rateLimited_carriesRetryAfter_andDecidesOn429WithThoseSeconds(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.rateLimit(1, Duration.ofSeconds(90));
        path.ask(patient, sim.mintToken());

        VerificationResult.Rejected limited = (VerificationResult.Rejected) path.ask(patient, sim.mintToken());

        assertEquals("rate_limited_ip", limited.code());
        assertEquals(429, limited.httpStatus());
        assertTrue(limited.retryAfter().compareTo(Duration.ofSeconds(85)) > 0, limited::toString);
        Decision decision = Decision.of(limited, FailMode.OPEN, Mode.ENFORCE, 403);
        assertEquals(429, decision.status());
        assertEquals(limited.retryAfter().getSeconds(), decision.retryAfterSeconds());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void rateLimitedWithZeroRetryAfter_stillAsksForOneSecond(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.injectOnce(Fault.serverError(429, "rate_limited_ip").withHeader("Retry-After", "0"));

        VerificationResult result = path.ask(patient, sim.mintToken());

        assertEquals(1, Decision.of(result, FailMode.OPEN, Mode.ENFORCE, 403).retryAfterSeconds());
    }

    /**
     * HttpClient's default retry strategy re-sends on a 503 or 429 when the response timeout is at
     * least its 1 s retry interval; at this class's 600 ms budget it never would, so this test runs at
     * the 3 s default, where only disabled retries keep it to one post.
     */
    static Stream<Arguments> throttlesOnBothPaths() {
        return Stream.of(VerifyPath.values()).flatMap(path -> Stream.of(Arguments.of(503, path), Arguments.of(429, path)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("throttlesOnBothPaths")
    void serverErrorOrThrottle_isPostedOnce_atTheDefaultTimeout(int status, VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.injectOnce(Fault.serverError(status, "busy").withHeader("Retry-After", "0"));
        String token = sim.mintToken();
        try (PlaytchaVerifier atDefaults = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret())
                .apiUrl(sim.url()).build())) {
            path.ask(atDefaults, token);
        }

        assertEquals(1, sim.callCount(token));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void nameServerThatNeverAnswers_costsAtMostTheConnectTimeout(VerifyPath path) throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        org.apache.hc.client5.http.DnsResolver hung = new org.apache.hc.client5.http.DnsResolver() {
            @Override
            public java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.net.UnknownHostException(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_dns").apiUrl(URI.create("http://playtcha.test:9"))
                .timeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofMillis(300)).build();
        TestVerifiers built = TestVerifiers.of(settings).names(hung);
        try (ComposedVerifier verifier = built.build()) {
            long start = System.nanoTime();
            VerificationResult result = path.ask(verifier, "ptk_x");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals("network_error", result.errorCode());
            assertTrue(took.compareTo(Duration.ofMillis(300).plus(TestSettings.SLACK)) < 0, () -> "took " + took.toMillis() + "ms");
            TestVerifiers.assertConnectionsFree(path.post, built.transport(), MAX_CONNECTIONS, () -> "ptk_x");
        } finally {
            never.countDown();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void wrongSecret_isRejectedBadSecret(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (PlaytchaVerifier wrong = PlaytchaVerifier.create(PlaytchaSettings.builder(Scenario.WRONG_SECRET)
                .apiUrl(sim.url()).build())) {
            assertEquals("bad_secret", path.ask(wrong, sim.mintToken()).errorCode());
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void refusedConnection_isUnavailableNetworkError(VerifyPath path) throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (PlaytchaVerifier refused = PlaytchaVerifier.create(settings(PLAYTCHA.simulator()).apiUrl(closedPort).build())) {
            assertEquals("network_error", path.ask(refused, "ptk_x").errorCode());
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void tlsHandshakeWithAPlainHttpServer_isUnavailableNetworkError(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        URI https = URI.create("https://127.0.0.1:" + sim.port());
        // A generous budget: the JVM's first TLS handshake initialises JSSE, which alone can take 600 ms.
        try (PlaytchaVerifier tls = PlaytchaVerifier.create(settings(sim).apiUrl(https).timeout(Duration.ofSeconds(5)).build())) {
            assertEquals("network_error", path.ask(tls, sim.mintToken()).errorCode());
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void hugeReply_isAbandonedWithoutReadingIt_andFreesItsConnection(VerifyPath path) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.injectOnce(Fault.oversizedBody(20 * 1024 * 1024));

        VerificationResult result = path.ask(patient, sim.mintToken()); // the point is the size: a busy machine's slow reply was a timeout at 1.5 s

        assertEquals("bad_response", result.errorCode());
        TestVerifiers.assertConnectionsFree(path.post, builtPatient.transport(), MAX_CONNECTIONS, sim::mintToken);
    }

    /** A {@code Retry-After} date is counted from the verifier's clock, as every instant the verifier reads. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void aRetryAfterDate_isCountedFromTheVerifiersClock(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String body = "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow down\",\"request_id\":\"req_date\"}}";
        // StoppedClock stands at 2026-11-21T08:00:00Z: thirty seconds before this date
        sim.injectOnce(Fault.raw("HTTP/1.1 429 Too Many Requests\r\nRetry-After: Sat, 21 Nov 2026 08:00:30 GMT\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body));
        try (ComposedVerifier stopped = TestVerifiers.of(settings(sim).timeout(PATIENT).build()).clock(new StoppedClock()).build()) {
            VerificationResult.Rejected limited = assertInstanceOf(VerificationResult.Rejected.class, path.ask(stopped, sim.mintToken()));

            assertEquals("rate_limited_ip", limited.errorCode());
            assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void lostReply_isNotRetried_soTheTokenIsPostedOnce(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();
        sim.injectOnce(Fault.lostReply());

        VerificationResult result = path.ask(patient, token);

        assertEquals("network_error", result.errorCode());
        assertEquals(1, sim.callCount(token));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void poolIsReused_acrossVerifies(VerifyPath path) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        long before = sim.connectionsOpened();
        for (int i = 0; i < 20; i++) {
            assertInstanceOf(VerificationResult.Verified.class, path.ask(patient, sim.mintToken()));
        }
        assertTrue(sim.connectionsOpened() - before <= 1, "new connections: " + (sim.connectionsOpened() - before));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(VerifyPath.class)
    void closedVerifier_refusesToVerify_andClosesItsConnections(VerifyPath path) throws InterruptedException {
        try (PlaytchaSimulator own = PlaytchaSimulator.start()) {
            PlaytchaVerifier closing = PlaytchaVerifier.create(settings(own).build());
            path.ask(closing, own.mintToken());
            assertEquals(1, own.openConnections());

            closing.close();
            closing.close();

            assertThrows(IllegalStateException.class, () -> closing.ask(own.mintToken()));
            assertThrows(IllegalStateException.class, () -> closing.verify(own.mintToken(), null, "/signup"));
            assertThrows(IllegalStateException.class, () -> closing.verifyAsync(own.mintToken(), null, "/signup"));
            assertTrue(own.awaitOpenConnectionsAtMost(0, TestSettings.SLACK), "connections left open");
        }
    }
}
