package com.playtcha.jakarta.it;

import com.playtcha.jakarta.testing.PlaytchaSimulator;

/**
 * The simulator of the test JVM: one per Failsafe run, started on first use on a free port (taken when
 * it binds) with the secret the managed containers get at start ({@code -Dplaytcha.secret} from the
 * POM's {@code it.playtcha.secret}); {@link ContainerStarts} gives them its address as
 * {@code -Dplaytcha.api-url} before they start, so a WAR that configures neither, like the example
 * app, works unchanged. Tests reset it before each test; the JVM's end stops it.
 */
public final class Playtcha {

    public static final String SECRET = System.getProperty("it.playtcha.secret", "sk_test_it_containers");

    private static final PlaytchaSimulator SIMULATOR = start();

    private Playtcha() {
    }

    public static PlaytchaSimulator simulator() {
        return SIMULATOR;
    }

    private static PlaytchaSimulator start() {
        PlaytchaSimulator simulator = PlaytchaSimulator.builder().secret(SECRET).start();
        if (Wars.CONTAINER.equals("jetty")) {
            // The embedded Jetty runs in this JVM: give it what a managed container gets at start.
            System.setProperty("playtcha.secret", SECRET);
            System.setProperty("playtcha.api-url", simulator.url().toString());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "playtcha-simulator-stop"));
        return simulator;
    }
}
