package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cdi.InMemoryConfig;
import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JSON login is one attempt for its client: the runtime's own call (no account readable) goes on
 * counted on the client, and when {@code SecurityContext.authenticate} then names the account, that
 * earlier count is given back and the attempt is counted once, on the account and the client. Before,
 * each JSON login counted its client twice, so a client met its limit at half its logins.
 */
@EnableWeld
class JsonLoginClientCountTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA,
            "playtcha.login.require", "after-failures",
            "playtcha.login.client-failures", "3");

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(PlaytchaVerifierProducer.class, JsonLoginMechanism.class)
            .addExtension(new PlaytchaSecurityExtension()))
            .build();

    private SecurityRuntime runtime;
    private JsonLoginMechanism mechanism;

    @BeforeEach
    void startTheRuntime() throws Exception {
        runtime = new SecurityRuntime(weld.select(HttpAuthenticationMechanism.class).get());
        mechanism = weld.select(JsonLoginMechanism.class).get();
    }

    @AfterEach
    void stopTheRuntime() throws Exception {
        runtime.close();
    }

    private HttpResponse<String> json(String credential) throws Exception {
        return HttpClient.newBuilder().connectTimeout(WAIT).build().send(HttpRequest.newBuilder(runtime.uri("/api/session"))
                .timeout(WAIT).header("Accept", "application/json").header("Content-Type", "application/json")
                .header(SecurityRuntime.AUTHENTICATE, credential)
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + credential + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void threeWrongJsonLogins_onThreeAccounts_reachThePasswordCheck_andTheFourthNeedsAToken() throws Exception {
        for (String account : new String[] {"ann", "ben", "cid"}) {
            HttpResponse<String> failed = json(account + ":wrong");
            assertEquals("status=SEND_FAILURE caller=null outcome=null spent=false", failed.body(), account);
        }
        assertEquals(3, mechanism.checks());

        HttpResponse<String> fourth = json("dan:wrong");

        assertEquals(403, fourth.statusCode(), fourth::body);
        assertTrue(fourth.body().contains("\"token_required\""), fourth.body());
        assertEquals(3, mechanism.checks(), "the client's three failures were its limit");
    }
}
