package com.playtcha.examples.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example on Netty, on a random port, against the simulator on a port of its own: the filter the starter
 * registers from {@code playtcha.url-patterns} decides each sign-up post, the controller reads the form and the
 * decision, the JSON API verifies by hand, and a refusal is rendered as docs/webflux.md says. BlockHound watches
 * every event loop (blockhound-junit-platform): a blocking call there fails the request, and so the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignupApplicationTest {

    private static final PlaytchaSimulator PLAYTCHA = PlaytchaSimulator.start();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void playtcha(DynamicPropertyRegistry properties) {
        properties.add("playtcha.api-url", () -> PLAYTCHA.url().toString());
        properties.add("playtcha.secret", PLAYTCHA::secret);
    }

    @AfterAll
    static void stop() {
        PLAYTCHA.close();
    }

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void reset() {
        PLAYTCHA.reset();
    }

    @Test
    void verifiedToken_reachesTheController_withTheFormAndTheDecision() throws Exception {
        HttpResponse<String> reply = post("/signup", "email=ada%40example.org&playtcha-token=" + PLAYTCHA.mintToken(), "text/html");

        assertEquals(200, reply.statusCode(), reply::body);
        assertTrue(reply.body().startsWith("welcome ada@example.org\n"), reply::body);
        Properties said = said(reply);
        assertEquals("verified", said.getProperty("outcome"));
        assertEquals("false", said.getProperty("failed-open"));
        assertEquals("null", said.getProperty("ledger-id"));
    }

    @Test
    void formPage_isServedWithoutAToken() throws Exception {
        HttpResponse<String> form = CLIENT.send(HttpRequest.newBuilder(url("/signup")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("playtcha-token"), form::body);
    }

    @Test
    void playtchaDown_failsOpen_withALedgerId() throws Exception {
        PLAYTCHA.injectOnce(Fault.serverError(500, "db_error"));

        HttpResponse<String> reply = post("/signup", "email=a%40b.c&playtcha-token=" + PLAYTCHA.mintToken(), "text/html");

        assertEquals(200, reply.statusCode(), reply::body);
        Properties said = said(reply);
        assertEquals("unavailable", said.getProperty("outcome"));
        assertEquals("true", said.getProperty("failed-open"));
        assertFalse("null".equals(said.getProperty("ledger-id")), reply::body);
    }

    @Test
    void replayedToken_isRefused() throws Exception {
        String token = PLAYTCHA.mintToken();
        assertEquals(200, post("/signup", "email=a%40b.c&playtcha-token=" + token, "text/html").statusCode());

        HttpResponse<String> replay = post("/signup", "email=a%40b.c&playtcha-token=" + token, "application/json");

        assertEquals(403, replay.statusCode(), replay::body);
        assertTrue(replay.body().contains("\"code\":\"already_redeemed\""), replay::body);
    }

    @Test
    void refusalToABrowser_isTheApplicationsErrorPage_andToAJsonClientTheEnvelope() throws Exception {
        HttpResponse<String> browser = post("/signup", "email=a%40b.c", "text/html,application/xhtml+xml,*/*;q=0.8");
        HttpResponse<String> json = post("/signup", "email=a%40b.c", "application/json");

        assertEquals(403, browser.statusCode(), browser::body);
        assertTrue(browser.body().contains("solve the captcha and send the form again"), browser::body);
        assertEquals(403, json.statusCode(), json::body);
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}", json.body());
    }

    @Test
    void theJsonApi_verifiesItsTokenInCode_andPassesOnPlaytchasRetryAfter() throws Exception {
        HttpResponse<String> ok = json("/api/newsletter", "{\"email\":\"ada@example.org\",\"token\":\"" + PLAYTCHA.mintToken() + "\"}");
        PLAYTCHA.rateLimit(1, Duration.ofMinutes(1));
        json("/api/newsletter", "{\"email\":\"ada@example.org\",\"token\":\"" + PLAYTCHA.mintToken() + "\"}");
        HttpResponse<String> limited = json("/api/newsletter", "{\"email\":\"ada@example.org\",\"token\":\"" + PLAYTCHA.mintToken() + "\"}");

        assertEquals(200, ok.statusCode(), ok::body);
        assertEquals("subscribed ada@example.org", ok.body());
        assertEquals(429, limited.statusCode(), limited::body);
        assertEquals("refused: rate_limited_ip", limited.body());
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElse("0")) > 0, limited.headers()::toString);
    }

    @Test
    void health_showsTheVerifier() throws Exception {
        HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(url("/actuator/health/playtcha")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, health.statusCode(), health::body);
        assertTrue(health.body().contains("\"status\":\"UP\""), health::body);
    }

    private HttpResponse<String> post(String path, String form, String accept) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> json(String path, String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The controller's lines after the first, as properties. */
    private static Properties said(HttpResponse<String> reply) throws IOException {
        Properties said = new Properties();
        said.load(new StringReader(reply.body().substring(reply.body().indexOf('\n') + 1)));
        return said;
    }
}
