package com.playtcha.jakarta.servlet;

import static jakarta.servlet.DispatcherType.ASYNC;
import static jakarta.servlet.DispatcherType.FORWARD;
import static jakarta.servlet.DispatcherType.INCLUDE;
import static jakarta.servlet.DispatcherType.REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request that passes several PlaytchaFilters is verified once, and each filter applies its own
 * mode, fail mode and reject status to that one result: a lenient filter in front (observe,
 * fail-open) does not decide for a strict one behind a forward, an include or an async dispatch.
 *
 * <p>{@code /observe/*} and {@code /open/*} are guarded by a lenient filter for REQUEST and served by
 * {@link Hop}, which hands the request to the path after the dispatch type:
 * {@code /observe/forward/enforce/x} forwards to {@code /enforce/x}. {@code /enforce/*} (enforce,
 * fail-open) and {@code /closed/*} (enforce, fail-closed) are guarded for every dispatch but ERROR,
 * and served by {@link EchoServlet}. All four filters share one verifier; tokens are unique per
 * test and counted by token, so a fail-open ledger's later re-verification of another test's token
 * cannot blur a count.
 */
class DispatchDecisionTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        for (String lenient : new String[] {"observe", "open"}) {
            ServletHolder hop = new ServletHolder(lenient + "-hop", new Hop());
            hop.setAsyncSupported(true);
            context.addServlet(hop, "/" + lenient + "/*");
        }
        context.addServlet(new ServletHolder("target", new EchoServlet()), "/*");
        context.addServlet(new ServletHolder("error-page", new EchoServlet()), "/error-page");
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(403, "/error-page");
        errorPages.addErrorPage(503, "/error-page");
        context.setErrorHandler(errorPages);

        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("observe", EmbeddedJetty.settings(sim, "mode", "observe")),
                "/observe/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("open", EmbeddedJetty.settings(sim)), "/open/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("enforce", EmbeddedJetty.settings(sim, "reject-status", "422")),
                "/enforce/*", REQUEST, FORWARD, INCLUDE, ASYNC);
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("closed", EmbeddedJetty.settings(sim, "fail-closed", "true")),
                "/closed/*", REQUEST, FORWARD, INCLUDE, ASYNC);
    });

    /** Dispatches {@code /<lenient>/<forward|include|async>/<target...>} to {@code /<target...>}. */
    static final class Hop extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            String path = request.getPathInfo();
            int slash = path.indexOf('/', 1);
            String how = path.substring(1, slash);
            String target = path.substring(slash);
            switch (how) {
                case "forward" -> request.getRequestDispatcher(target).forward(request, response);
                case "async" -> request.startAsync().dispatch(target);
                case "include" -> {
                    response.setContentType("text/plain;charset=UTF-8");
                    PrintWriter out = response.getWriter();
                    out.write("hop=before-include\n");
                    request.getRequestDispatcher(target).include(request, response);
                    // What the including page can read after the include: the last filter's decision.
                    out.write("hop=after-include\n");
                    out.write("after." + PlaytchaFilter.OUTCOME + "=" + request.getAttribute(PlaytchaFilter.OUTCOME) + "\n");
                    out.write("after." + PlaytchaFilter.FAILED_OPEN + "=" + request.getAttribute(PlaytchaFilter.FAILED_OPEN) + "\n");
                }
                default -> throw new IllegalStateException(path);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "async"})
    void observeThenEnforce_rejectedToken_isBlockedWithTheEnforcingFiltersStatus(String dispatch) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = junkToken();

        Reply reply = JETTY.post("/observe/" + dispatch + "/enforce/signup").acceptJson().form("playtcha-token", token).send();

        assertEquals(422, reply.status(), reply::toString);
        assertEquals("token_invalid", reply.json().getJsonObject("error").getString("code"));
        assertEquals(1, sim.callCount(token), "one post for the request, not one per filter");
    }

    @Test
    void observeThenEnforce_missingToken_isBlocked_withoutAPost() throws Exception {
        Reply reply = JETTY.post("/observe/forward/enforce/signup").acceptJson().send();

        assertEquals(422, reply.status(), reply::toString);
        assertEquals("missing_token", reply.json().getJsonObject("error").getString("code"));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "async"})
    void observeThenEnforce_validToken_passesOnce(String dispatch) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply reply = JETTY.post("/observe/" + dispatch + "/enforce/signup").form("playtcha-token", token).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("target", reply.echo().get(EchoServlet.SERVLET));
        assertEquals(dispatch.toUpperCase(), reply.echo().get(EchoServlet.DISPATCHER));
        assertEquals("verified", reply.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(1, sim.callCount(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "async"})
    void failOpenThenFailClosed_playtchaUnavailable_isBlockedWith503(String dispatch) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(500, "db_error"));
        String token = sim.mintToken();

        Reply reply = JETTY.post("/open/" + dispatch + "/closed/pay").acceptJson().form("playtcha-token", token).send();

        assertEquals(503, reply.status(), reply::toString);
        assertEquals("db_error", reply.json().getJsonObject("error").getString("code"));
        assertEquals(1, sim.callCount(token), "one post for the request, not one per filter");
    }

    /**
     * After the fail-closed filter blocked, the attributes describe its decision (not failed open),
     * while the ledger id of the first decision stays: that request was recorded as failing open
     * when it passed the first filter, and its entry is still reconciled.
     */
    @Test
    void failOpenThenFailClosed_attributesDescribeTheBlockingDecision_andKeepTheLedgerId() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(500, "db_error"));
        String token = sim.mintToken();

        Reply reply = JETTY.post("/open/forward/closed/pay").acceptHtml().form("playtcha-token", token).send();

        Map<String, String> page = reply.echo();
        assertEquals(503, reply.status(), reply::toString);
        assertEquals("error-page", page.get(EchoServlet.SERVLET), reply::toString);
        assertEquals("unavailable", page.get(PlaytchaFilter.OUTCOME));
        assertEquals("false", page.get(PlaytchaFilter.FAILED_OPEN), "the last filter did not let it through");
        assertNotNull(page.get(PlaytchaFilter.LEDGER_ID), "the first decision's ledger entry is kept: " + page);
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void observeThenEnforce_playtchaUnavailable_failsOpenInBoth_andSaysSo() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(500, "db_error"));
        String token = sim.mintToken();

        Reply reply = JETTY.post("/observe/forward/enforce/signup").form("playtcha-token", token).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("true", reply.echo().get(PlaytchaFilter.FAILED_OPEN));
        assertNotNull(reply.echo().get(PlaytchaFilter.LEDGER_ID));
        assertEquals(1, sim.callCount(token));
    }

    /**
     * An included resource cannot set the status of the response it writes into, so a filter that
     * blocks an include does not run the included resource; the including page goes on and can
     * read the decision from the attributes.
     */
    @Test
    void observeThenEnforce_rejectedTokenOnAnInclude_theIncludedResourceIsNotRun() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = junkToken();

        Reply reply = JETTY.post("/observe/include/enforce/signup").form("playtcha-token", token).send();

        String body = reply.text();
        assertEquals(200, reply.status(), "the including page's status is its own: " + reply);
        assertTrue(body.contains("hop=after-include"), body);
        assertFalse(body.contains(EchoServlet.SERVLET + "=target"), "the included resource must not run: " + body);
        assertTrue(body.contains("after." + PlaytchaFilter.OUTCOME + "=rejected"), body);
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void failOpenThenFailClosed_playtchaUnavailableOnAnInclude_theIncludedResourceIsNotRun() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(500, "db_error"));
        String token = sim.mintToken();

        Reply reply = JETTY.post("/open/include/closed/pay").form("playtcha-token", token).send();

        String body = reply.text();
        assertFalse(body.contains(EchoServlet.SERVLET + "=target"), "the included resource must not run: " + body);
        assertTrue(body.contains("after." + PlaytchaFilter.FAILED_OPEN + "=false"), body);
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void observeThenEnforce_validTokenOnAnInclude_theIncludedResourceRuns() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply reply = JETTY.post("/observe/include/enforce/signup").form("playtcha-token", token).send();

        String body = reply.text();
        assertTrue(body.contains(EchoServlet.SERVLET + "=target"), body);
        assertTrue(body.contains(EchoServlet.DISPATCHER + "=INCLUDE"), body);
        assertEquals(1, sim.callCount(token));
    }

    /** A token the simulator has never minted, unique to the test (so its count is the test's own). */
    private static String junkToken() {
        return "ptk_junk_" + UUID.randomUUID().toString().replace("-", "");
    }
}
