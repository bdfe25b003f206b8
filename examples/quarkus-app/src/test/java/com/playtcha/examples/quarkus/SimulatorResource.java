package com.playtcha.examples.quarkus;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts the Playtcha simulator with the application, on the port and with the secret that
 * application.properties names for the {@code test} and {@code cluster} profiles, and stops it with the
 * application: Quarkus reads its configuration at start, and keeps one application (and its pooled
 * connections to Playtcha) for every test class of a profile, so the simulator lives as long. Fields
 * marked {@link Simulator} of the test classes receive it.
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's {@code PlaytchaSimulator} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Simulator {
    }

    private PlaytchaSimulator simulator;

    @Override
    public Map<String, String> start() {
        simulator = PlaytchaSimulator.builder().host("127.0.0.1").port(18733).secret("sk_test_quarkus").start();
        return Map.of(); // %test.playtcha.api-url and %test.playtcha.secret name them
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator, new TestInjector.AnnotatedAndMatchesType(Simulator.class, PlaytchaSimulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
