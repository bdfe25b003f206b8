package com.playtcha.examples.quarkus.jpa;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts the Playtcha simulator with the application, on a free port taken when it binds, hands its
 * address and secret to the application as configuration, and stops it with the application: Quarkus
 * reads its configuration at start, and keeps one application (and its pooled connections to Playtcha)
 * for every test class of a profile, so the simulator lives as long. Fields marked {@link Simulator} of
 * the test classes receive it.
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
        simulator = PlaytchaSimulator.builder().host("127.0.0.1").secret("sk_test_quarkus").start();
        return Map.of("playtcha.api-url", simulator.url().toString(), "playtcha.secret", simulator.secret());
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
