package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An open circuit breaker through the filter: {@code circuit_open} is one more unavailable result,
 * so the fail-open path passes marked failed-open and the fail-closed path answers 503, without
 * Playtcha being called. Both filters share one verifier, and so one breaker.
 */
class BreakerFilterTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        String[] breaker = {"breaker.failures", "2", "breaker.cool-down", "5m"};
        context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup", EmbeddedJetty.settings(sim, breaker)), "/signup/*");
        String[] closed = {breaker[0], breaker[1], breaker[2], breaker[3], "fail-closed", "true"};
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("payment", EmbeddedJetty.settings(sim, closed)), "/payment/*");
    });

    @Test
    void afterTwoFailures_signupPassesFailedOpen_paymentGets503_andPlaytchaIsNotCalled() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.serverError(500, "db_error"));
        String failedPayment = sim.mintToken();
        assertEquals("db_error", JETTY.post("/signup/form").form("playtcha-token", sim.mintToken()).send().echo()
                .get(PlaytchaFilter.ERROR_CODE));
        assertEquals(503, JETTY.post("/payment/pay").form("playtcha-token", failedPayment).send().status());

        String signupToken = sim.mintToken();
        String paymentToken = sim.mintToken();
        Reply signup = JETTY.post("/signup/form").form("playtcha-token", signupToken).send();
        Reply payment = JETTY.post("/payment/pay").acceptJson().form("playtcha-token", paymentToken).send();

        Map<String, String> seen = signup.echo();
        assertEquals(200, signup.status(), signup::toString);
        assertEquals("unavailable", seen.get(PlaytchaFilter.OUTCOME));
        assertEquals("true", seen.get(PlaytchaFilter.FAILED_OPEN));
        assertEquals("circuit_open", seen.get(PlaytchaFilter.ERROR_CODE));
        assertNull(seen.get(PlaytchaFilter.REQUEST_ID));
        assertEquals(503, payment.status(), payment::toString);
        assertEquals("circuit_open", payment.json().getJsonObject("error").getString("code"));
        // Counted by token: the first signup failed open, and its ledger entry is re-verified (past the breaker) a
        // second after the request, which on a busy machine may come before the payment's post opened the breaker.
        assertEquals(1, sim.callCount(failedPayment), "the payment that opened the breaker reached Playtcha");
        assertEquals(0, sim.callCount(signupToken) + sim.callCount(paymentToken), "none reaches Playtcha once the breaker is open");
        assertEquals(1, JETTY.sharedVerifiers(), "one verifier, one breaker");
    }
}
