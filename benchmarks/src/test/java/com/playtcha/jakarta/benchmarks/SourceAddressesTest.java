package com.playtcha.jakarta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The cluster part's visitors: the load generator's requests reach a real Jetty from every source
 * address it was given, as the container's {@code getRemoteAddr()} reports them, each address over
 * one kept-alive connection (a new connection per request would be a cost the cluster part does not
 * mean to measure).
 */
class SourceAddressesTest {

    @Test
    void everyAddressIsSeen_overOneConnectionEach() throws Exception {
        Set<String> addresses = ConcurrentHashMap.newKeySet();
        Set<String> connections = ConcurrentHashMap.newKeySet();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                addresses.add(request.getRemoteAddr());
                connections.add(request.getRemoteAddr() + ":" + request.getRemotePort());
                response.getWriter().write("verified");
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        List<InetAddress> sources = ClusterBenchmark.addresses(40);
        try (LoadGenerator generator = new LoadGenerator()) {
            // Each of the 7 clients must get round its 5 or 6 addresses: paced (a request at most every 100 ms), over a
            // window long enough for a loaded machine's slow first requests (a 1 s closed loop saw 7 at load 15).
            Sample sample = generator.run(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/guarded"), 7,
                    Duration.ofSeconds(6), Duration.ofMillis(100), () -> "token", sources);

            assertEquals(0, sample.unexpected("verified"), sample.breakdown());
            Set<String> expected = new TreeSet<>(sources.stream().map(InetAddress::getHostAddress).toList());
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(addresses);
            Set<String> unknown = new TreeSet<>(addresses);
            unknown.removeAll(expected);
            assertEquals(Set.of(), missing, "source addresses the server never saw (" + sample.requests() + " requests)");
            assertEquals(Set.of(), unknown, "addresses the server saw that were not given");
            assertEquals(sources.size(), connections.size(), "one connection per address, kept alive");
            assertEquals("127.1.1.50", ClusterBenchmark.addresses(300).get(299).getHostAddress(), "250 per third byte");
        } finally {
            server.stop();
        }
    }
}
