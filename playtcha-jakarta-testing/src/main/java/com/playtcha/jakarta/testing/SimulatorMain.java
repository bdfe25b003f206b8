package com.playtcha.jakarta.testing;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link PlaytchaSimulator#main}: the simulator on its own, for trying an application in a real
 * container by hand, until Ctrl-C. It prints the two values to configure the application with,
 * then where to mint tokens:
 *
 * <pre>
 * PLAYTCHA_API_URL=http://127.0.0.1:8089
 * PLAYTCHA_SECRET=sk_test_local
 * Tokens: http://127.0.0.1:8090/ ...
 * </pre>
 *
 * <p>The port and the secret stay the same from one start to the next (unless given otherwise), so
 * a container configured once keeps working across restarts of the simulator. A bad argument
 * exits with status 2, a port that is taken with 1.
 */
final class SimulatorMain {

    private static final String NAME = "PlaytchaSimulator";

    private SimulatorMain() {
    }

    /** The simulator and its token page; closing it stops both. */
    record Running(PlaytchaSimulator simulator, SimulatorServer mint) implements AutoCloseable {

        @Override
        public void close() {
            try {
                mint.close();
            } finally {
                simulator.close();
            }
        }
    }

    static void run(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(SimulatorOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(SimulatorOptions.USAGE);
            return;
        }
        quietLogging();
        Running running;
        try {
            running = start(options);
        } catch (IllegalStateException e) {
            System.err.println(NAME + ": " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            System.out.println(NAME + ": stopped.");
            stopped.countDown();
        }, "playtcha-simulator-shutdown"));
        print(running, System.out);
        stopped.await();
    }

    /** Starts the simulator, then its token page; a page that cannot listen stops the simulator again. */
    static Running start(SimulatorOptions options) {
        PlaytchaSimulator simulator = PlaytchaSimulator.builder().host("127.0.0.1").port(options.port())
                .secret(options.secret()).start();
        try {
            SimulatorServer mint = new SimulatorServer("127.0.0.1", options.mintPort(), 8,
                    timer -> new MintEndpoint(simulator));
            mint.start();
            return new Running(simulator, mint);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** The first two lines are the settings, {@code NAME=value}, so a script can read them. */
    static void print(Running running, PrintStream out) {
        String mint = running.mint().url() + "/";
        String states = Stream.of(SimulatedState.values()).map(SimulatedState::label).collect(Collectors.joining(","));
        out.println("PLAYTCHA_API_URL=" + running.simulator().url());
        out.println("PLAYTCHA_SECRET=" + running.simulator().secret());
        out.println("Tokens: " + mint + " (a page), or curl -s -X POST " + mint + "tokens");
        out.println("  POST " + mint + "tokens/expired, " + mint + "tokens/redeemed");
        out.println("  POST " + mint + "faults/{" + states + "} switches the simulated Playtcha");
        out.println("A test tool on 127.0.0.1 without a password: never expose it. Ctrl-C stops it.");
        out.flush();
    }

    /**
     * Jetty logs through SLF4J; with no provider on the class path SLF4J prints a warning that reads
     * like breakage. The standalone simulator has nothing to log through it, so it picks SLF4J's
     * no-op provider, unless the command line chose one.
     */
    private static void quietLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }
}
