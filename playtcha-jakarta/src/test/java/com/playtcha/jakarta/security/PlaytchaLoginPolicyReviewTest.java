package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cdi.InMemoryConfig;
import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import com.playtcha.jakarta.servlet.LoginPage;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Review of issue 39. {@code @PlaytchaLogin} under {@code playtcha.login.require=after-failures}: the account comes from the
 * parameter the binding names or from the credential given to {@code SecurityContext.authenticate}, and
 * the mechanism's {@code AuthenticationStatus} is counted ({@code SEND_FAILURE} a failure,
 * {@code SUCCESS} clears the account).
 */
@EnableWeld
class PlaytchaLoginPolicyReviewTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA,
            "playtcha.timeout", "3s",
            "playtcha.connect-timeout", "2s",
            "playtcha.login.require", "after-failures");

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(PlaytchaVerifierProducer.class, PasswordMechanism.class)
            .addExtension(new PlaytchaSecurityExtension()))
            .build();

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private SecurityRuntime runtime;
    private PasswordMechanism mechanism;

    @BeforeEach
    void startTheRuntime() throws Exception {
        runtime = new SecurityRuntime(weld.select(HttpAuthenticationMechanism.class).get());
        mechanism = weld.select(PasswordMechanism.class).get();
    }

    @AfterEach
    void stopTheRuntime() throws Exception {
        runtime.close();
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(runtime.uri(path)).timeout(WAIT).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String login(String user, String password, String token) {
        String form = "user=" + user + "&password=" + password;
        return token == null ? form : form + "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String needsToken(HttpResponse<String> response) {
        return response.headers().firstValue(LoginPage.NEEDS_TOKEN_HEADER).orElse(null);
    }

    /**
     * The mechanism reads {@code user} with {@code getParameter}, from the query string whatever the body;
     * the interceptor reads the account only from an urlencoded body or a request without a content type,
     * so a post whose credentials ride in the query of a text/plain body is never counted against the
     * account: the fourth guess reaches the mechanism without a token.
     */
    @Test
    void afterThreeFailures_credentialsInTheQueryOfATextPlainPost_needAToken() throws Exception {
        for (int i = 1; i <= 3; i++) {
            post("/api/login", login("alice", "wrong", null));
        }
        assertEquals(3, mechanism.checks());

        HttpResponse<String> inQuery = http.send(HttpRequest.newBuilder(runtime.uri("/api/login?user=alice&password=guess"))
                .timeout(WAIT).header("Accept", "application/json").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(3, mechanism.checks(), "the mechanism must not be called without a token: " + inQuery.body());
        assertTrue(inQuery.body().contains("\"token_required\""), inQuery.body());
    }
}
