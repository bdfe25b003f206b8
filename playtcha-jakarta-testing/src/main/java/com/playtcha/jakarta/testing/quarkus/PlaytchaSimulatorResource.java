package com.playtcha.jakarta.testing.quarkus;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * The Playtcha simulator for a {@code @QuarkusTest}, in one line:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(PlaytchaSimulatorResource.class)
 * class SignupTest {
 *     @PlaytchaSimulatorResource.Simulator
 *     PlaytchaSimulator playtcha;          // mintToken(), injectOnce(...), calls()
 * }
 * }</pre>
 *
 * Quarkus reads its configuration when it starts and keeps one application, with its pooled connections to Playtcha,
 * for every test class of a profile; so the simulator starts before the application, on a free loopback port taken when
 * it binds, hands the application {@code playtcha.api-url} and {@code playtcha.secret}, and stops with it. Each
 * application start (each {@code @TestProfile}) gets a simulator of its own. The secret is a random one unless the
 * resource's argument {@value #SECRET} names one ({@code initArgs = @ResourceArg(name = "secret", value = "sk_test_mine")}).
 *
 * <p>For Quarkus's test framework only: it implements {@code quarkus-test-common}'s interface, which this jar does not
 * bring (a Quarkus test has it); nothing else of the jar loads this package. JUnit's {@code PlaytchaSimulatorExtension}
 * runs one simulator per test class, which a Quarkus application outlives.
 */
public class PlaytchaSimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The resource argument that sets the simulator's secret. */
    public static final String SECRET = "secret";

    /** Marks a test class's {@code PlaytchaSimulator} field, which the resource fills with the running simulator. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Simulator {
    }

    private String secret;
    private PlaytchaSimulator simulator;

    @Override
    public void init(Map<String, String> args) {
        secret = args.get(SECRET);
    }

    @Override
    public Map<String, String> start() {
        var builder = PlaytchaSimulator.builder().host("127.0.0.1");
        simulator = (secret == null ? builder : builder.secret(secret)).start();
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
            simulator = null;
        }
    }
}
