package com.playtcha.jakarta.spring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.spring.it.signup.SignupTestApplication;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * An application that adds the starter and nothing else of Playtcha's, on its embedded Tomcat on a
 * random port, against the simulator; one application context for every case. Run once on the JDK
 * of the build and, where JDK 25 is installed, once more on it with
 * {@code spring.threads.virtual.enabled=true} (the cases about virtual threads run only then).
 */
@WithSimulator
// No case here is about our own load: on a loaded machine, sixteen verifies on virtual threads under a flight recording
// waited past the default 250 ms for their exchange to start, and were refused 503 (stalled or overloaded, as the decision
// table says). What the lease's bound does is core's and the transport's tests'.
@SpringBootTest(classes = SignupTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"playtcha.lease-timeout=5s", "playtcha.timeout=10s"})
class StarterApplicationTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    PlaytchaVerifier verifier;

    @Autowired
    SignupTestApplication.Decisions decisions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    List<FilterRegistrationBean<?>> registrations;

    @Test
    void urlPatternsFromYaml_registerTheFilter_onEachPattern() throws Exception {
        assertEquals("outcome=verified", firstLine(post("/signup", PLAYTCHA.mintToken(), "text/html")));
        assertEquals("outcome=verified", firstLine(post("/contact", PLAYTCHA.mintToken(), "text/html")));
        assertEquals("outcome=null", firstLine(post("/unguarded", null, "text/html")));
        assertEquals(1, registrations.stream().filter(r -> r.getFilter() instanceof com.playtcha.jakarta.servlet.PlaytchaFilter)
                .count());
    }

    @Test
    void theFilter_decidesWithTheVerifierBean_theApplicationInjects() throws Exception {
        long before = verifier.status().decisions(DecisionEvent.Kind.VERIFIED);

        assertEquals(200, post("/signup", PLAYTCHA.mintToken(), "text/html").statusCode());

        assertEquals(before + 1, verifier.status().decisions(DecisionEvent.Kind.VERIFIED));
    }

    @Test
    void theInjectedVerifier_decidesInCode_andItsListenerBeansHearIt() {
        int heard = decisions.heard.size();

        Verification v = verifier.verify(PLAYTCHA.mintToken(), "127.0.0.1", "/in-code");

        assertTrue(v.proceeds());
        assertSame(v.result(), decisions.heard.get(heard).result());
    }

    @Test
    void formPage_isNotGuarded() throws Exception {
        HttpResponse<String> form = CLIENT.send(HttpRequest.newBuilder(url("/signup")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, form.statusCode());
    }

    @Test
    void refusalToABrowser_isTheApplicationsErrorPage() throws Exception {
        HttpResponse<String> refused = post("/signup", null, "text/html,application/xhtml+xml,*/*;q=0.8");

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("The application's own error page"), refused::body);
    }

    @Test
    void refusalToAJsonClient_isTheLibrarysEnvelope() throws Exception {
        HttpResponse<String> refused = post("/signup", null, "application/json");

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}",
                refused.body());
    }

    @Test
    void playtchaDown_failsOpen_withALedgerId() throws Exception {
        PLAYTCHA.injectOnce(Fault.serverError(500, "db_error"));

        String said = post("/signup", PLAYTCHA.mintToken(), "text/html").body();

        assertTrue(said.contains("outcome=unavailable\nfailed-open=true\nledger-id="), said);
        assertFalse(said.contains("ledger-id=null"), said);
    }

    @Test
    void health_showsTheVerifiersStatus_inTheReadinessGroupToo_neverTheSecret() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
            HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(url(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, health.statusCode(), health::body);
            JsonObject playtcha = Json.createReader(new StringReader(health.body())).readObject()
                    .getJsonObject("components").getJsonObject("playtcha");
            assertEquals("UP", playtcha.getString("status"), health::body);
            assertEquals("closed", playtcha.getJsonObject("details").getString("breaker"), health::body);
            assertEquals(10000, playtcha.getJsonObject("details").getInt("ledgerCapacity"), health::body);
            assertFalse(health.body().contains(PLAYTCHA.secret()), health::body);
        }
    }

    @Test
    void metrics_areInMicrometer_withTheOpenTelemetryNames() throws Exception {
        double verified = count("verified", "none");
        double missing = count("rejected", "missing_token");

        post("/signup", PLAYTCHA.mintToken(), "text/html");
        post("/signup", null, "application/json");

        assertEquals(verified + 1, count("verified", "none"));
        assertEquals(missing + 1, count("rejected", "missing_token"));
        assertTrue(meters.get("playtcha.verify.duration").tag("playtcha.outcome", "verified").timer().count() >= 1);
        assertEquals(1.0, meters.get("playtcha.breaker.state").tag("playtcha.breaker.state", "closed").gauge().value());
        assertEquals(0.0, meters.get("playtcha.breaker.state").tag("playtcha.breaker.state", "open").gauge().value());
        assertEquals(10000.0, meters.get("playtcha.ledger.capacity").gauge().value());
        assertEquals(0.0, meters.get("playtcha.local_fault").tag("playtcha.fault", "bad_secret").gauge().value());
    }

    @Test
    void withVirtualThreads_theControllerRunsOnOne() throws Exception {
        assumeTrue(virtualThreads(), "spring.threads.virtual.enabled=true on JDK 21+ only (the build's second run)");

        assertTrue(post("/signup", PLAYTCHA.mintToken(), "text/html").body().contains("virtual=true"));
    }

    /**
     * Verifies whose exchange with Playtcha waits (50 ms each), on Tomcat's virtual threads: JFR records
     * each virtual thread that parks or blocks while pinned to its carrier, with no threshold; none may be
     * the library's. Recorded after the same posts once, so that what it sees is a verify's, not the first
     * loading of the classes it uses. A pin is the library's when the first frame outside the JDK is: the
     * JDK pinning a thread on its own (the recording's own start event, committed as the thread starts) is
     * printed but is not. The recording sees virtual threads start, so it does look at them.
     */
    @Test
    void withVirtualThreads_aVerifyPinsNoCarrierThread() throws Exception {
        assumeTrue(virtualThreads(), "spring.threads.virtual.enabled=true on JDK 21+ only (the build's second run)");
        PLAYTCHA.inject(Fault.delay(Duration.ofMillis(50)));
        sixteenVerifies();
        Path file = Files.createTempFile("playtcha-pinned", ".jfr");
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.VirtualThreadStart");
            recording.start();
            sixteenVerifies();
            recording.stop();
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
        }

        List<RecordedEvent> pinned = events.stream().filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                .toList();
        pinned.forEach(e -> System.out.println("Pinned, not in the library: " + e.getStackTrace()));
        assertEquals(List.of(), pinned.stream().filter(StarterApplicationTest::library).map(e -> String.valueOf(e.getStackTrace()))
                .toList());
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.VirtualThreadStart")),
                "the recording saw the requests' virtual threads start");
    }

    /** Sixteen posts of fresh tokens from eight clients at once, each verified. */
    private void sixteenVerifies() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String token = PLAYTCHA.mintToken();
                posts.add(clients.submit(() -> post("/signup", token, "text/html")));
            }
            for (Future<HttpResponse<String>> reply : posts) {
                assertEquals("outcome=verified", firstLine(reply.get()));
            }
        } finally {
            clients.shutdown();
        }
    }

    /** Whether the first frame outside the JDK, where {@code pin} waited, is one of the library's. */
    private static boolean library(RecordedEvent pin) {
        for (RecordedFrame frame : pin.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type.startsWith("com.playtcha.jakarta.") && !type.startsWith("com.playtcha.jakarta.spring.it.");
            }
        }
        return false;
    }

    private static boolean virtualThreads() {
        return Boolean.getBoolean("spring.threads.virtual.enabled") && Runtime.version().feature() >= 21;
    }

    private double count(String kind, String code) {
        var counter = meters.find("playtcha.decisions").tags("playtcha.decision.kind", kind, "playtcha.code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> post(String path, String token, String accept) throws IOException, InterruptedException {
        String form = "email=ada%40example.com" + (token == null ? "" : "&playtcha-token=" + token);
        return CLIENT.send(HttpRequest.newBuilder(url(path)).header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String firstLine(HttpResponse<String> reply) {
        assertNotNull(reply.body());
        return reply.body().lines().findFirst().orElse("");
    }
}
