package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A blocked browser request is answered with {@code sendError}, so the application's
 * {@code <error-page>} renders it, and that page can read why: the com.playtcha.* attributes.
 * The error page here is not under the filter mapping (see {@link DispatchTest} for one that is).
 */
class ErrorPageTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
        context.addServlet(new ServletHolder("error-page", new EchoServlet()), "/error-page");
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(403, "/error-page");
        errorPages.addErrorPage(429, "/error-page");
        errorPages.addErrorPage(503, "/error-page");
        context.setErrorHandler(errorPages);
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup", EmbeddedJetty.settings(sim)), "/signup/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("payment",
                EmbeddedJetty.settings(sim, "fail-closed", "true")), "/payment/*");
    });

    @Test
    void rejectedToken_withoutAccept_rendersTheErrorPage_whichReadsTheAttributes() throws Exception {
        Reply reply = JETTY.post("/signup/form").form("playtcha-token", "ptk_garbage").send();

        Map<String, String> page = reply.echo();
        assertEquals(403, reply.status(), reply::toString);
        assertEquals("error-page", page.get(EchoServlet.SERVLET), reply::toString);
        assertEquals("ERROR", page.get(EchoServlet.DISPATCHER));
        assertEquals("403", page.get(EchoServlet.ERROR_STATUS));
        assertEquals("rejected", page.get(PlaytchaFilter.OUTCOME));
        assertEquals("token_invalid", page.get(PlaytchaFilter.ERROR_CODE));
        assertEquals("false", page.get(PlaytchaFilter.FAILED_OPEN));
        assertEquals("Rejected", page.get(PlaytchaFilter.RESULT));
        assertTrue(page.get(PlaytchaFilter.REQUEST_ID).startsWith("req_"), page::toString);
    }

    @Test
    void missingToken_fromABrowser_rendersTheErrorPage_withoutRequestId() throws Exception {
        Reply reply = JETTY.post("/signup/form").acceptHtml().form("name", "Ada").send();

        Map<String, String> page = reply.echo();
        assertEquals(403, reply.status(), reply::toString);
        assertEquals("error-page", page.get(EchoServlet.SERVLET));
        assertEquals("missing_token", page.get(PlaytchaFilter.ERROR_CODE));
        assertNull(page.get(PlaytchaFilter.REQUEST_ID));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void failingClosed_rendersThe503ErrorPage_withTheUnavailableOutcome() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.injectOnce(Fault.serverError(500, "db_error"));

        Reply reply = JETTY.post("/payment/pay").acceptHtml().form("playtcha-token", sim.mintToken()).send();

        Map<String, String> page = reply.echo();
        assertEquals(503, reply.status(), reply::toString);
        assertEquals("error-page", page.get(EchoServlet.SERVLET));
        assertEquals("503", page.get(EchoServlet.ERROR_STATUS));
        assertEquals("unavailable", page.get(PlaytchaFilter.OUTCOME));
        assertEquals("db_error", page.get(PlaytchaFilter.ERROR_CODE));
        assertEquals("false", page.get(PlaytchaFilter.FAILED_OPEN));
    }

    @Test
    void rateLimited_rendersThe429ErrorPage_andKeepsRetryAfter() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.injectOnce(Fault.serverError(429, "rate_limited_ip").withHeader("Retry-After", "12"));

        Reply reply = JETTY.post("/signup/form").form("playtcha-token", sim.mintToken()).send();

        assertEquals(429, reply.status(), reply::toString);
        assertEquals("error-page", reply.echo().get(EchoServlet.SERVLET));
        assertEquals("rate_limited_ip", reply.echo().get(PlaytchaFilter.ERROR_CODE));
        assertEquals("12", reply.header("Retry-After"), "Retry-After must survive sendError and the error page");
    }

    @Test
    void jsonClient_getsTheEnvelope_notTheErrorPage() throws Exception {
        Reply reply = JETTY.post("/signup/form").acceptJson().form("playtcha-token", "ptk_garbage").send();

        assertEquals(403, reply.status(), reply::toString);
        assertFalse(reply.echoed(), reply::toString);
        assertEquals("token_invalid", reply.json().getJsonObject("error").getString("code"));
    }

    @Test
    void acceptPreferringHtmlOverJson_getsTheErrorPage() throws Exception {
        Reply reply = JETTY.post("/signup/form").header("Accept", "application/json;q=0.5, text/html")
                .form("playtcha-token", "ptk_garbage").send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("error-page", reply.echo().get(EchoServlet.SERVLET));
    }

    /** Two lines of a list header are one list, as the REST filter reads them: the later line counts too. */
    @Test
    void acceptOnTwoLines_preferringJson_getsTheEnvelope() throws Exception {
        Reply reply = JETTY.post("/signup/form").header("Accept", "text/html;q=0.5").header("Accept", "application/json")
                .form("playtcha-token", "ptk_garbage").send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("token_invalid", reply.json().getJsonObject("error").getString("code"));
    }

    @Test
    void problemJsonClient_getsTheEnvelope() throws Exception {
        Reply reply = JETTY.post("/signup/form").header("Accept", "application/problem+json, text/html;q=0.1")
                .form("playtcha-token", "ptk_garbage").send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("token_invalid", reply.json().getJsonObject("error").getString("code"));
    }
}
