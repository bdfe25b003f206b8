package com.playtcha.examples.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example as a servlet container runs it: Jersey's servlet container in Jetty 12 ee10, given
 * the example's {@link Api}, over HTTP, against the simulator. No CDI and no MicroProfile Config:
 * the feature builds its verifier from the settings, which the operator gives as system properties
 * ({@code playtcha.secret}, {@code playtcha.api-url}) or the environment.
 */
class RestAppTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static PlaytchaSimulator playtcha;
    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        playtcha = PlaytchaSimulator.start();
        System.setProperty("playtcha.secret", playtcha.secret());
        System.setProperty("playtcha.api-url", playtcha.url().toString());
        server = new Server();
        // One request a connection: the test's shared HttpClient must never send on a connection Jetty
        // closed (after answering a POST whose body it had not read, after its idle timeout, or a
        // stopped server's port), which fails as "header parser received no bytes". "Connection:
        // close" on every answer keeps the client from pooling any.
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder jersey = new ServletHolder("api", ServletContainer.class);
        jersey.setInitParameter("jakarta.ws.rs.Application", Api.class.getName());
        jersey.setInitOrder(1); // started with the server: bad settings fail here, as at deployment
        context.addServlet(jersey, "/api/*");
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        playtcha.close();
        System.clearProperty("playtcha.secret");
        System.clearProperty("playtcha.api-url");
    }

    @BeforeEach
    void reset() {
        playtcha.reset();
    }

    @Test
    void formPost_withAToken_signsUp() throws Exception {
        HttpResponse<String> reply = postForm("email=ada%40example.com&playtcha-token="
                + URLEncoder.encode(playtcha.mintToken(), StandardCharsets.UTF_8));

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals("Welcome, ada@example.com [verified]\n", reply.body());
    }

    @Test
    void jsonPost_withTheHeader_signsUp() throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(uri("/api/signup"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Playtcha-Token", playtcha.mintToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.com\"}")));

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals("{\"outcome\":\"verified\"}", reply.body());
    }

    @Test
    void postWithoutAToken_isRejected_withTheJsonEnvelope() throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(uri("/api/signup"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.com\"}")));

        assertEquals(403, reply.statusCode(), reply::body);
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}",
                reply.body());
        assertEquals(0, playtcha.callCount());
    }

    @Test
    void playtchaDown_formPostFailsOpen() throws Exception {
        playtcha.inject(Fault.serverError(503, "maintenance"));

        HttpResponse<String> reply = postForm("email=ada%40example.com&playtcha-token="
                + URLEncoder.encode(playtcha.mintToken(), StandardCharsets.UTF_8));

        assertEquals(200, reply.statusCode(), reply::body);
        assertEquals("Welcome, ada@example.com [unavailable]\n", reply.body());
    }

    @Test
    void formPage_isNotGuarded() throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(uri("/api/signup")).GET());

        assertEquals(200, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("name=\"email\""), reply::body);
    }

    private static HttpResponse<String> postForm(String form) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/signup"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }
}
