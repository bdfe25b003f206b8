package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The charset rule in Tomcat 10.1, which reads a form in a charset it does not know as its default
 * one (Jetty answers 400 instead, {@link HostileInputTest}): the filter answers both the same,
 * {@code missing_token}, and Playtcha is not asked.
 */
class UnknownCharsetTomcatTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    static Path base;

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TestSettings.SLACK).build();
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() throws Exception {
        tomcat = EmbeddedTomcat.guarded(new EchoServlet(), base, EmbeddedJetty.settings(PLAYTCHA.simulator()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-unknown", "\"x-unknown\"", "\"=?\"", "\"\""})
    void unknownCharsetOfTheBody_isRejectedMissingToken(String charset) throws Exception {
        Multipart multipart = new Multipart().field("playtcha-token", PLAYTCHA.simulator().mintToken()).field("name", "Ada");
        byte[] form = ("name=Ada&playtcha-token=" + PLAYTCHA.simulator().mintToken()).getBytes(StandardCharsets.US_ASCII);

        for (String[] request : new String[][] {
                {"/form/x", "application/x-www-form-urlencoded; charset=" + charset},
                {"/raw/x", multipart.contentType() + "; charset=" + charset},
                {"/parts/x", multipart.contentType() + "; charset=" + charset}}) {
            byte[] body = request[0].equals("/form/x") ? form : multipart.bytes();
            HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcat.port() + request[0]))
                    .timeout(TestSettings.WAIT).header("Content-Type", request[1]).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(403, reply.statusCode(), () -> request[0] + ": " + reply.body());
            assertTrue(reply.body().contains("\"code\":\"missing_token\""), () -> request[0] + ": " + reply.body());
        }
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }
}
