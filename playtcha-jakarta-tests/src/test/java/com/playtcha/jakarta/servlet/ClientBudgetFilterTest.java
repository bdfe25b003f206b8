package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.json.JsonObject;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-client budget through the filter, over HTTP, from two client addresses: the JDK client
 * posts from 127.0.0.1, and a raw socket bound to 127.0.0.2 (or .3) is another client as
 * {@code getRemoteAddr()} sees it (on Linux all of 127.0.0.0/8 is loopback). Each address may
 * verify 3 times, then 1 a minute, so nothing is earned back while a test runs. Both filters share
 * one verifier (their verifier settings are equal), so each test floods from an address of its own.
 */
class ClientBudgetFilterTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
        context.addServlet(new ServletHolder("error-page", new EchoServlet()), "/error-page");
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(429, "/error-page");
        context.setErrorHandler(errorPages);
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("enforce", settings(sim)), "/enforce/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("observe", settings(sim, "mode", "observe")), "/observe/*");
    });

    private static Map<String, String> settings(PlaytchaSimulator sim, String... more) {
        Map<String, String> settings = EmbeddedJetty.settings(sim, "client-budget.per-minute", "1", "client-budget.burst", "3");
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private static Reply junkFrom(String address, String path, String accept) throws Exception {
        return RawHttp.postFrom(address, JETTY.port(), path, accept, "name=Ada&playtcha-token=ptk_junk");
    }

    @Test
    void anAddressOverItsBudget_gets429WithRetryAfter_whileAnotherAddressStillPasses() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        for (int i = 0; i < 3; i++) {
            Reply junk = junkFrom("127.0.0.2", "/enforce/form", "application/json");
            assertEquals(403, junk.status(), junk::toString);
            assertEquals("token_invalid", junk.json().getJsonObject("error").getString("code"), "Playtcha was asked");
        }

        Reply json = junkFrom("127.0.0.2", "/enforce/form", "application/json");
        Reply html = junkFrom("127.0.0.2", "/enforce/form", Call.BROWSER_ACCEPT);
        Reply neighbour = JETTY.post("/enforce/form").acceptJson().form("playtcha-token", sim.mintToken()).send();

        assertEquals(429, json.status(), json::toString);
        long retryAfter = Long.parseLong(json.header("Retry-After"));
        assertTrue(retryAfter > 50 && retryAfter <= 60, "a verify a minute: " + json);
        JsonObject error = json.json().getJsonObject("error");
        assertEquals("client_rate_limited", error.getString("code"));
        assertFalse(error.containsKey("request_id"), "decided here: " + json);
        assertFalse(json.echoed(), "the application must not run");

        assertEquals(429, html.status(), html::toString);
        assertTrue(Long.parseLong(html.header("Retry-After")) > 50, html::toString);
        Map<String, String> page = html.echo();
        assertEquals("error-page", page.get(EchoServlet.SERVLET), html::toString);
        assertEquals("rejected", page.get(PlaytchaFilter.OUTCOME));
        assertEquals("client_rate_limited", page.get(PlaytchaFilter.ERROR_CODE));
        assertEquals("false", page.get(PlaytchaFilter.FAILED_OPEN));
        assertNull(page.get(PlaytchaFilter.REQUEST_ID));
        assertNull(page.get(PlaytchaFilter.LEDGER_ID));

        assertEquals(200, neighbour.status(), neighbour::toString);
        assertEquals("verified", neighbour.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(3 + 1, sim.callCount(), "the refused two never reached Playtcha");
    }

    @Test
    void observe_passesAnAddressOverItsBudget_butTheAttributesSayWhatEnforceWouldDo() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        for (int i = 0; i < 3; i++) {
            Reply junk = junkFrom("127.0.0.3", "/observe/form", "application/json");
            assertEquals(200, junk.status(), junk::toString);
            assertEquals("token_invalid", junk.echo().get(PlaytchaFilter.ERROR_CODE));
        }

        Reply over = junkFrom("127.0.0.3", "/observe/form", "application/json");

        assertEquals(200, over.status(), over::toString);
        Map<String, String> seen = over.echo();
        assertEquals("app", seen.get(EchoServlet.SERVLET));
        assertEquals("rejected", seen.get(PlaytchaFilter.OUTCOME));
        assertEquals("Rejected", seen.get(PlaytchaFilter.RESULT));
        assertEquals("client_rate_limited", seen.get(PlaytchaFilter.ERROR_CODE));
        assertEquals("false", seen.get(PlaytchaFilter.FAILED_OPEN), "a rejection, not a fail-open");
        assertNull(seen.get(PlaytchaFilter.LEDGER_ID), "so the ledger holds nothing");
        assertNull(over.header("Retry-After"));
        assertEquals(3, sim.callCount());
    }
}
