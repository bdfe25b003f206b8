package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty 12 (ee10) server on an ephemeral port of 127.0.0.1 with one servlet context at
 * {@code /}, for testing {@link PlaytchaFilter} the way an application deploys it. The test
 * describes the deployment (filters, mappings, servlets, error pages) in a callback, as web.xml
 * would, and talks to the server over HTTP/1.1 with the JDK client. (For redeploys, the server can
 * instead hold a {@link ContextHandlerCollection} whose applications the test adds and removes.)
 * A test class that uses one application for all its tests registers a {@link JettyDeployment}.
 *
 * <pre>{@code
 * try (EmbeddedJetty jetty = EmbeddedJetty.start(context -> {
 *     context.addServlet(new ServletHolder(new EchoServlet()), "/*");
 *     EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup", EmbeddedJetty.settings(sim)), "/signup/*");
 * })) {
 *     Reply reply = jetty.post("/signup").form("playtcha-token", sim.mintToken()).send();
 * }
 * }</pre>
 */
final class EmbeddedJetty implements AutoCloseable {

    /**
     * Jetty's default request header limit is 8 KiB, less than the largest token the filter must
     * see (and reject) in its header; raised so the filter, not the parser, decides.
     */
    static final int REQUEST_HEADER_BYTES = 32 * 1024;

    /**
     * The verify budget of a filter whose test waits for a timeout on purpose (Playtcha hangs); such a
     * test passes {@code "timeout", TIMEOUT} to {@link #settings}. Every other filter gets
     * {@link TestSettings#PATIENT}: at 1.5 s for all, a loaded machine turned valid tokens into timeouts.
     */
    static final Duration BUDGET = TestSettings.SHORT;
    static final String TIMEOUT = BUDGET.toMillis() + "ms";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TestSettings.SLACK)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Server server;
    private final ServletContextHandler context;

    private EmbeddedJetty(ServletContextHandler context, Handler root) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("jetty-under-test");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        http.setSendServerVersion(false);
        // One request a connection. CLIENT is shared by every server of every test class (a later
        // server may get the ephemeral port of one already stopped), and Jetty closes a connection
        // after answering a request whose body it had not read, or past its idle timeout: a pooled
        // connection the server had closed would carry the next request into "header parser received
        // no bytes". With "Connection: close" on every answer (Jetty closes after it), the client
        // pools nothing, so it never sends on a closed connection.
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(root);
        this.context = context;
    }

    /** What web.xml would say of the application at {@code /}: its servlets, filters and mappings. */
    @FunctionalInterface
    interface Deployment {
        void deploy(ServletContextHandler context) throws Exception;
    }

    /** Deploys and starts; throws what Jetty throws when the deployment fails (the server is then stopped). */
    static EmbeddedJetty start(Deployment deployment) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        deployment.deploy(context);
        return start(new EmbeddedJetty(context, context));
    }

    /** A server whose applications the test deploys and undeploys itself, as a container's deployer does. */
    static EmbeddedJetty start(ContextHandlerCollection applications) throws Exception {
        return start(new EmbeddedJetty(null, applications));
    }

    private static EmbeddedJetty start(EmbeddedJetty jetty) throws Exception {
        try {
            jetty.server.start();
        } catch (Exception | Error e) {
            try {
                jetty.close();
            } catch (RuntimeException stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
        return jetty;
    }

    /**
     * A PlaytchaFilter with these init-params; async-supported, as the servlets it guards may be.
     *
     * @param name the filter-name (it appears in deployment error messages)
     */
    static FilterHolder playtcha(String name, Map<String, String> initParams) {
        FilterHolder holder = new FilterHolder(PlaytchaFilter.class);
        holder.setName(name);
        holder.setAsyncSupported(true);
        holder.setInitParameters(initParams);
        return holder;
    }

    /** The init-params that point a filter at the simulator (a patient budget), plus {@code more} as name, value pairs. */
    static Map<String, String> settings(PlaytchaSimulator sim, String... more) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("secret", sim.secret());
        params.put("api-url", sim.url().toString());
        params.put("timeout", TestSettings.PATIENT.toMillis() + "ms");
        params.put("connect-timeout", "1s");
        for (int i = 0; i + 1 < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return params;
    }

    /** Maps the filter to {@code pattern}, for REQUEST dispatches unless {@code types} are given. */
    static void guard(ServletContextHandler context, FilterHolder filter, String pattern, DispatcherType... types) {
        EnumSet<DispatcherType> dispatches = types.length == 0 ? EnumSet.of(DispatcherType.REQUEST)
                : EnumSet.of(types[0], types);
        context.addFilter(filter, pattern, dispatches);
    }

    /** The application deployed by {@link #start(Deployment)}; {@code null} for a {@link ContextHandlerCollection}. */
    ServletContextHandler context() {
        return context;
    }

    Server server() {
        return server;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    Call post(String path) {
        return new Call(CLIENT, uri(path), "POST");
    }

    Call request(String method, String path) {
        return new Call(CLIENT, uri(path), method);
    }

    /** The number of verifiers this application's filters share (see {@link SharedVerifiers}). */
    int sharedVerifiers() {
        return sharedVerifiers(context);
    }

    /** The number of verifiers the filters of {@code context} share. */
    static int sharedVerifiers(ServletContextHandler context) {
        Object shared = context.getServletContext().getAttribute(SharedVerifiers.ATTRIBUTE);
        return shared instanceof SharedVerifiers verifiers ? verifiers.size() : 0;
    }

    /** Stops the server: filters are destroyed, their verifiers released. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }
}
