package com.playtcha.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example on its embedded Tomcat, on a random port, against the simulator: the filter the starter
 * registers from {@code playtcha.url-patterns} decides each sign-up post, the controller reads the decision from
 * the request attributes, and a refusal is rendered as docs/behaviour.md says (docs/spring-boot.md
 * has what that means in Spring). The application context is started once for all these tests, on
 * the address of the class's simulator (a free port, taken when it binds), and closed with the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // the application ends with its simulator, and nothing of it posts to another test's
class SignupApplicationTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @DynamicPropertySource
    static void playtcha(DynamicPropertyRegistry properties) {
        properties.add("playtcha.api-url", () -> PLAYTCHA.simulator().url().toString());
        properties.add("playtcha.secret", () -> PLAYTCHA.simulator().secret());
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    PlaytchaVerifier verifier;

    @Test
    void verifiedToken_reachesTheController_withTheDecisionInItsAttributes(PlaytchaSimulator playtcha) throws Exception {
        HttpResponse<String> reply = post("/signup", playtcha.mintToken(), "text/html");

        assertEquals(200, reply.statusCode(), reply::body);
        Properties said = said(reply);
        assertEquals("verified", said.getProperty("outcome"));
        assertEquals("false", said.getProperty("failed-open"));
        assertEquals("null", said.getProperty("ledger-id"));
    }

    @Test
    void formPage_isServedWithoutAToken() throws Exception {
        HttpResponse<String> form = CLIENT.send(HttpRequest.newBuilder(url("/signup")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("playtcha-token"), form::body);
    }

    @Test
    void playtchaDown_failsOpen_withALedgerId(PlaytchaSimulator playtcha) throws Exception {
        playtcha.injectOnce(Fault.serverError(500, "db_error"));

        HttpResponse<String> reply = post("/signup", playtcha.mintToken(), "text/html");

        assertEquals(200, reply.statusCode(), reply::body);
        Properties said = said(reply);
        assertEquals("unavailable", said.getProperty("outcome"));
        assertEquals("true", said.getProperty("failed-open"));
        assertFalse(said.getProperty("ledger-id").isBlank() || "null".equals(said.getProperty("ledger-id")), reply::body);
        awaitLedgerSettled();
    }

    @Test
    void replayedToken_isRefused(PlaytchaSimulator playtcha) throws Exception {
        String token = playtcha.mintToken();
        assertEquals(200, post("/signup", token, "text/html").statusCode());

        HttpResponse<String> replay = post("/signup", token, "application/json");

        assertEquals(403, replay.statusCode(), replay::body);
        assertTrue(replay.body().contains("\"code\":\"already_redeemed\""), replay::body);
    }

    @Test
    void refusalToABrowser_isTheApplicationsErrorPage_forThatStatus() throws Exception {
        HttpResponse<String> refused = post("/signup", null, "text/html,application/xhtml+xml,*/*;q=0.8");

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("We could not confirm you are human"), refused::body);
    }

    @Test
    void refusalToAJsonClient_isTheLibrarysEnvelope_untouchedBySpringsErrorHandling() throws Exception {
        HttpResponse<String> refused = post("/signup", null, "application/json");

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}",
                refused.body());
        assertEquals("no-store", refused.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void refusalToAClientWithoutPreference_isSpringsErrorAnswer_withTheStatus() throws Exception {
        HttpResponse<String> refused = post("/signup", null, "*/*");

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"status\":403"), refused::body);
    }

    @Test
    void playtchasRateLimit_reachesABrowser_as429WithRetryAfter_throughSpringsErrorPage(PlaytchaSimulator playtcha)
            throws Exception {
        playtcha.rateLimit(1, Duration.ofMinutes(1));
        // The window's one verify: this post's, or the ledger re-verifying in the background a token that an earlier
        // case let through failing open. Either way the next post is past the window.
        post("/signup", playtcha.mintToken(), "text/html");

        HttpResponse<String> limited = post("/signup", playtcha.mintToken(), "text/html");

        assertEquals(429, limited.statusCode(), limited::body);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, () -> "Retry-After: " + retryAfter);
    }

    @Test
    void newsletterApi_verifiesInCode_withTheInjectedVerifier(PlaytchaSimulator playtcha) throws Exception {
        assertEquals("subscribed ada@example.com", json("{\"email\":\"ada@example.com\",\"token\":\""
                + playtcha.mintToken() + "\"}").body());

        HttpResponse<String> refused = json("{\"email\":\"ada@example.com\"}");
        assertEquals(403, refused.statusCode());
        assertEquals("refused: missing_token", refused.body());
    }

    @Test
    void newsletterApi_refusedByPlaytchasRateLimit_sendsItsRetryAfter(PlaytchaSimulator playtcha) throws Exception {
        playtcha.rateLimit(1, Duration.ofMinutes(1));
        json(subscription(playtcha.mintToken())); // the window's one verify, or the ledger's (above)

        HttpResponse<String> limited = json(subscription(playtcha.mintToken()));

        assertEquals(429, limited.statusCode(), limited::body);
        assertTrue(limited.body().startsWith("refused: "), limited::body);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, () -> "Retry-After: " + retryAfter);
    }

    @Test
    void newsletterApi_failedOpen_keepsTheLedgerId(PlaytchaSimulator playtcha) throws Exception {
        playtcha.injectOnce(Fault.serverError(500, "db_error"));

        HttpResponse<String> subscribed = json(subscription(playtcha.mintToken()));

        assertEquals(200, subscribed.statusCode(), subscribed::body);
        assertTrue(subscribed.body().matches("subscribed ada@example\\.com ledger-id=\\S+"), subscribed::body);
        awaitLedgerSettled();
    }

    @Test
    void health_showsTheVerifier() throws Exception {
        HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(url("/actuator/health/playtcha")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, health.statusCode(), health::body);
        assertTrue(health.body().contains("\"status\":\"UP\""), health::body);
    }

    /**
     * Until the ledger has re-verified what a test let through: the application posts that verify to the simulator
     * about a second later, and, landing in a later test, it spent the one verify a minute of a rate-limit test
     * (which then saw its first post throttled, 429 for 200).
     */
    private void awaitLedgerSettled() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (verifier.status().ledgerOpen() > 0) {
            assertTrue(System.nanoTime() < deadline, "the ledger did not re-verify its entry within 60 s: " + verifier.status());
            Thread.sleep(50);
        }
    }

    private static String subscription(String token) {
        return "{\"email\":\"ada@example.com\",\"token\":\"" + token + "\"}";
    }

    private HttpResponse<String> json(String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(url("/api/newsletter")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String accept) throws IOException, InterruptedException {
        String form = "email=ada%40example.com" + (token == null ? "" : "&playtcha-token=" + token);
        return CLIENT.send(HttpRequest.newBuilder(url(path)).header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Properties said(HttpResponse<String> reply) throws IOException {
        Properties said = new Properties();
        said.load(new StringReader(reply.body()));
        return said;
    }
}
