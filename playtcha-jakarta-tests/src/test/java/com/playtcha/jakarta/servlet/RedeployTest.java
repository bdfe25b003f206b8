package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerifierThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Undeploying an application closes what its filters opened: no verifier timer thread and no
 * connection to Playtcha outlives it, however often it is redeployed.
 */
class RedeployTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static final int REDEPLOYS = 20;

    @Test
    void redeployingTwentyTimes_leavesNoVerifierThreadAndNoConnection() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        VerifierThreads threads = VerifierThreads.snapshot();
        long opened = sim.connectionsOpened();

        ContextHandlerCollection applications = new ContextHandlerCollection();
        try (EmbeddedJetty jetty = EmbeddedJetty.start(applications)) {
            for (int i = 0; i < REDEPLOYS; i++) {
                ServletContextHandler app = new ServletContextHandler("/app", ServletContextHandler.NO_SESSIONS);
                app.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
                EmbeddedJetty.guard(app, EmbeddedJetty.playtcha("signup", EmbeddedJetty.settings(sim)), "/signup/*");
                EmbeddedJetty.guard(app, EmbeddedJetty.playtcha("payment",
                        EmbeddedJetty.settings(sim, "fail-closed", "true")), "/payment/*");
                applications.addHandler(app);
                app.start();

                Reply signup = jetty.post("/app/signup/form").form("playtcha-token", sim.mintToken()).send();
                Reply payment = jetty.post("/app/payment/pay").form("playtcha-token", sim.mintToken()).send();
                assertEquals(200, signup.status(), signup::toString);
                assertEquals(200, payment.status(), payment::toString);
                assertEquals(1, EmbeddedJetty.sharedVerifiers(app), "the two filters share one verifier");

                app.stop();
                applications.removeHandler(app);
            }
        }

        assertTrue(sim.connectionsOpened() - opened >= REDEPLOYS, "each deployment opened its own pool");
        assertEquals(List.of(), threads.leftAfter(Duration.ofSeconds(10)), "verifier threads left after undeploy");
        assertTrue(sim.awaitOpenConnectionsAtMost(0, TestSettings.SLACK),
                () -> "connections to Playtcha left open: " + sim.openConnections());
    }
}
