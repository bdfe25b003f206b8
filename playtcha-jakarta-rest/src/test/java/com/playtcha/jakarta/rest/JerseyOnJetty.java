package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.core.TestSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey's servlet container in a real Jetty 12 (ee10) on an ephemeral port of 127.0.0.1: one Jersey
 * application per path prefix, as a WAR with several {@code @ApplicationPath}s would have.
 */
final class JerseyOnJetty implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TestSettings.SLACK).build();

    private final Server server;

    private JerseyOnJetty(Server server) {
        this.server = server;
    }

    /** Starts Jetty with each application at {@code prefix/*}. */
    static JerseyOnJetty start(Map<String, ResourceConfig> applications) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("jersey-under-test");
        threads.setDaemon(true);
        Server server = new Server(threads);
        // One request a connection. CLIENT outlives each server, and a later server may get the
        // ephemeral port of one already stopped; Jetty closes a connection after answering a request
        // whose body it had not read, or past its idle timeout: a pooled connection the server had
        // closed would carry the next request into "header parser received no bytes". With
        // "Connection: close" on every answer the client pools nothing.
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        applications.forEach((prefix, application) ->
                context.addServlet(new ServletHolder(prefix, new ServletContainer(application)), prefix + "/*"));
        server.setHandler(context);
        server.start();
        return new JerseyOnJetty(server);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    /**
     * Sends {@code method path} with the given headers (name, value, ...) and body. The timeout only ends a
     * hang: a class's first request initializes Jersey, which took over 10 s beside other builds (load 28).
     */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TestSettings.WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
