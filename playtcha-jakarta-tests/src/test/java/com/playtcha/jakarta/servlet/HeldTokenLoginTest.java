package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the login page is told of a token the verifier holds: a login that failed open on
 * {@code circuit_open} (its token never posted, but held by the ledger) says the token is spent, so
 * the page resets the widget; the retry with that same token would be refused, and is. In a real
 * Tomcat's FORM login ({@link LoginTomcat}).
 */
class HeldTokenLoginTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    Path base;

    private static Call login(HttpClient browser, int port, String password, String token) {
        return new Call(browser, URI.create("http://127.0.0.1:" + port + "/j_security_check"), "POST")
                .form("j_username", LoginTomcat.USER, "j_password", password, "playtcha-token", token).acceptHtml();
    }

    private static HttpClient browser(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TestSettings.SLACK).build();
        new Call(client, URI.create("http://127.0.0.1:" + port + "/secure/page"), "GET").send(); // the login page first
        return client;
    }

    @Test
    void aCircuitOpenLoginThatFailedOpen_saysTheTokenIsSpent_andTheRetryWithItIsRefused() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (LoginTomcat tomcat = LoginTomcat.start(base, true, "/j_security_check", EmbeddedJetty.settings(sim,
                "breaker.failures", "1", "breaker.cool-down", "5m"))) {
            sim.injectOnce(Fault.serverError(503, "db_error"));
            login(browser(tomcat.port()), tomcat.port(), "wrong", sim.mintToken()).send(); // opens the breaker
            String token = sim.mintToken();
            HttpClient browser = browser(tomcat.port());

            Reply wrongPassword = login(browser, tomcat.port(), "wrong", token).send();
            assertEquals("circuit_open", wrongPassword.echo().get(PlaytchaFilter.ERROR_CODE), wrongPassword::toString);
            assertEquals("/login-error", wrongPassword.echo().get("page"), "failed open, then the realm said no");
            assertEquals("true", wrongPassword.echo().get(PlaytchaFilter.TOKEN_SPENT), "held by the ledger: reset the widget");
            assertEquals("true", wrongPassword.header(LoginProtocol.TOKEN_SPENT_HEADER));

            Reply retry = login(browser, tomcat.port(), LoginTomcat.PASSWORD, token).send();
            assertEquals(403, retry.status(), retry::toString);
            assertEquals("already_redeemed", retry.echo().get(PlaytchaFilter.ERROR_CODE));
            assertEquals("true", retry.header(LoginProtocol.TOKEN_SPENT_HEADER));
            assertEquals(0, sim.callCount(token), "never posted");
            assertEquals(2, tomcat.passwordChecks(), "the two wrong passwords; the retry never reached the realm");
        }
    }
}
