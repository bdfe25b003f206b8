package com.playtcha.jakarta.testing;

import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The simulator's HTTP server: one connector on a loopback address, its connection count, and the
 * timer that delays and drips faulty replies.
 *
 * <p>It is Jetty 12's core server rather than the JDK's {@code HttpServer}: Jetty sets
 * {@code TCP_NODELAY} (the JDK server adds 40 ms to small replies unless a JVM-wide property is
 * set), serves more requests per CPU, and hands out the socket, which the reset and raw-response
 * faults need. It uses no Servlet API, so it does not meet the container under test.
 */
final class SimulatorServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConnectionCount connections = new ConnectionCount();

    /** @param handler the handler to serve, given the timer it may schedule on */
    SimulatorServer(String host, int port, int maxThreads, Function<ScheduledExecutorService, Handler> handler) {
        AtomicInteger timerThreads = new AtomicInteger();
        scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "playtcha-simulator-timer-" + timerThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);

        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 4);
        threads.setName("playtcha-simulator");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        // A burst of new connections must not overflow the listen backlog (a dropped SYN costs the
        // client a 1 s retransmit, which looks like a timeout).
        connector.setAcceptQueueSize(1024);
        connector.addBean(connections);
        server.addConnector(connector);
        server.setHandler(handler.apply(scheduler));
    }

    /** Starts listening; a server that does not start is closed again. */
    void start() {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Playtcha simulator did not start on " + connector.getHost() + ":"
                    + connector.getPort(), e);
        }
    }

    URI url() {
        String host = connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
    }

    int port() {
        return connector.getLocalPort();
    }

    boolean isStarted() {
        return server.isStarted();
    }

    ConnectionCount connections() {
        return connections;
    }

    /** Stops the server, closing every connection (hung ones included), and the timer. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Playtcha simulator did not stop cleanly", e);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
