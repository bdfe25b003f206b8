package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A login post that reaches the filter itself, as on Open Liberty, whose filters run before its FORM
 * login (here a servlet stands in for the login at {@code /j_security_check}): guarded whatever its
 * method, although the filter's {@code methods} are POST only, for a container checks a password sent
 * by GET as readily.
 */
class LoginPostFilterTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("login", new EchoServlet()), "/j_security_check");
        context.addServlet(new ServletHolder("page", new EchoServlet()), "/page");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("login", EmbeddedJetty.settings(sim, "methods", "POST")),
                "/j_security_check");
        EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("page", EmbeddedJetty.settings(sim, "methods", "POST")),
                "/page");
    });

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "POST"})
    void aLoginPostWithoutToken_isRefused_whateverItsMethod(String method) throws Exception {
        Reply reply = JETTY.request(method, "/j_security_check?j_username=alice&j_password=secret").acceptJson().send();

        assertEquals(403, reply.status(), () -> method + ": " + reply);
        assertFalse(reply.echoed(), () -> method + " reached the login: " + reply);
        assertEquals("false", reply.header(LoginProtocol.TOKEN_SPENT_HEADER), reply::toString);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void anyOtherPath_keepsTheFiltersMethods(String method) throws Exception {
        Reply reply = JETTY.request(method, "/page").send();

        assertEquals(200, reply.status(), () -> method + ": " + reply);
    }
}
