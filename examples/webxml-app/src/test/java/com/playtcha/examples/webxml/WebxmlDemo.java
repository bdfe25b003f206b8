package com.playtcha.examples.webxml;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The README's demo: this example app and a Playtcha simulator in one JVM, with a control page at
 * {@code /demo/} to mint tokens and break the simulator. Ctrl-C stops both (a shutdown hook closes
 * Jetty and the simulator; nothing runs outside this JVM). Everything listens on 127.0.0.1 only.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl examples/webxml-app -am verify exec:java
 * </pre>
 *
 * {@code -Ddemo.port=N} picks the port (default 8080; any free port when 8080 is taken).
 *
 * <p>The demo's circuit breaker opens sooner and cools down faster than the library's defaults
 * (5 unavailable verifies in a row, 10 s): {@link #BREAKER}, so that one "Submit all three" in an
 * outage opens it and a person (or the browser test) watches it close a few seconds after Playtcha
 * is back. The WAR itself keeps the defaults.
 */
public final class WebxmlDemo implements AutoCloseable {

    /** Given to the app as system properties, as an operator would set them. */
    static final Map<String, String> BREAKER = Map.of("playtcha.breaker.failures", "3", "playtcha.breaker.cool-down", "5s");

    private final PlaytchaSimulator playtcha;
    private final WebxmlAppServer app;

    private WebxmlDemo(PlaytchaSimulator playtcha, WebxmlAppServer app) {
        this.playtcha = playtcha;
        this.app = app;
    }

    /** Starts the simulator and the app with the control page, on {@code port} (0: any free one). */
    static WebxmlDemo start(int port) throws Exception {
        PlaytchaSimulator playtcha = PlaytchaSimulator.start();
        try {
            WebxmlAppServer app = WebxmlAppServer.startPreferring(playtcha, port, BREAKER,
                    context -> context.addServlet(new ServletHolder("demo", new DemoControlServlet(playtcha)), "/demo/*"));
            return new WebxmlDemo(playtcha, app);
        } catch (Exception | Error e) {
            playtcha.close();
            throw e;
        }
    }

    URI url() {
        return app.uri("/demo/");
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            playtcha.close();
        }
    }

    public static void main(String[] args) throws Exception {
        WebxmlDemo demo = start(Integer.getInteger("demo.port", 8080));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                demo.close();
            } catch (Exception e) {
                System.err.println("Demo: stopping failed: " + e);
            } finally {
                stopped.countDown();
                System.out.println("Demo stopped.");
            }
        }, "demo-shutdown"));
        System.out.println();
        System.out.println("Playtcha demo running. Open " + demo.url());
        System.out.println("(the app itself: " + demo.app.uri("/") + ", simulated Playtcha: " + demo.playtcha.verifyUrl() + ")");
        System.out.println("Ctrl-C stops it.");
        stopped.await();
    }
}
