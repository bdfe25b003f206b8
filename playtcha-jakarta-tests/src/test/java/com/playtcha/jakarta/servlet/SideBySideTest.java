package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The vendor's advice in one application: {@code /signup/*} fails open, {@code /payment/*} fails
 * closed. With Playtcha down, signups go on (marked failed-open) and payments get 503; both filters
 * use one verifier, so one connection pool.
 */
class SideBySideTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup", EmbeddedJetty.settings(sim)), "/signup/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("payment",
                EmbeddedJetty.settings(sim, "fail-closed", "true")), "/payment/*");
    });

    @Test
    void playtchaAnswering500_signupPassesFailedOpen_paymentGets503() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(500, "db_error"));

        String signupToken = sim.mintToken();
        String paymentToken = sim.mintToken();
        Reply signup = JETTY.post("/signup/form").acceptJson().form("playtcha-token", signupToken).send();
        Reply payment = JETTY.post("/payment/pay").acceptJson().form("playtcha-token", paymentToken).send();

        Map<String, String> seen = signup.echo();
        assertEquals(200, signup.status(), signup::toString);
        assertEquals("unavailable", seen.get(PlaytchaFilter.OUTCOME));
        assertEquals("true", seen.get(PlaytchaFilter.FAILED_OPEN));
        assertEquals("db_error", seen.get(PlaytchaFilter.ERROR_CODE));
        assertEquals(503, payment.status(), payment::toString);
        assertEquals("db_error", payment.json().getJsonObject("error").getString("code"));
        // Counted by token: the ledger re-verifies failed-open tokens in the background (this test's signup, or an
        // earlier test's), and on a loaded machine a pass fell inside this test and made the total 3.
        assertEquals(1, sim.callCount(paymentToken), "the payment, asked once and refused");
        assertTrue(sim.callCount(signupToken) >= 1, "the signup, asked (and perhaps again by the ledger)");
    }

    @Test
    void playtchaHanging_signupPassesFailedOpen_paymentGets503_withinTheBudget() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.hang());

        // Its own server: the same two filters under the short budget, so the hang ends soon.
        Reply signup;
        Reply payment;
        Duration took;
        try (EmbeddedJetty jetty = EmbeddedJetty.start(context -> {
            context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup",
                    EmbeddedJetty.settings(sim, "timeout", EmbeddedJetty.TIMEOUT)), "/signup/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("payment",
                    EmbeddedJetty.settings(sim, "timeout", EmbeddedJetty.TIMEOUT, "fail-closed", "true")), "/payment/*");
        })) {
            long start = System.nanoTime();
            signup = jetty.post("/signup/form").form("playtcha-token", sim.mintToken()).send();
            payment = jetty.post("/payment/pay").acceptJson().form("playtcha-token", sim.mintToken()).send();
            took = Duration.ofNanos(System.nanoTime() - start);
        }

        assertEquals(200, signup.status(), signup::toString);
        assertEquals("true", signup.echo().get(PlaytchaFilter.FAILED_OPEN));
        assertEquals("timeout", signup.echo().get(PlaytchaFilter.ERROR_CODE));
        assertEquals(503, payment.status(), payment::toString);
        assertEquals("timeout", payment.json().getJsonObject("error").getString("code"));
        // Two verifies of the budget each, plus a loaded machine's slack; a wait the budget did not end is minutes.
        assertTrue(took.compareTo(EmbeddedJetty.BUDGET.multipliedBy(2).plus(TestSettings.SLACK)) < 0, "took " + took.toMillis() + " ms");
    }

    @Test
    void playtchaUp_bothPass_andNeitherIsMarkedFailedOpen() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        Reply signup = JETTY.post("/signup/form").form("playtcha-token", sim.mintToken()).send();
        Reply payment = JETTY.post("/payment/pay").form("playtcha-token", sim.mintToken()).send();

        assertEquals("verified", signup.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals("false", signup.echo().get(PlaytchaFilter.FAILED_OPEN));
        assertEquals("verified", payment.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals("false", payment.echo().get(PlaytchaFilter.FAILED_OPEN));
    }

    @Test
    void bothFilters_shareOneVerifier_andOneConnection() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        long opened = sim.connectionsOpened();

        for (int i = 0; i < 5; i++) {
            assertEquals(200, JETTY.post("/signup/form").form("playtcha-token", sim.mintToken()).send().status());
            assertEquals(200, JETTY.post("/payment/pay").form("playtcha-token", sim.mintToken()).send().status());
        }

        assertEquals(1, JETTY.sharedVerifiers(), "verifiers in the application's SharedVerifiers");
        assertTrue(sim.connectionsOpened() - opened <= 1,
                () -> "one pool reuses its connection; new connections: " + (sim.connectionsOpened() - opened));
        assertTrue(sim.awaitOpenConnectionsAtMost(1, TestSettings.SLACK), "open connections: " + sim.openConnections());
        assertEquals(1, sim.openConnections(), "the shared pool keeps its one connection alive");
    }
}
