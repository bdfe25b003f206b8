package com.playtcha.examples.cdi;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.cdi.CdiConfiguration;
import org.eclipse.jetty.ee10.cdi.CdiDecoratingListener;
import org.eclipse.jetty.ee10.cdi.CdiServletContainerInitializer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example in a small MicroProfile runtime: Jetty 12 ee10 with Weld (CDI) and SmallRye Config,
 * the WAR's classes and {@code META-INF/microprofile-config.properties} as they are. Only the
 * operator's part is supplied by the test, as system properties (which MicroProfile Config reads
 * like the environment): {@code playtcha.secret} and {@code playtcha.api-url}.
 */
class CdiMicroProfileAppTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static PlaytchaSimulator playtcha;
    private static Server server;
    private static final List<LogRecord> LOGGED = new CopyOnWriteArrayList<>();
    private static final Logger ENDPOINT_LOG = Logger.getLogger("com.playtcha.examples.cdi.NewsletterServlet");
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGGED.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The application's SlippedThrough observer logs here; held, as java.util.logging keeps loggers weakly. */
    private static final Logger RECHECK_LOG = Logger.getLogger("com.playtcha.examples.cdi.SlippedThrough");
    private static final java.util.concurrent.BlockingQueue<LogRecord> RECHECKS = new java.util.concurrent.LinkedBlockingQueue<>();
    private static final Handler RECHECK_CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            RECHECKS.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void deploy() throws Exception {
        playtcha = PlaytchaSimulator.start();
        ENDPOINT_LOG.addHandler(CAPTURE);
        RECHECK_LOG.addHandler(RECHECK_CAPTURE);
        server = new Server();
        // One request a connection: the test's shared HttpClient must never send on a connection Jetty
        // closed (after answering a POST whose body it had not read, after its idle timeout, or a
        // stopped server's port), which fails as "header parser received no bytes". "Connection:
        // close" on every answer keeps the client from pooling any.
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        WebAppContext app = new WebAppContext("src/main/webapp", "/");
        // target/classes is the WAR's WEB-INF/classes (and not on the test classpath, see the pom):
        // @WebServlet is scanned there and META-INF/beans.xml makes it a bean archive. The library,
        // Weld and SmallRye Config come from the test classpath, as a runtime's modules would.
        app.setExtraClasspath("target/classes");
        app.setThrowUnavailableOnStartupException(true);
        app.addConfiguration(new AnnotationConfiguration(), new CdiConfiguration());
        app.setInitParameter(CdiServletContainerInitializer.CDI_INTEGRATION_ATTRIBUTE, CdiDecoratingListener.MODE);
        // Jetty's CDI initializer must run before Weld's, which looks for its mode when it starts.
        app.setAttribute("org.eclipse.jetty.containerInitializerOrder", CdiServletContainerInitializer.class.getName() + ", *");
        server.setHandler(app);

        System.setProperty("playtcha.secret", playtcha.secret());
        System.setProperty("playtcha.api-url", playtcha.url().toString());
        server.start();
    }

    @AfterAll
    static void undeploy() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            System.clearProperty("playtcha.secret");
            System.clearProperty("playtcha.api-url");
            ENDPOINT_LOG.removeHandler(CAPTURE);
            RECHECK_LOG.removeHandler(RECHECK_CAPTURE);
            if (playtcha != null) {
                playtcha.close();
            }
        }
    }

    @BeforeEach
    void fresh() {
        playtcha.reset();
        LOGGED.clear();
    }

    @Test
    void urlPatterns_registerTheFilter_onSignup() throws Exception {
        HttpResponse<String> blocked = postForm("/signup", playtcha.mintRedeemedToken());
        HttpResponse<String> passed = postForm("/signup", playtcha.mintToken());

        assertEquals(403, blocked.statusCode());
        assertEquals(200, passed.statusCode());
        assertEquals("signed up [outcome=verified, failed-open=false, degraded=false]", passed.body().trim());
    }

    @Test
    void urlPatterns_failOpen_asConfigured() throws Exception {
        playtcha.inject(Fault.serverError(500, "db_error"));

        HttpResponse<String> passed = postForm("/signup", playtcha.mintToken());

        assertEquals(200, passed.statusCode());
        assertEquals("signed up [outcome=unavailable, failed-open=true, degraded=false]", passed.body().trim());
        playtcha.clearFaults();
        LogRecord recheck = RECHECKS.poll(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(recheck != null && recheck.getParameters()[0].toString().equals("confirmed")
                && "/signup".equals(recheck.getParameters()[2]), "SlippedThrough observed the re-check");
    }

    @Test
    void injectedVerifier_verifiesByHand() throws Exception {
        String token = playtcha.mintToken();

        HttpResponse<String> reply = postHeader("/api/newsletter", token);

        assertEquals(200, reply.statusCode());
        assertEquals("{\"subscribed\":true,\"outcome\":\"verified\",\"degraded\":false}", reply.body());
        assertEquals(1, playtcha.callCount(token));
        assertEquals(playtcha.secret(), playtcha.calls().get(0).secret(), "the secret from MicroProfile Config");
    }

    @Test
    void injectedVerifier_rejectsAUsedToken_withTheConfiguredStatus() throws Exception {
        HttpResponse<String> reply = postHeader("/api/newsletter", playtcha.mintRedeemedToken());

        assertEquals(403, reply.statusCode());
        assertEquals("{\"subscribed\":false,\"code\":\"already_redeemed\"}", reply.body());
    }

    @Test
    void degradedBand_isLoggedAsQuotaState_andStillSucceeds() throws Exception {
        playtcha.degradedAfter(0);

        HttpResponse<String> reply = postHeader("/api/newsletter", playtcha.mintToken());

        assertEquals(200, reply.statusCode());
        assertEquals("{\"subscribed\":true,\"outcome\":\"verified\",\"degraded\":true}", reply.body());
        assertTrue(LOGGED.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.INFO
                && r.getMessage().startsWith("Playtcha quota: degraded band")), "quota logged: " + LOGGED);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    private static HttpResponse<String> postForm(String path, String token) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=ada%40example.org&playtcha-token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postHeader(String path, String token) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Playtcha-Token", token).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
