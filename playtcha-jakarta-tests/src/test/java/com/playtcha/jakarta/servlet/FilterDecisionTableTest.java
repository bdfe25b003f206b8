package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the decision table (core's {@link Scenario}) through the filter, over HTTP, in both
 * modes and both fail settings: what the client gets, what the application sees, and how often
 * Playtcha was asked. One application holds four filters, one per mode and fail setting, each on
 * its own path; the token goes in the form field, which carries every row's token (newlines and
 * non-ASCII included, which a header could not). The client budget's row ({@code client_rate_limited})
 * needs a client over its budget: four more filters allow one verify per address, and each case
 * posts from a loopback address of its own (127.0.0.10 and up) over a raw socket.
 */
class FilterDecisionTableTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    /**
     * The prefix of the filters under the short budget, which only the rows that time out post to: at
     * the short budget for every row, a loaded machine's valid token came back {@code timeout}.
     */
    private static final String SHORT = "/short";

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
        for (Mode mode : Mode.values()) {
            for (FailMode failMode : FailMode.values()) {
                for (String budget : List.of("", SHORT)) {
                    EmbeddedJetty.guard(context, EmbeddedJetty.playtcha(budget + path(mode, failMode), EmbeddedJetty.settings(sim,
                            "timeout", budget.isEmpty() ? TestSettings.PATIENT.toMillis() + "ms" : EmbeddedJetty.TIMEOUT,
                            "mode", mode.name().toLowerCase(Locale.ROOT),
                            "fail-closed", Boolean.toString(failMode == FailMode.CLOSED),
                            // off: each filter runs every row, and the unavailable rows in a row would open it
                            "breaker.enabled", "false",
                            // off: re-verifying an earlier row's token would be counted in, or take the faults of, a later row
                            "ledger.enabled", "false",
                            // off: every row comes from 127.0.0.1; the client budget's row has filters of its own
                            "client-budget.enabled", "false")), budget + path(mode, failMode) + "/*");
                }
                // The client_rate_limited row: one verify per client address, then one a minute.
                EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("budget" + path(mode, failMode), EmbeddedJetty.settings(sim,
                        "mode", mode.name().toLowerCase(Locale.ROOT),
                        "fail-closed", Boolean.toString(failMode == FailMode.CLOSED),
                        "client-budget.burst", "1", "client-budget.per-minute", "1")), "/budget" + path(mode, failMode) + "/*");
            }
        }
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("reject-422", EmbeddedJetty.settings(sim,
                "reject-status", "422", "fail-closed", "true", "breaker.enabled", "false", "ledger.enabled", "false")), "/reject-422/*");
    });

    /** How a blocked request's body is asked for. */
    enum Shape {
        /** {@code Accept: application/json}: the filter writes the error envelope. */
        JSON,
        /** A browser's {@code Accept}: the filter calls {@code sendError}, Jetty renders its error page. */
        HTML
    }

    /**
     * The first request through a fresh JVM loads Jetty's, the client's and JSON-B's classes; it
     * must not eat the short verify budget of whichever row happens to run first.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        JETTY.post(path(Mode.OBSERVE, FailMode.OPEN) + "/warm-up").form("playtcha-token", PLAYTCHA.simulator().mintToken()).send();
    }

    /** Where {@code row} posts: under the short budget if it is to time out, else the patient one. */
    private static String path(Scenario row, Mode mode, FailMode failMode) {
        return (row.timesOut() ? SHORT : "") + path(mode, failMode);
    }

    private static String path(Mode mode, FailMode failMode) {
        return "/" + mode.name().toLowerCase(Locale.ROOT) + "-fail-" + failMode.name().toLowerCase(Locale.ROOT);
    }

    /** Every row and fail setting; both shapes where the request is blocked (a passing request has no error body). */
    static Stream<Arguments> enforceRows() {
        return Scenario.all().stream().flatMap(row -> Stream.of(FailMode.values()).flatMap(failMode -> {
            int status = failMode == FailMode.OPEN ? row.openStatus() : row.closedStatus();
            Stream<Shape> shapes = status == 0 ? Stream.of(Shape.JSON) : Stream.of(Shape.values());
            return shapes.map(shape -> Arguments.of(row, failMode, shape));
        }));
    }

    static Stream<Arguments> observeRows() {
        return Scenario.all().stream().flatMap(row -> Stream.of(FailMode.values()).map(failMode -> Arguments.of(row, failMode)));
    }

    @ParameterizedTest(name = "{0}, fail {1}, {2}")
    @MethodSource("enforceRows")
    void enforce_blocksOrPasses_asTheDecisionTableSays(Scenario row, FailMode failMode, Shape shape) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = row.arrange().apply(sim);

        Call call = JETTY.post(path(row, Mode.ENFORCE, failMode) + "/form").form("name", "Ada", "playtcha-token", token);
        Reply reply = (shape == Shape.JSON ? call.acceptJson() : call.acceptHtml()).send();

        int expected = failMode == FailMode.OPEN ? row.openStatus() : row.closedStatus();
        assertEquals(row.upstreamCalls(), sim.callCount(), "calls to Playtcha");
        if (expected == 0) {
            assertEquals(200, reply.status(), reply::toString);
            assertAttributes(row, reply.echo(), row.outcome().equals("unavailable") && failMode == FailMode.OPEN);
            return;
        }
        assertEquals(expected, reply.status(), reply::toString);
        assertFalse(reply.echoed(), "the application must not run: " + reply);
        if (expected == 429) {
            assertNotNull(reply.header("Retry-After"), "429 without Retry-After");
            assertTrue(Long.parseLong(reply.header("Retry-After")) >= 1, reply::toString);
        }
        if (shape == Shape.JSON) {
            assertJsonEnvelope(row, reply);
        } else {
            assertTrue(reply.header("Content-Type").startsWith("text/html"), reply::toString);
            assertTrue(reply.text().contains(Integer.toString(expected)), "Jetty's error page names the status: " + reply);
            assertFalse(reply.text().contains("\"error\""), reply::toString);
        }
    }

    @ParameterizedTest(name = "{0}, fail {1}")
    @MethodSource("observeRows")
    void observe_neverBlocks_butRecordsWhatHappened(Scenario row, FailMode failMode) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = row.arrange().apply(sim);

        Reply reply = JETTY.post(path(row, Mode.OBSERVE, failMode) + "/form").acceptJson()
                .form("name", "Ada", "playtcha-token", token).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(row.upstreamCalls(), sim.callCount(), "calls to Playtcha");
        // The decision table: in observe mode failed-open is true whenever Playtcha was unavailable, whatever fail-closed says.
        assertAttributes(row, reply.echo(), row.outcome().equals("unavailable"));
    }

    static Stream<Arguments> modesAndFailModes() {
        return Stream.of(Mode.values()).flatMap(mode -> Stream.of(FailMode.values()).map(failMode -> Arguments.of(mode, failMode)));
    }

    @ParameterizedTest(name = "{0}, fail {1}")
    @MethodSource("modesAndFailModes")
    void clientOverBudget_isBlocked429WithRetryAfter_inBothFailModes_andPassesInObserve(Mode mode, FailMode failMode)
            throws Exception {
        String client = "127.0.0." + (10 + 2 * mode.ordinal() + failMode.ordinal());
        String path = "/budget" + path(mode, failMode) + "/form";
        String form = "name=Ada&playtcha-token=ptk_garbage";
        Reply first = RawHttp.postFrom(client, JETTY.port(), path, "application/json", form);
        Reply json = RawHttp.postFrom(client, JETTY.port(), path, "application/json", form);
        Reply html = RawHttp.postFrom(client, JETTY.port(), path, Call.BROWSER_ACCEPT, form);

        assertEquals(1, PLAYTCHA.simulator().callCount(), "the first spent the budget; the others never reached Playtcha");
        assertEquals(mode == Mode.ENFORCE ? 403 : 200, first.status(), first::toString);
        if (mode == Mode.OBSERVE) {
            for (Reply reply : new Reply[] {json, html}) {
                assertEquals(200, reply.status(), reply::toString);
                assertEquals("rejected", reply.echo().get(PlaytchaFilter.OUTCOME));
                assertEquals("client_rate_limited", reply.echo().get(PlaytchaFilter.ERROR_CODE));
                assertEquals("false", reply.echo().get(PlaytchaFilter.FAILED_OPEN));
                assertNull(reply.echo().get(PlaytchaFilter.REQUEST_ID));
                assertNull(reply.echo().get(PlaytchaFilter.LEDGER_ID));
            }
            return;
        }
        for (Reply reply : new Reply[] {json, html}) {
            assertEquals(429, reply.status(), reply::toString);
            long seconds = Long.parseLong(reply.header("Retry-After"));
            assertTrue(seconds > 50 && seconds <= 60, "one verify a minute: " + reply);
            assertFalse(reply.echoed(), "the application must not run: " + reply);
        }
        JsonObject error = json.json().getJsonObject("error");
        assertEquals("client_rate_limited", error.getString("code"));
        assertFalse(error.containsKey("request_id"), json::toString);
        assertTrue(error.getString("message").contains("try again in"), json::toString);
        assertTrue(html.header("Content-Type").startsWith("text/html"), html::toString);
    }

    @Test
    void rateLimited_answers429WithPlaytchasRetryAfter_inBothShapes() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.rateLimit(1, Duration.ofSeconds(90));
        JETTY.post(path(Mode.ENFORCE, FailMode.OPEN) + "/form").form("playtcha-token", sim.mintToken()).send();

        Reply json = JETTY.post(path(Mode.ENFORCE, FailMode.OPEN) + "/form").acceptJson()
                .form("playtcha-token", sim.mintToken()).send();
        Reply html = JETTY.post(path(Mode.ENFORCE, FailMode.CLOSED) + "/form").acceptHtml()
                .form("playtcha-token", sim.mintToken()).send();

        for (Reply reply : new Reply[] {json, html}) {
            assertEquals(429, reply.status(), reply::toString);
            long seconds = Long.parseLong(reply.header("Retry-After"));
            assertTrue(seconds > 80 && seconds <= 90, reply::toString);
        }
        assertTrue(json.json().getJsonObject("error").getString("message").contains("try again in"), json::toString);
    }

    @Test
    void rejectStatus_replaces403ForRejectedTokens_only() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.injectOnce(Fault.serverError(429, "rate_limited_ip"));
        sim.injectOnce(Fault.serverError(503, "maintenance"));

        Reply limited = JETTY.post("/reject-422/form").acceptJson().form("playtcha-token", sim.mintToken()).send();
        Reply unavailable = JETTY.post("/reject-422/form").acceptJson().form("playtcha-token", sim.mintToken()).send();
        Reply missing = JETTY.post("/reject-422/form").acceptJson().send();
        Reply invalid = JETTY.post("/reject-422/form").acceptHtml().form("playtcha-token", "ptk_garbage").send();

        assertEquals(429, limited.status(), limited::toString);
        assertEquals(503, unavailable.status(), unavailable::toString);
        assertEquals(422, missing.status(), missing::toString);
        assertEquals("missing_token", missing.json().getJsonObject("error").getString("code"));
        assertEquals(422, invalid.status(), invalid::toString);
    }

    private static void assertAttributes(Scenario row, Map<String, String> seen, boolean failedOpen) {
        // The degraded row is the only one where Playtcha answers in its quota band.
        boolean degraded = row.name().equals("degraded band");
        assertAll(row.name(),
                () -> assertEquals(row.outcome(), seen.get(PlaytchaFilter.OUTCOME), seen::toString),
                () -> assertEquals("String", seen.get(PlaytchaFilter.OUTCOME + ".type")),
                () -> assertEquals(resultType(row.outcome()), seen.get(PlaytchaFilter.RESULT)),
                () -> assertEquals(Boolean.toString(degraded), seen.get(PlaytchaFilter.DEGRADED)),
                () -> assertEquals("Boolean", seen.get(PlaytchaFilter.DEGRADED + ".type")),
                () -> assertEquals(Boolean.toString(failedOpen), seen.get(PlaytchaFilter.FAILED_OPEN)),
                () -> assertEquals("Boolean", seen.get(PlaytchaFilter.FAILED_OPEN + ".type")),
                () -> assertEquals(row.code(), seen.get(PlaytchaFilter.ERROR_CODE)),
                () -> {
                    String requestId = seen.get(PlaytchaFilter.REQUEST_ID);
                    if (row.requestId()) {
                        assertNotNull(requestId, seen::toString);
                        assertTrue(requestId.startsWith("req_"), requestId);
                    } else {
                        assertNull(requestId, seen::toString);
                    }
                });
    }

    private static void assertJsonEnvelope(Scenario row, Reply reply) {
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        assertEquals("no-store", reply.header("Cache-Control"));
        JsonObject error = reply.json().getJsonObject("error");
        assertNotNull(error, reply::toString);
        assertEquals(row.code(), error.getString("code"));
        assertFalse(error.getString("message").isBlank());
        if (row.requestId()) {
            assertTrue(error.getString("request_id").startsWith("req_"), reply::toString);
        } else {
            assertFalse(error.containsKey("request_id"), "a local rejection has no request_id: " + reply);
        }
    }

    private static String resultType(String outcome) {
        return switch (outcome) {
            case "verified" -> "Verified";
            case "rejected" -> "Rejected";
            default -> "Unavailable";
        };
    }
}
