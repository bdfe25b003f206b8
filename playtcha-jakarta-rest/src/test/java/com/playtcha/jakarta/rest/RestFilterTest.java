package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.web.Rejection;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @PlaytchaProtected} in a real Jakarta REST runtime (Jersey 3.1 in Jetty 12) over real HTTP,
 * against the simulator: the sources of the token, the decision in both fail modes, the answers, and
 * what the resource still sees (its form, its body, the request properties and servlet attributes).
 */
class RestFilterTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static PlaytchaVerifier verifier;
    private static JerseyOnJetty jersey;

    @BeforeAll
    static void start() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        PlaytchaSettings open = settings(sim, FailMode.OPEN);
        PlaytchaSettings closed = settings(sim, FailMode.CLOSED);
        verifier = PlaytchaVerifier.create(open);
        PlaytchaSettings observed = PlaytchaSettings.builder().secret(sim.secret()).apiUrl(sim.url()).mode(Mode.OBSERVE).build();
        jersey = JerseyOnJetty.start(Map.of(
                "/open", application(new PlaytchaFeature(verifier, open)),
                "/closed", application(new PlaytchaFeature(verifier, closed)),
                "/observed", application(new PlaytchaFeature(verifier, observed))));
    }

    /** The breaker is off: each test's outage would otherwise open it for the next. */
    private static PlaytchaSettings settings(PlaytchaSimulator sim, FailMode failMode) {
        return PlaytchaSettings.builder().secret(sim.secret()).apiUrl(sim.url()).failMode(failMode)
                // no test here waits for a timeout: a long one, so that a busy machine's slow verify is not one
                .timeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(5)).breakerEnabled(false).build();
    }

    private static ResourceConfig application(PlaytchaFeature feature) {
        return new ResourceConfig(EchoResources.Methods.class, EchoResources.WholeClass.class,
                EchoResources.Declared.class, EchoResources.Inherited.class).register(feature);
    }

    @AfterAll
    static void stop() throws Exception {
        jersey.close();
        verifier.close();
    }

    @Test
    void headerToken_isVerified_andTheResourceSeesTheOutcome() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        HttpResponse<String> reply = jersey.send("POST", "/open/json", "{\"name\":\"Ada\"}",
                "Content-Type", "application/json", "Playtcha-Token", token);

        assertEquals(200, reply.statusCode(), reply::body);
        Map<String, String> echo = lines(reply.body());
        assertEquals("verified", echo.get(DecisionAttributes.OUTCOME));
        assertEquals("false", echo.get(DecisionAttributes.FAILED_OPEN));
        assertEquals("null", echo.get(DecisionAttributes.ERROR_CODE));
        assertEquals("Verified", echo.get("result-type"));
        assertEquals("{\"name\":\"Ada\"}", echo.get("body"));
        assertEquals(token, sim.calls().get(0).token());
    }

    /** As the servlet filter's {@code getHeader}: the first line of the token header, not the lines joined. */
    @Test
    void tokenHeaderOnTwoLines_theFirstIsVerified() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        HttpResponse<String> reply = jersey.send("POST", "/open/json", "{}", "Content-Type", "application/json",
                "Playtcha-Token", token, "Playtcha-Token", "ptk_second_line");

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals("verified", lines(reply.body()).get(DecisionAttributes.OUTCOME));
        assertEquals(token, sim.calls().get(0).token());
    }

    @Test
    void formFieldToken_isVerified_andTheResourceStillReadsTheWholeForm() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        HttpResponse<String> reply = postForm("/open/form", "Accept", "text/plain",
                "name", "Ada Lovelace & Co = 100%", "playtcha-token", token);

        assertEquals(200, reply.statusCode(), reply::body);
        Map<String, String> echo = lines(reply.body());
        assertEquals("Ada Lovelace & Co = 100%", echo.get("name"));
        assertEquals("verified", echo.get(DecisionAttributes.OUTCOME));
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void requestProperties_areServletRequestAttributesToo() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        Map<String, String> echo = lines(postForm("/open/form", "playtcha-token", sim.mintToken()).body());

        assertEquals("verified", echo.get("servlet:" + DecisionAttributes.OUTCOME));
        assertEquals("false", echo.get("servlet:" + DecisionAttributes.FAILED_OPEN));
    }

    @Test
    void formLongerThanTheReadPrefix_reachesTheResourceWhole() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String big = "a".repeat(FormToken.MAX_PREFIX_BYTES + 300_000);

        HttpResponse<String> reply = postForm("/open/form", "playtcha-token", sim.mintToken(), "name", "Ada", "big", big);

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals(String.valueOf(big.length()), lines(reply.body()).get("big-length"));
        assertEquals("verified", lines(reply.body()).get(DecisionAttributes.OUTCOME));
    }

    @Test
    void fieldBeyondTheReadPrefix_isNotSeen_andTheRequestIsRejectedMissing() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String big = "a".repeat(FormToken.MAX_PREFIX_BYTES);

        HttpResponse<String> reply = postForm("/open/form", "Accept", "application/json",
                "big", big, "playtcha-token", sim.mintToken());

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("\"code\":\"missing_token\""), reply::body);
        assertEquals(0, sim.callCount());
    }

    /**
     * A form in a charset this JVM does not know: {@code missing_token} before Playtcha is asked
     * (Jersey's own form reader would throw in the resource, a 500, after the token was spent).
     * With the charset named twice Jersey reads the last, and so does the filter.
     */
    @Test
    void formInAnUnknownCharset_isRejectedMissingToken_notA500() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        List<String> tokens = new ArrayList<>();
        for (String charset : new String[] {"x-unknown", "\"x-unknown\"", "\"=?\"", "\"\"", "utf-8; charset=x-unknown"}) {
            String token = sim.mintToken();
            tokens.add(token);
            HttpResponse<String> reply = jersey.send("POST", "/open/form", "name=Ada&playtcha-token=" + token,
                    "Content-Type", "application/x-www-form-urlencoded; charset=" + charset, "Accept", "application/json");

            assertEquals(403, reply.statusCode(), () -> charset + ": " + reply.body());
            assertTrue(reply.body().contains("\"code\":\"missing_token\""), () -> charset + ": " + reply.body());
        }
        // Per token: the ledger of this class's verifier may re-verify an earlier test's fail-open entry meanwhile.
        assertEquals(0, tokens.stream().mapToInt(sim::callCount).sum());
    }

    @Test
    void formInAQuotedKnownCharset_isVerified() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        HttpResponse<String> reply = jersey.send("POST", "/open/form", "name=Ada&playtcha-token=" + sim.mintToken(),
                "Content-Type", "application/x-www-form-urlencoded; charset=\"ISO-8859-1\"");

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals("verified", lines(reply.body()).get(DecisionAttributes.OUTCOME));
    }

    @Test
    void invalidToken_isRejected403_withTheServletFiltersJsonEnvelope() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        HttpResponse<String> reply = postForm("/open/form", "Accept", "application/json",
                "playtcha-token", "ptk_forged_token_0123456789");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), reply::toString);
        assertEquals("no-store", reply.headers().firstValue("Cache-Control").orElse(""));
        VerificationResult result = VerificationResult.Rejected.byPlaytcha(
                codeOf(reply.body()), "Playtcha's own message, never sent", requestIdOf(reply.body()), 200, null);
        assertEquals("token_invalid", result.errorCode());
        assertEquals(Rejection.of(result, Decision.of(result, FailMode.OPEN, com.playtcha.jakarta.core.Mode.ENFORCE, 403), "application/json").json(),
                reply.body());
        assertEquals(1, sim.callCount());
    }

    /**
     * Any client sends posts without a token at will: under observe mode, 50 of them to one method write what enforce
     * would have answered once at INFO (counting 1, the first), the others at DEBUG; one filter per method, one
     * throttle per filter. A flood that outlasts 10 s on a loaded machine may write one line more per 10 s.
     */
    @Test
    void observeModesNote_isLoggedOncePer10Seconds_theRestAtDebug() throws Exception {
        LogCapture capture = new LogCapture();
        capture.install();
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                assertEquals(200, postForm("/observed/form", "name", "Ada").statusCode());
            }
            long periods = (System.nanoTime() - started) / Duration.ofSeconds(10).toNanos();
            String note = "Playtcha observe mode: enforce would answer 403 [filter=@PlaytchaProtected, code=missing_token";
            List<String> info = capture.lines(Level.INFO).stream().filter(l -> l.startsWith(note)).toList();
            List<String> debug = capture.lines(Level.FINE).stream().filter(l -> l.startsWith(note)).toList();
            assertTrue(!info.isEmpty() && info.size() <= 1 + periods, info::toString);
            assertTrue(info.get(0).endsWith("uri=/observed/form, count=1]"), info::toString);
            assertEquals(50, info.size() + debug.size(), capture::everything);
        } finally {
            capture.uninstall();
        }
    }

    @Test
    void missingToken_isRejected_withoutCallingPlaytcha_andBrowsersGetNoJson() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        HttpResponse<String> json = postForm("/open/form", "Accept", "application/json", "name", "Ada");
        HttpResponse<String> html = postForm("/open/form", "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "name", "Ada");

        assertEquals(403, json.statusCode(), json::body);
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}",
                json.body());
        assertEquals(403, html.statusCode(), html::body);
        assertTrue(!html.body().contains("missing_token"), html::body);
        assertEquals(0, sim.callCount());
    }

    @Test
    void playtchaUnavailable_failsOpen_withALedgerEntry() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(503, "maintenance"));
        String token = sim.mintToken();

        HttpResponse<String> reply = postForm("/open/form", "playtcha-token", token, "name", "Ada");

        assertEquals(200, reply.statusCode(), reply::body);
        Map<String, String> echo = lines(reply.body());
        assertEquals("unavailable", echo.get(DecisionAttributes.OUTCOME));
        assertEquals("true", echo.get(DecisionAttributes.FAILED_OPEN));
        assertNotEquals("null", echo.get(DecisionAttributes.LEDGER_ID));
        assertEquals("Ada", echo.get("name"));
        // The ledger re-verifies the token once Playtcha answers again: awaited here, so that call
        // lands in this test, not in the count of whichever test the class runs next.
        sim.clearFaults();
        assertTrue(sim.awaitCallCount(token, 2, TestSettings.WAIT),
                () -> "the failed call, then the ledger's re-verification; calls: " + sim.callCount(token));
    }

    @Test
    void playtchaUnavailable_failsClosed_with503() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(503, "maintenance"));

        HttpResponse<String> reply = postForm("/closed/form", "Accept", "application/json",
                "playtcha-token", sim.mintToken());

        assertEquals(503, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("\"message\":\"The captcha check is unavailable right now; try again shortly.\""),
                reply::body);
    }

    @Test
    void annotatedGetMethod_isGuarded_whateverPlaytchaMethodsSays() throws Exception {
        HttpResponse<String> reply = jersey.send("GET", "/open/guarded-get", null, "Accept", "application/json");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("missing_token"), reply::body);
    }

    @Test
    void methodAnnotatedOnAnInterface_isGuarded_whateverPlaytchaMethodsSays() throws Exception {
        HttpResponse<String> get = jersey.send("GET", "/open/declared/get", null, "Accept", "application/json");
        HttpResponse<String> put = jersey.send("PUT", "/open/declared/put", "x", "Content-Type", "text/plain",
                "Accept", "application/json");

        assertEquals(403, get.statusCode(), get::body);
        assertTrue(get.body().contains("missing_token"), get::body);
        assertEquals(403, put.statusCode(), put::body);
        assertTrue(put.body().contains("missing_token"), put::body);
    }

    @Test
    void methodAnnotatedOnASuperclass_isGuarded_whateverPlaytchaMethodsSays() throws Exception {
        HttpResponse<String> reply = jersey.send("GET", "/open/inherited/get", null, "Accept", "application/json");

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("missing_token"), reply::body);
    }

    @Test
    void annotatedClass_guardsOnlyThePlaytchaMethods() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        HttpResponse<String> shown = jersey.send("GET", "/open/class", null);
        HttpResponse<String> submitted = jersey.send("POST", "/open/class", "", "Accept", "application/json");

        assertEquals(200, shown.statusCode(), shown::body);
        assertEquals("null", lines(shown.body()).get(DecisionAttributes.OUTCOME));
        assertEquals(403, submitted.statusCode(), submitted::body);
        assertEquals(0, sim.callCount());
    }

    @Test
    void unannotatedResource_isNotGuarded() throws Exception {
        HttpResponse<String> reply = jersey.send("POST", "/open/open", "hello", "Content-Type", "text/plain");

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals("hello", lines(reply.body()).get("body"));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void redeemedToken_isRejected_secondUseOfAToken() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        HttpResponse<String> first = postForm("/open/form", "playtcha-token", token);
        HttpResponse<String> second = postForm("/open/form", "Accept", "application/json", "playtcha-token", token);

        assertEquals(200, first.statusCode(), first::body);
        assertEquals(403, second.statusCode(), second::body);
        assertTrue(second.body().contains("\"code\":\"already_redeemed\""), second::body);
    }

    /** Posts an urlencoded form; pairs before a "name", "value" list that starts lowercase are headers if capitalised. */
    private static HttpResponse<String> postForm(String path, String... pairs) throws Exception {
        StringBuilder form = new StringBuilder();
        java.util.List<String> headers = new java.util.ArrayList<>(
                java.util.List.of("Content-Type", "application/x-www-form-urlencoded"));
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (Character.isUpperCase(pairs[i].charAt(0))) {
                headers.add(pairs[i]);
                headers.add(pairs[i + 1]);
                continue;
            }
            form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return jersey.send("POST", path, form.toString(), headers.toArray(String[]::new));
    }

    private static Map<String, String> lines(String body) {
        Map<String, String> values = new HashMap<>();
        for (String line : body.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.putIfAbsent(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    private static String codeOf(String json) {
        return jakarta.json.Json.createReader(new java.io.StringReader(json)).readObject()
                .getJsonObject("error").getString("code");
    }

    private static String requestIdOf(String json) {
        return jakarta.json.Json.createReader(new java.io.StringReader(json)).readObject()
                .getJsonObject("error").getString("request_id", null);
    }
}
