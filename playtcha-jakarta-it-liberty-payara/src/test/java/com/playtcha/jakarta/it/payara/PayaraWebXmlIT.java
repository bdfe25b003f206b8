package com.playtcha.jakarta.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.it.WebXmlScenario;
import java.net.URL;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * {@link WebXmlScenario} in a real Payara Server 6 distribution (its own domain, on ports taken at its start),
 * managed by Arquillian, with the domain's defaults for MicroProfile Health: the library's jar is a
 * bean archive, so its CDI extension adds the readiness check, and Payara's {@code /health/ready}
 * (on the HTTP port, for every application) reports it, built from the domain's system properties.
 */
class PayaraWebXmlIT extends WebXmlScenario {

    @ArquillianResource
    URL application;

    @Test
    void readinessCheck_answersOnPayarasHealthEndpoint() throws Exception {
        Reply ready = Http.get(new URL(application, "/"), "/health/ready");
        String body = ready.body().replaceAll("\\s", "");

        assertEquals(200, ready.status(), ready::toString);
        assertTrue(body.contains("\"name\":\"playtcha\",\"status\":\"UP\"") && body.contains("\"breaker\":\"closed\""),
                ready::toString);
    }
}
