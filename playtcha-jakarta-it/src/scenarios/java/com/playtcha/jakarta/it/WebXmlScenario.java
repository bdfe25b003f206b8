package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.SimulatedProject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 1: the filter declared in web.xml and configured by init-params alone, in a WAR without
 * CDI or MicroProfile Config of its own. Four filters on four paths (fail open, fail closed,
 * observe, a wrong secret) and an {@code <error-page>} for 403 and 503. Each container runs it
 * through a subclass.
 */
@ExtendWith(ArquillianExtension.class)
// The fail-open test runs last: the ledger re-verifies its token about a second later, and that post
// must not land in another test's call count or take its injected fault. Undeploying right after
// reports the entry abandoned instead (a WARNING in the container's log).
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class WebXmlScenario {

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        PlaytchaSimulator sim = Playtcha.simulator();
        String api = sim.url().toString();
        String secret = sim.secret();
        return Wars.withLibrary("webxml").setWebXML(new StringAsset(Wars.webXml(
                Wars.filter("open", "/open/*", Map.of("api-url", api, "secret", secret))
                + Wars.filter("closed", "/closed/*", Map.of("api-url", api, "secret", secret, "fail-closed", "true"))
                + Wars.filter("observe", "/observe/*", Map.of("api-url", api, "secret", secret, "mode", "observe"))
                + Wars.filter("wrong-secret", "/wrong-secret/*", Map.of("api-url", api, "secret", "sk_test_not_this_project"))
                + Wars.echoServlet()
                + """
                  <servlet><servlet-name>error-page</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>error-page</servlet-name><url-pattern>/error-page</url-pattern></servlet-mapping>
                  <error-page><error-code>403</error-code><location>/error-page</location></error-page>
                  <error-page><error-code>503</error-code><location>/error-page</location></error-page>
                """.formatted(com.playtcha.jakarta.it.app.EchoServlet.class.getName()))));
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void goodToken_isVerified_andTheApplicationSeesTheOutcome() throws Exception {
        String token = Playtcha.simulator().mintToken();

        Reply reply = Http.post(url, "/open/signup", Http.JSON, token);

        assertEquals(200, reply.status(), reply::toString);
        Map<String, String> seen = reply.echo();
        assertEquals("verified", seen.get("com.playtcha.outcome"), reply::toString);
        assertEquals("false", seen.get("com.playtcha.degraded"));
        assertEquals("false", seen.get("com.playtcha.failed-open"));
        assertNull(seen.get("com.playtcha.error-code"));
        assertTrue(seen.get("com.playtcha.request-id").startsWith("req_"), reply::toString);
        assertEquals(1, Playtcha.simulator().callCount(token));
    }

    @Test
    void degradedBand_isVerified_andMarkedDegraded() throws Exception {
        Playtcha.simulator().degradedAfter(0);

        Reply reply = Http.post(url, "/open/signup", Http.JSON, Playtcha.simulator().mintToken());

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("verified", reply.outcome());
        assertEquals("true", reply.echo().get("com.playtcha.degraded"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"token_invalid", "already_redeemed", "token_expired", "unknown_project", "bad_secret"})
    void playtchaRejection_isBlocked403_withPlaytchasCode(String code) throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        String path = code.equals("bad_secret") ? "/wrong-secret/signup" : "/open/signup";
        String token = switch (code) {
            case "token_invalid" -> "ptk_default_forged";
            case "already_redeemed" -> sim.mintRedeemedToken();
            case "token_expired" -> sim.mintExpiredToken();
            case "unknown_project" -> {
                SimulatedProject gone = sim.createProject("gone");
                String minted = sim.mintToken(gone);
                sim.deleteProject(gone);
                yield minted;
            }
            default -> sim.mintToken();
        };

        Reply reply = Http.post(url, path, Http.JSON, token);

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        assertTrue(reply.body().contains("\"" + code + "\""), reply::toString);
        assertFalse(reply.body().contains("servlet=app"), "the application must not run: " + reply);
        assertEquals(1, sim.callCount(token), "one verify, never retried");
    }

    @Test
    void rateLimited_isBlocked429_withRetryAfter() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        sim.rateLimit(1, Duration.ofSeconds(90));
        assertEquals(200, Http.post(url, "/open/signup", Http.JSON, sim.mintToken()).status());

        Reply reply = Http.post(url, "/open/signup", Http.JSON, sim.mintToken());

        assertEquals(429, reply.status(), reply::toString);
        assertNotNull(reply.retryAfter(), reply::toString);
        assertTrue(Long.parseLong(reply.retryAfter()) >= 1, reply::toString);
        assertTrue(reply.body().contains("\"rate_limited_ip\""), reply::toString);
    }

    @Test
    void missingToken_isBlocked403_withoutAskingPlaytcha() throws Exception {
        Reply reply = Http.post(url, "/open/signup", Http.JSON, null);

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.body().contains("\"missing_token\""), reply::toString);
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: see the class's @TestMethodOrder
    void playtchaUnavailable_failOpen_passes_markedFailedOpen() throws Exception {
        Playtcha.simulator().injectOnce(Fault.serverError(500, "db_error"));

        Reply reply = Http.post(url, "/open/signup", Http.JSON, Playtcha.simulator().mintToken());

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("unavailable", reply.outcome());
        assertEquals("true", reply.echo().get("com.playtcha.failed-open"));
        assertEquals("db_error", reply.echo().get("com.playtcha.error-code"));
    }

    @Test
    void playtchaUnavailable_failClosed_isBlocked503() throws Exception {
        Playtcha.simulator().injectOnce(Fault.serverError(500, "db_error"));

        Reply reply = Http.post(url, "/closed/signup", Http.JSON, Playtcha.simulator().mintToken());

        assertEquals(503, reply.status(), reply::toString);
        assertTrue(reply.body().contains("\"db_error\""), reply::toString);
    }

    @Test
    void observeMode_neverBlocks_butRecordsTheRejection() throws Exception {
        Reply reply = Http.post(url, "/observe/signup", Http.JSON, Playtcha.simulator().mintExpiredToken());

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("rejected", reply.outcome());
        assertEquals("token_expired", reply.echo().get("com.playtcha.error-code"));
    }

    @Test
    void get_passesUntouched() throws Exception {
        Reply reply = Http.get(url, "/open/signup");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("app", reply.echo().get("servlet"));
        assertNull(reply.outcome(), reply::toString);
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    void browserRejection_rendersTheApplicationsErrorPage_withTheAttributes() throws Exception {
        Reply reply = Http.post(url, "/open/signup", Http.HTML, "ptk_default_forged");

        assertEquals(403, reply.status(), reply::toString);
        Map<String, String> seen = reply.echo();
        assertEquals("error-page", seen.get("servlet"), reply::toString);
        assertEquals("403", seen.get("error.status"));
        assertEquals("rejected", seen.get("com.playtcha.outcome"));
        assertEquals("token_invalid", seen.get("com.playtcha.error-code"));
    }

    @Test
    void browserFailClosed_rendersTheErrorPage_for503() throws Exception {
        Playtcha.simulator().injectOnce(Fault.serverError(500, "db_error"));

        Reply reply = Http.post(url, "/closed/signup", Http.HTML, Playtcha.simulator().mintToken());

        assertEquals(503, reply.status(), reply::toString);
        assertEquals("error-page", reply.echo().get("servlet"), reply::toString);
        assertEquals("unavailable", reply.echo().get("com.playtcha.outcome"));
    }
}
