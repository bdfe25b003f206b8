package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.VerifierThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A web application with CDI: the producer offers its verifier when the application starts, and
 * PlaytchaFilter, configured from the same MicroProfile Config, uses it instead of building its own.
 *
 * <p>weld-servlet is not on the test class path, so a servlet context listener plays its part: Weld
 * servlet fires {@code @Initialized(ApplicationScoped.class)} with the {@code ServletContext} from
 * its listener's {@code contextInitialized}, before the container initializes filters.
 */
@EnableWeld
class FilterUsesCdiVerifierTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    /** SharedVerifiers' attribute: present only once a filter built a verifier of its own. */
    static final String FILTER_OWN_VERIFIERS = "com.playtcha.jakarta.servlet.SharedVerifiers";

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA,
            "playtcha.timeout", "5s",
            "playtcha.connect-timeout", "2s");

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private Server server;
    private ServletContextHandler context;

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(PlaytchaVerifierProducer.class).inject(this).build();

    @Inject
    PlaytchaVerifier verifier;

    /** Starts a web application at {@code /} whose {@code /guarded/*} is behind a PlaytchaFilter with no init-params. */
    private URI startWebApplication() throws Exception {
        // The application's class loader, the one MicroProfile Config is registered for.
        return startWebApplication(Thread.currentThread().getContextClassLoader());
    }

    /** @param classLoader the context's own class loader, or {@code null} to set none (embedded Jetty's default) */
    private URI startWebApplication(ClassLoader classLoader) throws Exception {
        return startWebApplication(classLoader, Map.of());
    }

    private URI startWebApplication(ClassLoader classLoader, Map<String, String> initParams) throws Exception {
        PlaytchaVerifierProducer producer = weld.select(PlaytchaVerifierProducer.class).get();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler("/");
        if (classLoader != null) {
            context.setClassLoader(classLoader);
        }
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                producer.offerToFilter(event.getServletContext());
            }
        });
        context.addFilter(PlaytchaFilter.class, "/guarded/*", EnumSet.of(DispatcherType.REQUEST)).setInitParameters(initParams);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain");
                response.getWriter().print("outcome=" + request.getAttribute(PlaytchaFilter.OUTCOME));
            }
        }), "/guarded/*");
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/guarded/form");
    }

    @AfterEach
    void stopWebApplication() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> post(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(WAIT).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Playtcha-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void filterVerifiesWithTheCdiVerifier_oneVerifierOnePool() throws Exception {
        VerifierThreads before = VerifierThreads.snapshot();
        long connectionsBefore = sim.connectionsOpened();
        URI guarded = startWebApplication();
        String token = sim.mintToken();

        HttpResponse<String> response = post(guarded, token);

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("outcome=verified", response.body());
        assertEquals(1, sim.callCount(token));
        assertNull(context.getServletContext().getAttribute(FILTER_OWN_VERIFIERS), "the filter built a verifier of its own");
        assertInstanceOf(VerificationResult.Verified.class, verifier.verify(sim.mintToken(), null, "/signup").result());
        assertEquals(1, before.started().size(), "verifiers built, filter and @Inject together");
        assertEquals(1, sim.connectionsOpened() - connectionsBefore, "filter and @Inject share one pooled connection");
    }

    /**
     * An embedded ServletContextHandler has no class loader unless given one: its
     * {@code ServletContext.getClassLoader()} is null. MicroProfile Config must still be read.
     */
    @Test
    void contextWithoutAClassLoaderOfItsOwn_filterStillReadsMicroProfileConfig() throws Exception {
        URI guarded = startWebApplication(null);
        assertNull(context.getServletContext().getClassLoader());

        HttpResponse<String> response = post(guarded, sim.mintToken());

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("outcome=verified", response.body());
    }

    /** managed-threads is one the hand-written lists once left out: the Setting enum says it builds a verifier. */
    @Test
    void initParamThatBuildsAVerifier_filterBuildsItsOwn_andSaysWhichAtInfo() throws Exception {
        URI guarded = startWebApplication(Thread.currentThread().getContextClassLoader(),
                Map.of("managed-threads", "false", "reject-status", "400"));

        HttpResponse<String> response = post(guarded, sim.mintToken());

        assertEquals(200, response.statusCode(), response::body);
        assertNotNull(context.getServletContext().getAttribute(FILTER_OWN_VERIFIERS), "the filter used the application's verifier");
        List<String> info = log.lines(java.util.logging.Level.INFO).stream()
                .filter(line -> line.contains("builds a verifier of its own")).toList();
        assertEquals(1, info.size(), () -> String.valueOf(log.lines(java.util.logging.Level.INFO)));
        assertTrue(info.get(0).contains("[init_params=managed-threads]"), info.get(0));
    }

    @Test
    void initParamsThatOnlyShapeTheDecision_filterStillUsesTheCdiVerifier() throws Exception {
        URI guarded = startWebApplication(Thread.currentThread().getContextClassLoader(),
                Map.of("mode", "observe", "reject-status", "400", "fail-closed", "true", "methods", "POST"));

        HttpResponse<String> response = post(guarded, null);

        assertEquals(200, response.statusCode(), "observe mode lets it through");
        assertNull(context.getServletContext().getAttribute(FILTER_OWN_VERIFIERS), "the filter built a verifier of its own");
        assertTrue(log.lines(java.util.logging.Level.INFO).stream().noneMatch(line -> line.contains("of its own")));
    }

    @Test
    void filterStillRejectsAMissingToken_withoutCallingPlaytcha() throws Exception {
        URI guarded = startWebApplication();

        HttpResponse<String> response = post(guarded, null);

        assertEquals(403, response.statusCode());
        assertEquals(0, sim.callCount());
    }

    @Test
    void stoppingTheWebApplication_leavesTheCdiVerifierOpen_itIsTheContainersToClose() throws Exception {
        URI guarded = startWebApplication();
        assertEquals(200, post(guarded, sim.mintToken()).statusCode());

        server.stop();

        assertInstanceOf(VerificationResult.Verified.class, verifier.verify(sim.mintToken(), null, "/signup").result(),
                "the filter closed the application's verifier");
        weld.shutdown();
        assertTrue(sim.awaitOpenConnectionsAtMost(0, WAIT), () -> sim.openConnections() + " connections still open");
    }
}
