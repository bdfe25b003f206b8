package com.playtcha.jakarta.servlet;

import static jakarta.servlet.DispatcherType.ASYNC;
import static jakarta.servlet.DispatcherType.ERROR;
import static jakarta.servlet.DispatcherType.FORWARD;
import static jakarta.servlet.DispatcherType.INCLUDE;
import static jakarta.servlet.DispatcherType.REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request passes the filter more than once (a forward, an include, an error page, an async
 * dispatch, overlapping mappings, two filter instances): Playtcha is asked once, since a token is
 * single-use and a second verify would answer 409 to a real human.
 */
class DispatchTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        for (String name : new String[] {"forward", "include", "async", "fail", "unguarded-fail"}) {
            ServletHolder holder = new ServletHolder(name, new Dispatching());
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/" + name + "/*");
        }
        context.addServlet(new ServletHolder("target", new EchoServlet()), "/*");
        context.addServlet(new ServletHolder("error-page", new EchoServlet()), "/error-page");
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(403, "/error-page");
        errorPages.addErrorPage(500, "/error-page");
        context.setErrorHandler(errorPages);

        FilterHolder playtcha = EmbeddedJetty.playtcha("playtcha", EmbeddedJetty.settings(sim));
        EmbeddedJetty.guard(context, playtcha, "/forward/*");
        EmbeddedJetty.guard(context, playtcha, "/include/*");
        EmbeddedJetty.guard(context, playtcha, "/async/*");
        EmbeddedJetty.guard(context, playtcha, "/fail/*");
        EmbeddedJetty.guard(context, playtcha, "/target/*", REQUEST, FORWARD, INCLUDE, ASYNC);
        EmbeddedJetty.guard(context, playtcha, "/error-page", REQUEST, ERROR);
        // The same filter mapped three times over one URL.
        EmbeddedJetty.guard(context, playtcha, "/overlap/*");
        EmbeddedJetty.guard(context, playtcha, "/overlap/deeper/*");
        EmbeddedJetty.guard(context, playtcha, "*.form");
        // Two filter instances on one path, failing open and closed.
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("both-open", EmbeddedJetty.settings(sim)), "/both/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("both-closed",
                EmbeddedJetty.settings(sim, "fail-closed", "true")), "/both/*");
    });

    /** Hands the request on to {@code /target/...} the way its name says. */
    static final class Dispatching extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            switch (getServletName()) {
                case "forward" -> request.getRequestDispatcher("/target/forwarded").forward(request, response);
                case "include" -> request.getRequestDispatcher("/target/included").include(request, response);
                case "async" -> request.startAsync().dispatch("/target/async");
                case "fail", "unguarded-fail" -> response.sendError(500);
                default -> throw new IllegalStateException(getServletName());
            }
        }
    }

    @Test
    void forward_toAnotherFilteredPath_verifiesOnce() throws Exception {
        Map<String, String> seen = verifiedOnce("/forward/signup");

        assertEquals("FORWARD", seen.get(EchoServlet.DISPATCHER));
    }

    @Test
    void include_ofAFilteredPath_verifiesOnce() throws Exception {
        Map<String, String> seen = verifiedOnce("/include/signup");

        assertEquals("INCLUDE", seen.get(EchoServlet.DISPATCHER));
    }

    @Test
    void asyncDispatch_toAFilteredPath_verifiesOnce() throws Exception {
        Map<String, String> seen = verifiedOnce("/async/signup");

        assertEquals("ASYNC", seen.get(EchoServlet.DISPATCHER));
    }

    @Test
    void errorDispatch_toAFilteredErrorPage_verifiesOnce() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply reply = JETTY.post("/fail/signup").form("playtcha-token", token).send();

        Map<String, String> page = reply.echo();
        assertEquals(500, reply.status(), reply::toString);
        assertEquals("error-page", page.get(EchoServlet.SERVLET), reply::toString);
        assertEquals("ERROR", page.get(EchoServlet.DISPATCHER));
        assertEquals("verified", page.get(PlaytchaFilter.OUTCOME));
        assertEquals(1, sim.callCount(token));
        assertEquals(1, sim.callCount());
    }

    /**
     * The application failed a request the filter never saw; its error page is under the filter
     * for ERROR dispatches. Verifying there would spend the user's single-use token on an error
     * page, or hide the application's error behind a 403: an ERROR dispatch is never verified.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void errorDispatch_ofARequestTheFilterNeverSaw_rendersTheApplicationsError_withoutVerifying(boolean withToken)
            throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        Call post = JETTY.post("/unguarded-fail/signup");
        if (withToken) {
            post = post.form("playtcha-token", sim.mintToken());
        }

        Reply reply = post.send();

        assertEquals(500, reply.status(), reply::toString);
        assertEquals("error-page", reply.echo().get(EchoServlet.SERVLET), reply::toString);
        assertNull(reply.echo().get(PlaytchaFilter.OUTCOME), reply::toString);
        assertEquals(0, sim.callCount());
    }

    @Test
    void rejectedRequest_rendersItsFilteredErrorPage_withoutASecondVerify() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        Reply reply = JETTY.post("/target/signup").form("playtcha-token", "ptk_garbage").send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("error-page", reply.echo().get(EchoServlet.SERVLET), reply::toString);
        assertEquals("token_invalid", reply.echo().get(PlaytchaFilter.ERROR_CODE));
        assertEquals(1, sim.callCount());
    }

    @Test
    void forward_afterARejection_neverHappens() throws Exception {
        Reply reply = JETTY.post("/forward/signup").acceptJson().send();

        assertEquals(403, reply.status(), reply::toString);
        assertFalse(reply.echoed(), reply::toString);
    }

    @Test
    void overlappingMappingsOfOneFilter_verifyOnce() throws Exception {
        verifiedOnce("/overlap/deeper/signup.form");
    }

    @Test
    void twoFilterInstancesOnOnePath_verifyOnce() throws Exception {
        verifiedOnce("/both/signup");

        assertEquals(1, JETTY.sharedVerifiers(), "filters with equal verifier settings share one verifier");
    }

    /**
     * The fail-open filter records the request in its ledger, which posts the token again once Playtcha answers: awaited
     * here, so that this post lands in this test and not in a later one's count (it did, on a loaded machine).
     */
    @Test
    void twoFilterInstancesOnOnePath_playtchaDown_oneCall_andTheFailClosedOneBlocks() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(500, "db_error"));
        String token = sim.mintToken();

        Reply reply = JETTY.post("/both/signup").acceptJson().form("playtcha-token", token).send();

        assertEquals(503, reply.status(), reply::toString);
        assertEquals("db_error", reply.json().getJsonObject("error").getString("code"));
        assertEquals(1, sim.callCount());
        sim.clearFaults();
        assertTrue(sim.awaitCallCount(token, 2, Duration.ofMinutes(2)), "the fail-open filter's ledger re-verified the token");
    }

    private static Map<String, String> verifiedOnce(String path) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply reply = JETTY.post(path).form("playtcha-token", token).send();

        Map<String, String> seen = reply.echo();
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("target", seen.get(EchoServlet.SERVLET), reply::toString);
        assertEquals("verified", seen.get(PlaytchaFilter.OUTCOME), reply::toString);
        assertEquals(1, sim.callCount(token), "verify calls for the token");
        assertEquals(1, sim.callCount(), "verify calls");
        return seen;
    }
}
