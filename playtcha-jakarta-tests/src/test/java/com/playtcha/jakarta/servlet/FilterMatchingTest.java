package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which requests the filter looks at: by method ({@code methods}) and by its filter mapping. */
class FilterMatchingTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("default-methods", EmbeddedJetty.settings(sim)), "/guarded/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("put-and-delete",
                EmbeddedJetty.settings(sim, "methods", "put, DELETE")), "/custom/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("exact", EmbeddedJetty.settings(sim)), "/contact");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("extension", EmbeddedJetty.settings(sim)), "*.do");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("unsafe",
                EmbeddedJetty.settings(sim, "methods", "unsafe")), "/unsafe/*");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("webdav",
                EmbeddedJetty.settings(sim, "methods", "POST, PROPFIND, x-Purge")), "/webdav/*");
    });

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void safeMethods_passUntouched_withoutUpstreamCallOrAttributes(String method) throws Exception {
        Reply reply = JETTY.request(method, "/guarded/form").acceptJson().send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(0, PLAYTCHA.simulator().callCount());
        if (!method.equals("HEAD")) {
            assertTrue(reply.echoed(), reply::toString);
            assertNoPlaytchaAttributes(reply.echo());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void defaultGuardedMethod_withoutToken_isRejectedMissingToken(String method) throws Exception {
        Reply reply = JETTY.request(method, "/guarded/form").acceptJson().send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("missing_token", reply.json().getJsonObject("error").getString("code"));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void defaultGuardedMethod_withValidToken_isVerifiedOnce(String method) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply reply = JETTY.request(method, "/guarded/form").token(token).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(method, reply.echo().get("method"));
        assertEquals("verified", reply.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(1, sim.callCount(token));
        assertEquals(1, sim.callCount());
    }

    @Test
    void customMethods_guardOnlyThoseListed() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        Reply post = JETTY.post("/custom/form").acceptJson().send();
        Reply put = JETTY.request("PUT", "/custom/form").acceptJson().send();
        Reply delete = JETTY.request("DELETE", "/custom/form").token(sim.mintToken()).send();

        assertEquals(200, post.status(), "POST is not in methods=put, DELETE: " + post);
        assertNoPlaytchaAttributes(post.echo());
        assertEquals(403, put.status(), "methods are matched case-insensitively as configured: " + put);
        assertEquals(200, delete.status(), delete::toString);
        assertEquals("verified", delete.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(1, sim.callCount());
    }

    /**
     * {@link EchoServlet} overrides {@code service()} and answers whatever method arrives, as a
     * servlet that compares methods without regard to case would: no spelling of a guarded method
     * reaches it unverified.
     */
    @ParameterizedTest
    @ValueSource(strings = {"post", "Post", "pOST", "put", "Delete", "patch"})
    void anySpellingOfAGuardedMethod_toAServletOverridingService_needsAToken(String method) throws Exception {
        Reply reply = JETTY.request(method, "/guarded/form").acceptJson().send();

        assertEquals(403, reply.status(), reply::toString);
        assertFalse(reply.echoed(), reply::toString);
        assertEquals("missing_token", reply.json().getJsonObject("error").getString("code"));
    }

    @Test
    void lowerCasePost_withAValidToken_isVerifiedAndPasses() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply reply = JETTY.request("post", "/guarded/form").token(token).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("post", reply.echo().get("method"));
        assertEquals("verified", reply.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(1, sim.callCount(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "post", "PROPFIND", "MKCOL", "LOCK", "X-CUSTOM", "get", "PUT", "DELETE", "PATCH"})
    void unsafe_guardsEveryMethodButTheSafeOnes(String method) throws Exception {
        Reply reply = JETTY.request(method, "/unsafe/resource").acceptJson().send();

        assertEquals(403, reply.status(), reply::toString);
        assertFalse(reply.echoed(), reply::toString);
        assertEquals("missing_token", reply.json().getJsonObject("error").getString("code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
    void unsafe_letsTheSafeMethodsPass(String method) throws Exception {
        Reply reply = JETTY.request(method, "/unsafe/resource").acceptJson().send();

        assertEquals(200, reply.status(), reply::toString);
        if (!method.equals("HEAD")) {
            assertEquals(method, reply.echo().get("method"), reply::toString);
            assertNoPlaytchaAttributes(reply.echo());
        }
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void unsafe_customMethodWithAValidToken_isVerified() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply reply = JETTY.request("PROPPATCH", "/unsafe/resource").token(token).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("verified", reply.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(1, sim.callCount(token));
    }

    @Test
    void listedCustomMethods_areGuarded_inAnyCase_andOthersPass() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        Reply propfind = JETTY.request("PROPFIND", "/webdav/file").acceptJson().send();
        Reply purge = JETTY.request("X-PURGE", "/webdav/file").acceptJson().send();
        Reply purgeVerified = JETTY.request("x-purge", "/webdav/file").token(token).send();
        Reply mkcol = JETTY.request("MKCOL", "/webdav/dir").acceptJson().send();

        assertEquals(403, propfind.status(), propfind::toString);
        assertEquals(403, purge.status(), "x-Purge is listed; X-PURGE is that method in another case: " + purge);
        assertEquals(200, purgeVerified.status(), purgeVerified::toString);
        assertEquals("verified", purgeVerified.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(200, mkcol.status(), "MKCOL is not listed: " + mkcol);
        assertNoPlaytchaAttributes(mkcol.echo());
        assertEquals(1, sim.callCount());
    }

    @Test
    void requestOutsideTheFilterMapping_isNotVerified() throws Exception {
        Reply reply = JETTY.post("/elsewhere/form").acceptJson().form("name", "Ada").send();
        Reply nearMiss = JETTY.post("/guardedX").acceptJson().send();

        assertEquals(200, reply.status(), reply::toString);
        assertNoPlaytchaAttributes(reply.echo());
        assertEquals(200, nearMiss.status(), "/guarded/* does not match /guardedX: " + nearMiss);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void exactMapping_guardsThatPathOnly() throws Exception {
        Reply exact = JETTY.post("/contact").acceptJson().send();
        Reply below = JETTY.post("/contact/more").acceptJson().send();

        assertEquals(403, exact.status(), exact::toString);
        assertEquals(200, below.status(), below::toString);
        assertNoPlaytchaAttributes(below.echo());
    }

    @Test
    void extensionMapping_guardsMatchingPaths() throws Exception {
        Reply matching = JETTY.post("/any/where/submit.do").acceptJson().send();
        Reply other = JETTY.post("/any/where/submit.html").acceptJson().send();

        assertEquals(403, matching.status(), matching::toString);
        assertEquals(200, other.status(), other::toString);
    }

    static void assertNoPlaytchaAttributes(Map<String, String> seen) {
        for (String name : EchoServlet.ATTRIBUTES) {
            assertFalse(seen.containsKey(name), () -> name + " set on a request the filter must not touch: " + seen);
        }
    }
}
