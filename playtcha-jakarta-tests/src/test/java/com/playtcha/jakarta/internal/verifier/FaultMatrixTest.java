package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each way Playtcha or the network can fail, under 64 concurrent callers with the breaker on (its
 * defaults, but a cool-down longer than the test): every verify gets exactly one result, the
 * fault's code until the breaker opens and {@code circuit_open} after; every verify returns within
 * {@code timeout} + slack (a hung Playtcha would hold it for good otherwise); Playtcha is called no
 * more than the results say, so an open breaker's verifies post nothing; no connection stays leased;
 * the secret is in no log line. How fast the open breaker answers is the benchmark's figure.
 */
class FaultMatrixTest {

    private static final int CALLERS = 64;
    private static final int VERIFIES_EACH = 5;
    private static final int FAILURES = 5;
    /** For rows that wait on a hung or dripping Playtcha: the wait is the point, keep it short. */
    private static final Duration SHORT = Duration.ofMillis(500);
    /** For rows that must not time out: beside other builds, with both cores busy, a TLS handshake took 6 s. */
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    /**
     * @param where       the api-url: the simulator, or something that fails before it
     * @param names       the name resolver
     * @param fault       injected into the simulator for every call, or {@code null}
     * @param timeout     the verify budget
     * @param code        the code every verify gets until the breaker opens
     * @param simAnswers  whether the calls reach the simulator (and so can be counted there)
     */
    record Row(String name, Function<PlaytchaSimulator, URI> where, DnsResolver names, Fault fault, Duration timeout,
            String code, boolean simAnswers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        Function<PlaytchaSimulator, URI> sim = PlaytchaSimulator::url;
        DnsResolver system = SystemDefaultDnsResolver.INSTANCE;
        return Stream.of(
                new Row("refused", s -> closedPort(), system, null, GENEROUS, "network_error", false),
                new Row("reset", sim, system, Fault.reset(), GENEROUS, "network_error", true),
                new Row("hang", sim, system, Fault.hang(), SHORT, "timeout", true),
                new Row("slow body drip", sim, system, Fault.drip(Duration.ofMillis(50)), SHORT, "timeout", true),
                new Row("5xx JSON", sim, system, Fault.serverError(500, "db_error"), GENEROUS, "db_error", true),
                new Row("5xx HTML", sim, system, Fault.html(502), GENEROUS, "http_502", true),
                new Row("2xx garbage", sim, system, Fault.reply(200, "text/html", "<html>ok</html>"), GENEROUS,
                        "bad_response", true),
                new Row("oversized body", sim, system, Fault.oversizedBody(1024 * 1024), GENEROUS, "bad_response", true),
                new Row("TLS handshake failure (plain HTTP server)", s -> URI.create("https://127.0.0.1:" + s.port()), system, null,
                        GENEROUS, "network_error", false),
                // A real handshake costs both sides CPU; 64 at once on two busy cores took 2.8 s once (and
                // HttpClient counts it as connecting, so the row sets connect-timeout to the budget too).
                new Row("TLS handshake failure (self-signed certificate)", s -> selfSigned.url(), system, null,
                        Duration.ofSeconds(6), "network_error", false),
                new Row("unresolvable host", s -> URI.create("http://playtcha.invalid"), new Unresolvable(), null,
                        GENEROUS, "network_error", false));
    }

    private static SelfSignedServer selfSigned;

    @BeforeAll
    static void startTls() throws Exception {
        selfSigned = SelfSignedServer.start();
    }

    @AfterAll
    static void stopTls() throws IOException {
        selfSigned.close();
    }

    @RegisterExtension
    final LogCapture capture = new LogCapture();

    private record Call(VerificationResult result, Duration took) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void sixtyFourCallers_getOneRightResultEach_fastOnceTheBreakerIsOpen(Row row) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        if (row.fault() != null) {
            sim.inject(row.fault());
        }
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(row.where().apply(sim))
                .timeout(row.timeout())
                .connectTimeout(row.timeout()) // the TLS handshake counts as connecting: give it the whole budget
                // 64 callers on 64 connections: a connection the row's fault spoiled is closed while
                // another caller waits for its slot, which took over the default 250 ms once on the
                // oldest HttpClient 5; the row is about Playtcha's answer, not the pool's wait
                .leaseTimeout(row.timeout().dividedBy(2))
                .breaker(new PlaytchaSettings.Breaker(true, FAILURES, Duration.ofMinutes(5), 1))
                .build();
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<String> rowTokens = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        TestVerifiers built = TestVerifiers.of(settings).names(row.names());
        try (ComposedVerifier verifier = built.build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < VERIFIES_EACH; i++) {
                    tokens.add(sim.mintToken());
                }
                rowTokens.addAll(tokens);
                done.add(callers.submit(() -> {
                    start.await();
                    for (String token : tokens) {
                        long began = System.nanoTime();
                        VerificationResult result = verifier.ask(token);
                        calls.add(new Call(result, Duration.ofNanos(System.nanoTime() - began)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(TestSettings.WAIT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            }

            assertEquals(BreakerState.OPEN, verifier.status().breaker());
            sim.clearFaults();
            TestVerifiers.assertConnectionsFree(built.transport(), settings.maxConnections(), sim::mintToken);
        } finally {
            callers.shutdownNow();
        }

        assertEquals(CALLERS * VERIFIES_EACH, calls.size(), "one result per verify");
        List<Call> upstream = calls.stream().filter(c -> !VerificationResult.CIRCUIT_OPEN.equals(c.result().errorCode())).toList();
        for (Call call : upstream) {
            assertEquals(row.code(), call.result().errorCode(), call::toString);
            assertEquals("unavailable", call.result().outcome());
        }
        // At least the failures that open it; at most those plus what was in flight when it opened.
        assertTrue(upstream.size() >= FAILURES && upstream.size() < FAILURES + CALLERS, () -> "upstream: " + upstream.size());
        if (row.simAnswers()) {
            // Counted by this row's tokens: a loaded simulator may still be reading the previous row's
            // requests. At most one post per upstream result; fewer when a post was cancelled by its
            // deadline before the simulator read it.
            int posted = rowTokens.stream().mapToInt(sim::callCount).sum();
            assertTrue(posted <= upstream.size() && posted > 0, () -> "posts " + posted + ", upstream results " + upstream.size());
        }
        Duration limit = row.timeout().plus(TestSettings.SLACK);
        for (Call call : calls) {
            assertTrue(call.took().compareTo(limit) < 0, () -> "over " + limit.toMillis() + "ms: " + call);
        }
        String log = capture.everything();
        assertFalse(log.contains(sim.secret()), "the secret is in the log");
        assertEquals(1, capture.lines(Level.WARNING).stream().filter(l -> l.contains("circuit breaker open")).count(),
                "the breaker opened once, said once");
    }

    private static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name server that knows no name: what a typo in {@code api-url} or a DNS outage looks like. */
    private static final class Unresolvable implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host);
        }
    }
}
