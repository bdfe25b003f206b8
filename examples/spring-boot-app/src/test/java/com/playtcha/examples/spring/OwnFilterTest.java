package com.playtcha.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.examples.ownfilter.OwnFilterConfiguration;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example with {@link OwnFilterConfiguration} added: the application's registration replaces the
 * one of {@code playtcha.url-patterns}, keeps Spring's settings and the application's verifier, and
 * applies its own init-param.
 */
@SpringBootTest(classes = {SignupApplication.class, OwnFilterConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // the application ends with its simulator (see SignupApplicationTest)
class OwnFilterTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @DynamicPropertySource
    static void playtcha(DynamicPropertyRegistry properties) {
        properties.add("playtcha.api-url", () -> PLAYTCHA.simulator().url().toString());
        properties.add("playtcha.secret", () -> PLAYTCHA.simulator().secret());
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    PlaytchaVerifier verifier;

    @Test
    void ownRegistration_guardsItsPatterns_withItsInitParam_andTheApplicationsVerifier(PlaytchaSimulator playtcha)
            throws Exception {
        long verified = verifier.status().decisions(DecisionEvent.Kind.VERIFIED);

        assertEquals(200, post("/signup", "&playtcha-token=" + playtcha.mintToken()).statusCode());
        assertEquals(422, post("/signup", "").statusCode(), "reject-status from the registration's init-param");
        assertEquals(verified + 1, verifier.status().decisions(DecisionEvent.Kind.VERIFIED));
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=ada%40example.com" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
