package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario: a Jakarta REST application in a CDI runtime. {@code @PlaytchaProtected} resource methods,
 * the feature found by the runtime's scanning (the WAR's Application is empty; the feature is in
 * playtcha-jakarta-rest, beside the library in {@code WEB-INF/lib}), settings from
 * MicroProfile Config and the system properties the container was started with, and the verifier
 * CDI produces, shared with a servlet's {@code @Inject PlaytchaVerifier}. Runs where the runtime
 * has Jakarta REST, CDI and MicroProfile Config of its own (WildFly: RESTEasy).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class RestScenario {

    private static final String[] APPLICATION = {"com.playtcha.jakarta.it.app.RestApplication",
            "com.playtcha.jakarta.it.app.RestSignupResource", "com.playtcha.jakarta.it.app.ByHandServlet"};

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Wars.withClassesByName(Wars.withRest(Wars.withLibrary("rest")), APPLICATION)
                .setWebXML(new StringAsset(Wars.webXml(Wars.echoServlet())))
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
                        + "bean-discovery-mode=\"annotated\"/>\n"), "beans.xml")
                .addAsResource(new StringAsset("playtcha.api-url=" + Playtcha.simulator().url() + "\n"),
                        "META-INF/microprofile-config.properties");
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void formToken_isVerified_andTheResourceReadsTheForm() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        String token = sim.mintToken();

        Reply reply = Http.post(url, "/api/signup", Http.JSON, token);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("Ada", reply.echo().get("name"), reply::toString);
        assertEquals("verified", reply.outcome(), reply::toString);
        assertEquals("false", reply.echo().get("com.playtcha.failed-open"), reply::toString);
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void headerToken_isVerified_forAJsonBody() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();

        Reply reply = Http.send(url, "POST", "/api/signup/json", "application/json", "{\"name\":\"Ada\"}",
                "Playtcha-Token", sim.mintToken());

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("{\"name\":\"Ada\"}", reply.echo().get("body"), reply::toString);
        assertEquals("verified", reply.outcome(), reply::toString);
    }

    @Test
    void invalidAndMissingTokens_areRejected_asTheServletFilterAnswers() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();

        Reply invalid = Http.post(url, "/api/signup", Http.JSON, "ptk_forged_token_0123456789");
        Reply missing = Http.post(url, "/api/signup", Http.JSON, null);
        Reply browser = Http.post(url, "/api/signup", Http.HTML, null);

        assertEquals(403, invalid.status(), invalid::toString);
        assertTrue(invalid.contentType().startsWith("application/json"), invalid::toString);
        assertTrue(invalid.body().startsWith("{\"error\":{\"code\":\"token_invalid\",\"message\":\"The captcha check failed.\""),
                invalid::toString);
        assertEquals(403, missing.status(), missing::toString);
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}",
                missing.body());
        assertEquals(403, browser.status(), browser::toString);
        assertTrue(!browser.body().contains("missing_token"), browser::toString);
        assertEquals(1, sim.callCount());
    }

    @Test
    void unguardedGet_passesWithoutAToken() throws Exception {
        Reply reply = Http.get(url, "/api/signup");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("true", reply.echo().get("shown"), reply::toString);
        assertEquals("null", reply.outcome(), reply::toString);
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    void playtchaUnavailable_failsOpen_withALedgerEntry() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        sim.injectOnce(Fault.serverError(503, "maintenance"));

        Reply reply = Http.post(url, "/api/signup", Http.JSON, sim.mintToken());

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("unavailable", reply.outcome(), reply::toString);
        assertEquals("true", reply.echo().get("com.playtcha.failed-open"), reply::toString);
        assertNotEquals("null", reply.echo().get("com.playtcha.ledger-id"), reply::toString);
    }

    @Test
    void restFilterAndInjectedVerifier_shareCdisVerifier() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        Http.post(url, "/api/signup", Http.JSON, sim.mintToken());
        Http.post(url, "/by-hand", Http.JSON, sim.mintToken());
        long before = sim.connectionsOpened();

        Reply filtered = Http.post(url, "/api/signup", Http.JSON, sim.mintToken());
        Reply byHand = Http.post(url, "/by-hand", Http.JSON, sim.mintToken());

        assertEquals("verified", filtered.outcome(), filtered::toString);
        assertEquals("Verified", byHand.echo().get("result"), byHand::toString);
        assertEquals(1, sim.openConnections(), "connections open: one pool, one connection");
        assertEquals(before, sim.connectionsOpened(), "no new connection: the warm connection was reused");
    }
}
