package com.playtcha.examples.webxml;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Runs this example as a container would: {@code src/main/webapp} (its web.xml unchanged) in a
 * Jetty 12 ee10 {@link WebAppContext} at {@code /} on 127.0.0.1, pointed at a simulator the way an
 * operator points the real app at Playtcha: the system properties {@code playtcha.secret} and
 * {@code playtcha.api-url} (and any others given, {@code playtcha.breaker.cool-down} say). They are
 * read when the filters start and restored right after, so no other test sees them.
 */
final class WebxmlAppServer implements AutoCloseable {

    /** Set by the demo's exec configuration; tests run in the module directory. */
    static final String WEBAPP_PROPERTY = "webxml-app.webapp";

    private final Server server;

    private WebxmlAppServer(Server server) {
        this.server = server;
    }

    /**
     * Deploys and starts the app on {@code port} (0: any free port).
     *
     * @param more extra servlets for the demo; tests pass nothing
     */
    static WebxmlAppServer start(PlaytchaSimulator playtcha, int port, Consumer<WebAppContext> more) throws Exception {
        return start(playtcha, port, Map.of(), more);
    }

    /** Like {@link #start(PlaytchaSimulator, int, Consumer)}, with more {@code playtcha.*} system properties. */
    static WebxmlAppServer start(PlaytchaSimulator playtcha, int port, Map<String, String> settings,
            Consumer<WebAppContext> more) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("webxml-app");
        Server server = new Server(threads);
        // One request a connection: the test's shared HttpClient must never send on a connection Jetty
        // closed (after answering a POST whose body it had not read, after its idle timeout, or a
        // stopped server's port), which fails as "header parser received no bytes". "Connection:
        // close" on every answer keeps the client from pooling any.
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext app = new WebAppContext(webappDirectory().toString(), "/");
        // The classes come from the test classpath (target/classes and the library), as WEB-INF/classes
        // and WEB-INF/lib would in the packaged WAR.
        app.setParentLoaderPriority(true);
        app.setThrowUnavailableOnStartupException(true);
        more.accept(app);
        server.setHandler(app);

        Map<String, String> properties = new HashMap<>(settings);
        properties.put("playtcha.secret", playtcha.secret());
        properties.put("playtcha.api-url", playtcha.url().toString());
        Map<String, String> before = new HashMap<>();
        properties.forEach((key, value) -> before.put(key, System.setProperty(key, value)));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        } finally {
            before.forEach(WebxmlAppServer::restore);
        }
        return new WebxmlAppServer(server);
    }

    /** Like {@link #start}, on {@code port} if it is free, else on any free port. */
    static WebxmlAppServer startPreferring(PlaytchaSimulator playtcha, int port, Map<String, String> settings,
            Consumer<WebAppContext> more) throws Exception {
        try {
            return start(playtcha, port, settings, more);
        } catch (IOException e) {
            if (port == 0 || !(e instanceof BindException || e.getCause() instanceof BindException)) {
                throw e;
            }
            return start(playtcha, 0, settings, more);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    static Path webappDirectory() {
        String configured = System.getProperty(WEBAPP_PROPERTY);
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("src/main/webapp"), Path.of("examples/webxml-app/src/main/webapp"));
        return candidates.stream().filter(dir -> Files.isRegularFile(dir.resolve("WEB-INF/web.xml"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("webxml-app's src/main/webapp not found from "
                        + Path.of("").toAbsolutePath() + "; set -D" + WEBAPP_PROPERTY));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    /** Stops Jetty; a failure comes back unchecked (Jetty's LifeCycle.stop), so that javac's
     * try-with-resources check has no InterruptedException to warn about. */
    @Override
    public void close() {
        LifeCycle.stop(server);
    }
}
