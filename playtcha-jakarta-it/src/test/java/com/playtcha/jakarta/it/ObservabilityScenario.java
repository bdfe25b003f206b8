package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URL;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario: a CDI application with MicroProfile Health and OpenTelemetry. The library registers its
 * readiness check and records metrics on the application's {@code OpenTelemetry}; the filter
 * (registered by {@code playtcha.url-patterns}) borrows the CDI verifier. The readiness check is UP,
 * then DOWN once Playtcha answered {@code bad_secret}; the metrics show the decisions. Each container
 * says where its readiness report and its metrics are ({@link #readiness()}, {@link #metrics()}).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ObservabilityScenario {

    /** Playtcha's answer to a secret it does not know, as the simulator gives it for a wrong secret. */
    static final String BAD_SECRET = "{\"error\":{\"code\":\"bad_secret\",\"message\":\"The secret does not match the project.\","
            + "\"request_id\":\"req_it_bad_secret\"}}";

    @ArquillianResource
    protected URL url;

    /** The runtime's readiness report: status and JSON body. */
    protected abstract Reply readiness() throws Exception;

    /**
     * Text in which the metrics recorded so far appear by instrument name, once they appear at all
     * (an exporter may need a moment): waits up to a deadline for {@code name}.
     */
    protected abstract String metrics(String name) throws Exception;

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void readinessUp_thenDownAfterBadSecret_andMetricsRecorded() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        Reply verified = Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());
        assertEquals("verified", verified.outcome(), verified::toString);

        Reply up = readiness();
        assertEquals(200, up.status(), up::toString);
        assertTrue(up.body().contains("\"name\":\"playtcha\"") && up.body().contains("\"breaker\""), up::toString);

        sim.injectOnce(Fault.json(401, BAD_SECRET));
        Reply refused = Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());
        assertEquals(403, refused.status(), "bad_secret rejects the token: " + refused);

        Reply down = readiness();
        assertEquals(503, down.status(), down::toString);
        assertTrue(down.body().contains("\"fault\":\"bad_secret\""), down::toString);
        assertFalse(down.body().contains(Playtcha.SECRET), "never the secret");

        String decisions = metrics("playtcha.decisions");
        assertTrue(decisions.contains("playtcha.decisions"), decisions);
        assertTrue(metrics("playtcha.verify.duration").contains("playtcha.verify.duration"), decisions);
        assertTrue(metrics("bad_secret").contains("bad_secret"), "the decision's code is an attribute: " + decisions);
    }
}
